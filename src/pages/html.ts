/**
 * The frame every lesson page shares: HTML escaping, the page shell (head, navigation, the Korean/English switch) and
 * the UI strings the browser scripts need. Pages are plain strings built on the server; the only scripts are the
 * workbook's own (assets.ts) and the locally served mermaid bundle.
 */
import { messages, msg, type MessageKey } from "../i18n/messages.ts";
import type { Lang } from "../i18n/text.ts";

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/**
 * Escapes text for HTML content and attribute values.
 * @example escapeHtml('<a href="x">') === "&lt;a href=&quot;x&quot;&gt;"
 */
export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

/** One UI string, escaped for HTML. */
export const t = (key: MessageKey, lang: Lang, vars?: Readonly<Record<string, string | number>>): string => escapeHtml(msg(key, lang, vars));

export const otherLang = (lang: Lang): Lang => (lang === "ko" ? "en" : "ko");

export interface Shell {
  lang: Lang;
  title: string;
  /** The page's path without a query (`/lesson-1`): the language switch links to it with `?lang=`. */
  path: string;
  body: string;
  /** Load the mermaid bundle (pages with ```mermaid blocks). */
  mermaid?: boolean;
  /** Extra scripts served from /assets/. */
  scripts?: string[];
  /** UI strings the page's scripts read, by message key. */
  strings?: readonly MessageKey[];
  /** Extra lines for the head. */
  head?: string;
}

/**
 * The whole document. The language switch is a plain link (`?lang=en`) that works without scripts; pages.js adds
 * the reader's place (the anchor of the section in view, or the URL hash) to it when clicked.
 */
export function page(shell: Shell): string {
  const { lang, path } = shell;
  const other = otherLang(lang);
  const strings = Object.fromEntries((shell.strings ?? []).map((k) => [k, messages[k][lang]]));
  const scripts = [...(shell.mermaid ? ["mermaid.min.js"] : []), "pages.js", ...(shell.scripts ?? [])];
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(shell.title)} · ${t("pages.title", lang)}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/assets/pages.css">
${shell.head ?? ""}
</head>
<body data-lang="${lang}">
<header class="top">
  <nav><a href="/">${t("pages.nav.index", lang)}</a> <a href="/cluster">${t("pages.nav.cluster", lang)}</a></nav>
  <a class="lang-switch" id="lang-switch" data-keep-hash data-lang="${other}" hreflang="${other}" lang="${other}" href="${escapeHtml(path)}?lang=${other}">${t("pages.switchLang", lang)}</a>
</header>
<main>
${shell.body}
</main>
<script type="application/json" id="strings">${JSON.stringify(strings).replace(/</g, "\\u003c")}</script>
${scripts.map((s) => `<script src="/assets/${s}"></script>`).join("\n")}
</body>
</html>
`;
}
