/** A check run as the learner reads it: every check with its mark, then the first failure in full. */
import pc from "picocolors";
import type { Lesson } from "../catalogue/catalogue.ts";
import { msg } from "../i18n/messages.ts";
import type { Lang } from "../i18n/text.ts";
import type { CheckRecord, ResultFile } from "../workbook/check-protocol.ts";

const indent = (text: string, by = "    "): string => text.split("\n").map((l) => by + l).join("\n");

function failure(check: CheckRecord, result: ResultFile, lesson: Lesson, lang: Lang): string[] {
  const out = [pc.bold(pc.red(msg("report.firstFailure", lang, { name: check.names[lang] }))), indent(check.message ?? "", "  ")];
  if (check.note) out.push(pc.dim("  " + check.note));
  const labels = { given: "detail.given", expected: "detail.expected", actual: "detail.actual" } as const;
  for (const key of ["given", "expected", "actual"] as const) {
    const value = check.detail?.[key];
    if (value !== undefined) out.push(pc.cyan(`  ${msg(labels[key], lang)}:`), indent(value));
  }
  const command = `npm run check ${lesson.id} -- --seed ${result.seed}`;
  out.push("", pc.dim(msg("report.seed", lang, { seed: result.seed, command })), msg("report.hintLine", lang, { id: lesson.id }));
  return out;
}

export function renderReport(result: ResultFile, lesson: Lesson, lang: Lang): string {
  const passed = result.checks.filter((c) => c.status === "passed").length;
  const total = result.checks.length;
  const out = [pc.bold(msg("report.title", lang, { id: lesson.id, title: lesson.title[lang], file: result.implementation })), ""];
  for (const check of result.checks) {
    const mark = check.status === "passed" ? pc.green("✓") : check.kind === "not-run" ? pc.dim("·") : pc.red("✗");
    out.push(` ${mark} ${check.status === "passed" ? check.names[lang] : check.kind === "not-run" ? pc.dim(check.names[lang]) : pc.red(check.names[lang])}`);
  }
  out.push("");
  if (result.loadError) {
    out.push(pc.bold(pc.red(msg("report.loadError", lang))), "  " + result.loadError);
  } else if (result.status === "passed") {
    out.push(pc.bold(pc.green(msg("report.passed", lang, { passed, total, ms: result.durationMs, id: lesson.id }))));
  } else {
    out.push(msg("report.failed", lang, { passed, total, ms: result.durationMs }), "");
    out.push(...failure(result.checks.find((c) => c.status === "failed")!, result, lesson, lang));
  }
  return out.join("\n");
}
