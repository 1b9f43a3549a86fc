/**
 * The reader's colours in one place. With colour off every style is the identity, so the plain render is exactly the
 * colour render with its escape codes removed (a test holds the renderer to that).
 */
import pc from "picocolors";

export type Style = (s: string) => string;

export interface Theme {
  heading: readonly Style[]; // by level: index 0 is h1
  headingMark: Style;
  strong: Style;
  em: Style;
  strike: Style;
  code: Style;
  codeMark: Style;
  link: Style;
  url: Style;
  rule: Style;
  quoteBar: Style;
  bullet: Style;
  gutter: Style;
  note: Style;
  tableHeader: Style;
  /** highlight.js scope (first class without `hljs-`) to style; scopes not listed stay plain. */
  syntax: Readonly<Record<string, Style>>;
}

export function makeTheme(color: boolean): Theme {
  const c = pc.createColors(color);
  const both = (a: Style, b: Style): Style => (s) => a(b(s));
  return {
    heading: [both(c.bold, c.magenta), both(c.bold, c.cyan), both(c.bold, c.green), c.bold, c.bold, c.bold],
    headingMark: c.dim,
    strong: c.bold,
    em: c.italic,
    strike: c.strikethrough,
    code: c.yellow,
    codeMark: c.dim,
    link: both(c.underline, c.blue),
    url: c.dim,
    rule: c.dim,
    quoteBar: c.dim,
    bullet: c.cyan,
    gutter: c.dim,
    note: both(c.dim, c.italic),
    tableHeader: c.bold,
    syntax: {
      keyword: c.magenta,
      built_in: c.cyan,
      type: c.cyan,
      literal: c.yellow,
      number: c.yellow,
      string: c.green,
      regexp: c.red,
      comment: both(c.dim, c.italic),
      meta: c.dim,
      title: c.blue,
      attr: c.cyan,
      attribute: c.cyan,
      property: c.cyan,
      bullet: c.yellow,
      symbol: c.yellow,
      section: c.bold,
      variable: c.red,
      "template-variable": c.red,
      addition: c.green,
      deletion: c.red,
    },
  };
}
