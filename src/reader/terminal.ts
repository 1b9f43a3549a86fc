/**
 * Lessons in the terminal (`npm run read lesson-2`): markdown to ANSI text of a given width.
 *
 * Works on markdown-it's token stream rather than its HTML, since layout here is about columns: every block renders
 * to lines for the width it is given, and containers (lists, quotes) render their children narrower and prefix them.
 * Widths are display widths (Hangul takes two columns).
 */
import MarkdownIt from "markdown-it";
import type { Token } from "markdown-it";
import { splitFrontMatter } from "./frontmatter.ts";
import { highlightLines } from "./highlight.ts";
import { renderInline } from "./inline.ts";
import { makeTheme, type Theme } from "./theme.ts";
import { displayWidth, renderTable, stripAnsi, wrapDisplay, type Align } from "./width.ts";

export interface TerminalOptions {
  /** Columns available (the terminal's width). */
  width: number;
  /** ANSI colours; without them the output has no escape codes at all. */
  color: boolean;
  /** Dim line shown under a ```mermaid block, in the reader's language (default English). */
  mermaidNote?: string;
}

interface Node {
  token: Token;
  children: Node[];
}

interface Ctx {
  theme: Theme;
  mermaidNote: string;
  /** How many lists enclose the current block: picks the bullet. */
  depth: number;
}

// html: true so raw HTML is tokenized as HTML (and dropped) instead of shown as literal text.
const md = new MarkdownIt({ html: true, linkify: false });
const BULLETS = ["•", "◦", "▪"];
const MIN_WIDTH = 20; // below this, nested content would wrap a word per line; let it overflow instead

/**
 * Renders a lesson (front matter included, it is skipped) for the terminal.
 * @example renderTerminal("# 제목\n\n본문", { width: 80, color: false }) // "# 제목\n\n본문\n"
 */
export function renderTerminal(markdown: string, opts: TerminalOptions): string {
  const { body } = splitFrontMatter(markdown);
  const ctx: Ctx = {
    theme: makeTheme(opts.color),
    mermaidNote: opts.mermaidNote ?? "(diagram: it is drawn in the lesson pages)",
    depth: 0,
  };
  const lines = blocks(tree(md.parse(body, {})), Math.max(MIN_WIDTH, opts.width), ctx, false);
  return lines.length === 0 ? "" : lines.join("\n") + "\n";
}

/** Nests the flat open/close token stream into a tree (inline tokens keep their own `children`). */
function tree(tokens: readonly Token[]): Node[] {
  const root: Node[] = [];
  const stack: Node[][] = [root];
  for (const token of tokens) {
    if (token.nesting === -1) {
      stack.pop();
      continue;
    }
    const node: Node = { token, children: [] };
    stack[stack.length - 1]!.push(node);
    if (token.nesting === 1) stack.push(node.children);
  }
  return root;
}

/** Renders sibling blocks, a blank line between them unless `tight` (items of a tight list). */
function blocks(nodes: readonly Node[], width: number, ctx: Ctx, tight: boolean): string[] {
  const out: string[] = [];
  for (const node of nodes) {
    const lines = block(node, width, ctx);
    if (lines.length === 0) continue; // dropped (anchors, comments): no stray blank lines
    if (out.length > 0 && !tight) out.push("");
    out.push(...lines);
  }
  return out;
}

function block(node: Node, width: number, ctx: Ctx): string[] {
  const { token } = node;
  const t = ctx.theme;
  switch (token.type) {
    case "heading_open": {
      const level = Number(token.tag.slice(1));
      const mark = "#".repeat(level) + " ";
      const style = t.heading[level - 1] ?? t.strong;
      return hang(t.headingMark(mark), style(inline(node, ctx)), width);
    }
    case "paragraph_open": {
      const text = inline(node, ctx);
      return stripAnsi(text).trim() === "" ? [] : wrapDisplay(text, width);
    }
    case "bullet_list_open":
    case "ordered_list_open":
      return list(node, width, ctx);
    case "blockquote_open":
      return blocks(node.children, width - 2, ctx, false).map((l) => (l === "" ? t.quoteBar("│") : t.quoteBar("│ ") + l));
    case "fence":
    case "code_block":
      return code(token, ctx);
    case "table_open":
      return table(node, width, ctx);
    case "hr":
      return [t.rule("─".repeat(width))];
    case "html_block":
      return htmlBlock(token.content, width);
    default:
      return node.children.length > 0 ? blocks(node.children, width, ctx, false) : [];
  }
}

/** The inline content of a heading, paragraph or table cell. */
const inline = (node: Node, ctx: Ctx): string =>
  node.children.map((c) => renderInline(c.token.children ?? [], ctx.theme)).join("");

/** Wraps `text` after `marker`, continuation lines aligned under the text (list items, headings). */
function hang(marker: string, text: string, width: number): string[] {
  const indent = displayWidth(marker);
  return wrapDisplay(text, width - indent).map((l, i) => (i === 0 ? marker : " ".repeat(indent)) + l);
}

function list(node: Node, width: number, ctx: Ctx): string[] {
  const ordered = node.token.type === "ordered_list_open";
  const start = Number(node.token.attrGet("start") ?? 1);
  // markdown-it hides the paragraphs of a tight list; that is how a tight list is told from a loose one.
  const tight = node.children.some((item) => item.children.some((c) => c.token.type === "paragraph_open" && c.token.hidden));
  // Numbers are right-aligned to the widest, so the text of items 9 and 10 starts in the same column.
  const last = `${start + node.children.length - 1}.`;
  const markerWidth = (ordered ? displayWidth(last) : 1) + 1;

  const out: string[] = [];
  node.children.forEach((item, i) => {
    const mark = ordered
      ? `${start + i}.`.padStart(markerWidth - 1)
      : (BULLETS[ctx.depth % BULLETS.length] ?? "•");
    const body = blocks(item.children, width - markerWidth, { ...ctx, depth: ctx.depth + 1 }, tight);
    if (out.length > 0 && !tight) out.push("");
    if (body.length === 0) body.push("");
    body.forEach((l, j) => out.push(j === 0 ? ctx.theme.bullet(mark) + " " + l : l === "" ? "" : " ".repeat(markerWidth) + l));
  });
  return out.map((l) => l.trimEnd());
}

/** Fenced code: verbatim, never wrapped, behind a dim gutter; mermaid gets a note that the pages draw it. */
function code(token: Token, ctx: Ctx): string[] {
  const t = ctx.theme;
  const lang = token.info.trim().split(/\s+/)[0] ?? "";
  const mermaid = lang === "mermaid";
  const lines = highlightLines(token.content, mermaid ? "" : lang, t.syntax);
  const out = [
    "  " + t.gutter(lang ? `┌─ ${lang}` : "┌─"),
    ...lines.map((l) => "  " + t.gutter("│") + (l === "" ? "" : " " + l)),
    "  " + t.gutter("└─"),
  ];
  if (mermaid) out.push("  " + t.note(ctx.mermaidNote));
  return out;
}

function table(node: Node, width: number, ctx: Ctx): string[] {
  const rows: string[][] = [];
  const align: (Align | undefined)[] = [];
  const visit = (n: Node): void => {
    if (n.token.type === "tr_open") {
      rows.push(
        n.children.map((cell, c) => {
          const m = /text-align:\s*(left|right|center)/.exec(String(cell.token.attrGet("style") ?? ""));
          if (m) align[c] = m[1] as Align;
          // A cell is one line in markdown; collapse hard breaks so rows stay rows.
          return inline(cell, ctx).replace(/\n/g, " ");
        }),
      );
    } else n.children.forEach(visit);
  };
  node.children.forEach(visit);
  const t = ctx.theme;
  return renderTable(rows, {
    align,
    headerStyle: t.tableHeader,
    headerRule: true,
    ruleStyle: t.rule,
    maxWidth: width,
  });
}

/** Raw HTML blocks: anchors and comments vanish; other markup (e.g. <details>) keeps only its text. */
function htmlBlock(html: string, width: number): string[] {
  const text = html
    .replace(/<!--[\s\S]*?-->/g, "")
    .replace(/<[^>]+>/g, "")
    .trim();
  return text === "" ? [] : wrapDisplay(text.replace(/\s*\n\s*/g, " "), width);
}
