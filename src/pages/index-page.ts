/**
 * The index page (`/`): every chapter with its state and the hints used, read from .workbook/progress.json on each
 * request (a missing or broken file reads as no progress), and the picture of the cluster's parts.
 */
import type { Lesson } from "../catalogue/catalogue.ts";
import { msg } from "../i18n/messages.ts";
import type { Lang } from "../i18n/text.ts";
import { hintsUsed, statusOf, type LessonStatus, type Progress } from "../workbook/state.ts";
import { clusterDiagram } from "./diagram.ts";
import { escapeHtml, page, t } from "./html.ts";

export function indexPage(lessons: readonly Lesson[], progress: Progress, lang: Lang): string {
  const statuses: Record<string, LessonStatus> = Object.fromEntries(lessons.map((l) => [l.slug, statusOf(progress, l.slug)]));
  const [cNum, cTitle, cComponent, cState, cHints] = t("pages.index.columns", lang).split("|");
  const rows = lessons.map((l) => {
    const status = statuses[l.slug]!;
    const p = progress.lessons[l.slug];
    const counts = p && p.total > 0 ? ` <span class="counts">${p.passed}/${p.total}</span>` : "";
    return `<tr data-chapter="${l.number}" data-status="${status}">
  <td>${l.number}</td>
  <td><a href="/${l.id}">${escapeHtml(l.title[lang])}</a></td>
  <td><code>${escapeHtml(l.component)}</code></td>
  <td><span class="status status-${status}">${t(`status.${status}`, lang)}</span>${counts}</td>
  <td class="hints-used">${hintsUsed(progress, l.slug)}</td>
</tr>`;
  });
  const passed = lessons.filter((l) => statuses[l.slug] === "passed").length;
  const next = lessons.find((l) => statuses[l.slug] !== "passed");
  const body = `<h1>${t("pages.title", lang)}</h1>
<p class="summary" id="summary">${t("list.summary", lang, { passed, total: lessons.length })}${
    next ? ` · <a href="/${next.id}">${t("pages.index.start", lang, { title: next.title[lang] })}</a>` : ""
  }</p>
<h2>${t("pages.index.heading", lang)}</h2>
<table class="chapters" id="chapters">
<thead><tr><th>${cNum}</th><th>${cTitle}</th><th>${cComponent}</th><th>${cState}</th><th>${cHints}</th></tr></thead>
<tbody>
${rows.join("\n")}
</tbody>
</table>
<h2>${t("pages.index.diagram", lang)}</h2>
<p class="note">${t("pages.index.diagramNote", lang)}</p>
${clusterDiagram(lessons, statuses, lang)}`;
  return page({ lang, title: msg("pages.nav.index", lang), path: "/", body });
}
