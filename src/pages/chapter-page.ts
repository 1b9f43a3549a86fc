/**
 * A chapter's page (`/lesson-N`): the chapter's text in the reader's language, and beside it the commands to run,
 * the last check result (.workbook/results/lesson-N.json), the hint ladders (each hint hidden until its button is
 * pressed; hints already shown, as progress.json counts them, stay open) and links to the chapters around it.
 */
import { existsSync, readFileSync } from "node:fs";
import { relative, sep } from "node:path";
import type { Lesson } from "../catalogue/catalogue.ts";
import { msg } from "../i18n/messages.ts";
import type { Lang } from "../i18n/text.ts";
import type { ResultFile } from "../workbook/check-protocol.ts";
import type { Progress } from "../workbook/state.ts";
import { escapeHtml, page, t } from "./html.ts";
import { highlight, renderInline, renderMarkdown } from "./markdown.ts";

export interface ChapterInput {
  lessons: readonly Lesson[];
  lesson: Lesson;
  lang: Lang;
  progress: Progress;
  result: ResultFile | undefined;
  root: string;
}

/** The result file of a chapter, or undefined when it is missing or not a result. */
export function readResult(file: string): ResultFile | undefined {
  try {
    const data = JSON.parse(readFileSync(file, "utf8")) as ResultFile;
    return Array.isArray(data.checks) && (data.status === "passed" || data.status === "failed") ? data : undefined;
  } catch {
    return undefined;
  }
}

function commands(lesson: Lesson, lang: Lang): string {
  const lines: [string, string][] = [
    [`npm run check ${lesson.id}`, msg("pages.commands.check", lang)],
    [`npm run hint ${lesson.id}`, msg("pages.commands.hint", lang)],
    [`npm run read ${lesson.id}`, msg("pages.commands.read", lang)],
    [`npm run compare ${lesson.id}`, msg("pages.commands.compare", lang)],
    [`npm start`, msg("pages.commands.watch", lang)],
  ];
  return `<section class="commands" id="commands"><h2>${t("pages.commands.heading", lang)}</h2>
<pre><code class="hljs language-bash">${lines.map(([cmd, what]) => `${highlight(cmd, "bash")}  <span class="hljs-comment"># ${escapeHtml(what)}</span>`).join("\n")}</code></pre></section>`;
}

function resultSection(lesson: Lesson, result: ResultFile | undefined, lang: Lang): string {
  const heading = `<h2>${t("pages.result.heading", lang)}</h2>`;
  if (!result) return `<section class="result" id="result">${heading}<p>${t("pages.result.none", lang, { command: `npm run check ${lesson.id}` })}</p></section>`;
  const passed = result.checks.filter((c) => c.status === "passed").length;
  const rows = result.checks.map((c) => {
    const detail = c.status === "failed" && c.message ? `<details><summary>…</summary><pre>${escapeHtml(c.message)}</pre></details>` : "";
    return `<li class="check check-${c.status}" data-check="${escapeHtml(c.id)}"><span class="mark">${c.status === "passed" ? "✓" : "✗"}</span> ${renderInline(c.names[lang] ?? c.id)} <span class="check-status">${t(`pages.result.${c.status}`, lang)}</span>${detail}</li>`;
  });
  const load = result.loadError ? `<p class="load-error">${t("pages.result.loadError", lang, { error: result.loadError })}</p>` : "";
  return `<section class="result result-${result.status}" id="result">${heading}
<p>${t("pages.result.summary", lang, { passed, total: result.checks.length, when: result.finishedAt })}</p>${load}
<ul class="checks">${rows.join("")}</ul></section>`;
}

function hintsSection(lesson: Lesson, progress: Progress, result: ResultFile | undefined, lang: Lang): string {
  const used = progress.lessons[lesson.slug]?.hintsUsed ?? {};
  const ladders = Object.entries(lesson.hints).map(([checkId, ladder]) => {
    const name = result?.checks.find((c) => c.id === checkId)?.names[lang];
    const shown = Math.min(used[checkId] ?? 0, ladder.length);
    const items = ladder.map((hint, i) => `<li class="hint"${i < shown ? "" : " hidden"}>${renderInline(hint[lang])}</li>`);
    const button = shown < ladder.length
      ? `<button type="button" class="next-hint">${t("pages.hints.next", lang, { n: shown + 1, total: ladder.length })}</button>`
      : `<button type="button" class="next-hint" disabled>${t("pages.hints.done", lang)}</button>`;
    return `<div class="hint-ladder" data-lesson="${lesson.id}" data-check="${escapeHtml(checkId)}" data-shown="${shown}" data-total="${ladder.length}">
<h3>${name ? renderInline(name) + " " : ""}<code>${escapeHtml(checkId)}</code></h3>
<ol>${items.join("")}</ol>${button}</div>`;
  });
  return `<section class="hints" id="hints"><h2>${t("pages.hints.heading", lang)}</h2><p class="note">${t("pages.hints.intro", lang)}</p>${ladders.join("\n")}</section>`;
}

export function chapterPage({ lessons, lesson, lang, progress, result, root }: ChapterInput): string {
  const file = lesson.markdown[lang];
  const rendered = existsSync(file) ? renderMarkdown(readFileSync(file, "utf8")) : undefined;
  const i = lessons.indexOf(lesson);
  const prev = lessons[i - 1];
  const next = lessons[i + 1];
  const navLinks = `<nav class="chapter-nav">${prev ? `<a rel="prev" href="/${prev.id}">${t("pages.chapter.prev", lang, { title: prev.title[lang] })}</a>` : "<span></span>"}${
    next ? `<a rel="next" href="/${next.id}">${t("pages.chapter.next", lang, { title: next.title[lang] })}</a>` : ""
  }</nav>`;
  const stub = relative(root, lesson.stubPath).split(sep).join("/");
  const text = rendered ? rendered.html : `<h1>${escapeHtml(lesson.title[lang])}</h1><p class="missing">${t("pages.chapter.missing", lang)}</p>`;
  const body = `${navLinks}
<div class="chapter-layout">
<article class="lesson" id="lesson">
${text}
</article>
<aside class="side">
<p class="edit">${t("pages.chapter.edit", lang, { file: stub })}</p>
${commands(lesson, lang)}
${resultSection(lesson, result, lang)}
${hintsSection(lesson, progress, result, lang)}
</aside>
</div>
${navLinks}`;
  return page({
    lang,
    title: lesson.title[lang],
    path: `/${lesson.id}`,
    body,
    mermaid: rendered?.hasMermaid ?? false,
    strings: ["pages.hints.next", "pages.hints.done"],
  });
}
