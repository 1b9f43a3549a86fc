/**
 * A chapter's markdown to HTML for the browser: markdown-it with inline HTML allowed (the chapters' explicit anchors
 * `<a id="..."></a>` stay as they are, so GitHub and these pages link the same sections), code highlighted on the
 * server by highlight.js, and ```mermaid blocks left as `<pre class="mermaid">` for the locally served mermaid
 * bundle to draw in the browser (GitHub draws the same blocks).
 */
import hljs from "highlight.js/lib/core";
import bash from "highlight.js/lib/languages/bash";
import go from "highlight.js/lib/languages/go";
import javascript from "highlight.js/lib/languages/javascript";
import json from "highlight.js/lib/languages/json";
import shell from "highlight.js/lib/languages/shell";
import typescript from "highlight.js/lib/languages/typescript";
import yaml from "highlight.js/lib/languages/yaml";
import MarkdownIt from "markdown-it";
import type { Token } from "markdown-it";
import { splitFrontMatter } from "../reader/frontmatter.ts";
import { escapeHtml } from "./html.ts";

for (const [name, lang] of Object.entries({ bash, go, javascript, json, shell, typescript, yaml })) {
  if (!hljs.getLanguage(name)) hljs.registerLanguage(name, lang);
}
hljs.registerAliases(["sh", "zsh", "console"], { languageName: "bash" });
hljs.registerAliases(["ts"], { languageName: "typescript" });
hljs.registerAliases(["js"], { languageName: "javascript" });
hljs.registerAliases(["yml"], { languageName: "yaml" });

const md = new MarkdownIt({ html: true, linkify: false, typographer: false });

md.renderer.rules.fence = (tokens: Token[], idx: number) => {
  const token = tokens[idx]!;
  const lang = token.info.trim().split(/\s+/)[0] ?? "";
  if (lang === "mermaid") return `<pre class="mermaid">${escapeHtml(token.content)}</pre>\n`;
  const known = lang && hljs.getLanguage(lang);
  const code = known ? hljs.highlight(token.content, { language: lang, ignoreIllegals: true }).value : escapeHtml(token.content);
  const cls = known ? ` class="hljs language-${escapeHtml(lang)}"` : ' class="hljs"';
  return `<pre><code${cls}>${code}</code></pre>\n`;
};

export interface RenderedMarkdown {
  html: string;
  data: Record<string, unknown>;
  /** The explicit anchors, in order. */
  anchors: string[];
  hasMermaid: boolean;
}

/**
 * Renders one chapter file's text (front matter removed).
 * @example renderMarkdown('<a id="map"></a>\n## Map\n').html // '<a id="map"></a>\n<h2>Map</h2>\n'
 */
export function renderMarkdown(text: string): RenderedMarkdown {
  const { data, body } = splitFrontMatter(text);
  // An anchor line is inline HTML to markdown-it, so it comes wrapped in a paragraph of its own: unwrap it.
  const html = md.render(body).replace(/<p>(<a id="[^"]+"><\/a>)<\/p>/g, "$1");
  const anchors = [...body.matchAll(/^<a id="([^"]+)"><\/a>\s*$/gm)].map((m) => m[1]!);
  return { html, data, anchors, hasMermaid: /^```mermaid\s*$/m.test(body) };
}

/** Highlights one snippet (the commands box uses it for shell lines). */
export const highlight = (code: string, lang: string): string =>
  hljs.getLanguage(lang) ? hljs.highlight(code, { language: lang, ignoreIllegals: true }).value : escapeHtml(code);

/** One line of markdown without a paragraph around it (hint texts, check names). */
export const renderInline = (text: string): string => md.renderInline(text);
