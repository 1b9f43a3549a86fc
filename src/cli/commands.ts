/** The one-shot commands: check, list, read, hint, compare, reset, lang. Watch mode is in watch.ts. */
import { execFileSync } from "node:child_process";
import { randomInt } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import pc from "picocolors";
import { loadCatalogue, type Lesson } from "../catalogue/catalogue.ts";
import { msg } from "../i18n/messages.ts";
import { isLang, render, type Lang } from "../i18n/text.ts";
import { renderTable } from "../reader/width.ts";
import type { ResultFile } from "../workbook/check-protocol.ts";
import { paths, shown } from "../workbook/paths.ts";
import { hintsUsed, readProgress, recordHint, savePreferredLang, statusOf } from "../workbook/state.ts";
import type { CheckerClient } from "./checker-client.ts";
import { diffLines } from "./diff.ts";
import { UsageError } from "./lessons.ts";
import { confirm } from "./prompt.ts";
import { renderReport } from "./report.ts";

export function parseSeed(value: string | true | undefined, lang: Lang): number {
  if (value === undefined) return randomInt(1, 2 ** 31 - 1);
  if (typeof value !== "string" || !/^-?\d+$/.test(value)) throw new UsageError(msg("cli.badSeed", lang, { value: String(value) }));
  return Number(value);
}

/** Runs the learner's file through the checker and records the result. */
export async function runCheck(client: CheckerClient, lesson: Lesson, seed: number, lang: Lang, warm = false): Promise<ResultFile> {
  try {
    return await client.check({ lesson: lesson.dir, implPath: lesson.stubPath, seed, lang, record: true, warm });
  } catch (error) {
    throw new UsageError(msg("cli.checkerFailed", lang, { error: (error as Error).message }), 3);
  }
}

export async function check(client: CheckerClient, lesson: Lesson, seed: number, lang: Lang): Promise<number> {
  const result = await runCheck(client, lesson, seed, lang);
  console.log(renderReport(result, lesson, lang));
  return result.status === "passed" ? 0 : 1;
}

export function list(lang: Lang): number {
  const progress = readProgress();
  const lessons = loadCatalogue();
  const colour = { "not-started": pc.dim, failing: pc.yellow, passed: pc.green } as const;
  const rows = lessons.map((l) => {
    const status = statusOf(progress, l.slug);
    return [String(l.number), l.title[lang], l.component, colour[status](msg(`status.${status}`, lang)), String(hintsUsed(progress, l.slug))];
  });
  const header = msg("list.header", lang).split("|");
  console.log(renderTable([header, ...rows], { headerStyle: pc.bold, align: ["right", "left", "left", "left", "right"] }).join("\n"));
  const passed = lessons.filter((l) => statusOf(progress, l.slug) === "passed").length;
  console.log("\n" + msg("list.summary", lang, { passed, total: lessons.length }));
  return 0;
}

export async function read(lesson: Lesson, lang: Lang): Promise<number> {
  // The reader (markdown-it, highlight.js) is loaded by the command that needs it, not by every command.
  const [{ page }, { renderTerminal }] = await Promise.all([import("../reader/pager.ts"), import("../reader/terminal.ts")]);
  const width = Math.min(process.stdout.columns ?? 100, 100);
  const text = renderTerminal(readFileSync(lesson.markdown[lang], "utf8"), {
    width,
    color: pc.isColorSupported,
    mermaidNote: msg("read.mermaid", lang),
  });
  await page(text);
  return 0;
}

export async function hint(client: CheckerClient, lesson: Lesson, lang: Lang): Promise<number> {
  const result = await runCheck(client, lesson, parseSeed(undefined, lang), lang);
  const failing = result.checks.find((c) => c.status === "failed");
  if (!failing) {
    console.log(pc.green(msg("hint.allPassed", lang)));
    return 0;
  }
  const ladder = lesson.hints[failing.id];
  if (!ladder?.length) {
    console.log(msg("hint.none", lang, { id: failing.id }));
    return 0;
  }
  const used = readProgress().lessons[lesson.slug]?.hintsUsed[failing.id] ?? 0;
  const n = Math.min(used + 1, ladder.length);
  if (used < ladder.length) recordHint(lesson.slug, failing.id);
  console.log(pc.bold(msg("hint.header", lang, { n, total: ladder.length, name: failing.names[lang] })));
  console.log("  " + render(ladder[n - 1]!, lang));
  if (n === ladder.length) console.log(pc.dim(msg("hint.last", lang, { id: lesson.id })));
  return 0;
}

export async function compare(lesson: Lesson, lang: Lang, force: boolean): Promise<number> {
  if (statusOf(readProgress(), lesson.slug) !== "passed" && !force && !(await confirm(msg("compare.spoiler", lang)))) {
    console.log(msg("compare.refused", lang, { id: lesson.id }));
    return 1;
  }
  const mine = readFileSync(lesson.stubPath, "utf8").split("\n");
  const diff = diffLines(mine, readFileSync(lesson.solutionPath, "utf8").split("\n"));
  if (diff.every((l) => l.op === "same")) {
    console.log(msg("compare.same", lang));
    return 0;
  }
  console.log(pc.bold(`--- ${shown(lesson.stubPath)}\n+++ ${shown(lesson.solutionPath)}`), pc.dim(`   (${msg("compare.legend", lang)})`));
  // Show changes with three lines of context, as `diff -u` does.
  const near = (i: number) => diff.slice(Math.max(0, i - 3), i + 4).some((l) => l.op !== "same");
  let skipped = false;
  diff.forEach((line, i) => {
    if (line.op === "same" && !near(i)) {
      if (!skipped) console.log(pc.dim("  ⋮"));
      skipped = true;
      return;
    }
    skipped = false;
    console.log(line.op === "add" ? pc.green("+ " + line.text) : line.op === "del" ? pc.red("- " + line.text) : pc.dim("  " + line.text));
  });
  return 0;
}

/** The stub as the workbook shipped it: the version git has committed. */
function pristineStub(lesson: Lesson): string {
  return execFileSync("git", ["-C", paths.root, "show", `HEAD:${shown(lesson.stubPath)}`], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

/**
 * Restores the pristine stub after copying the learner's file to .workbook/backups with a timestamp: the one place
 * where the workbook writes a learner's file. Returns what to tell the learner.
 */
export function restoreStub(lesson: Lesson, lang: Lang): { ok: boolean; message: string } {
  const file = shown(lesson.stubPath);
  let pristine: string;
  try {
    pristine = pristineStub(lesson);
  } catch (error) {
    const why = String((error as { stderr?: string }).stderr || (error as Error).message).trim();
    return { ok: false, message: msg("reset.noPristine", lang, { error: why }) };
  }
  const current = readFileSync(lesson.stubPath, "utf8");
  if (current === pristine) return { ok: true, message: msg("reset.unchanged", lang, { file }) };
  const dir = join(paths.backups, lesson.dir);
  mkdirSync(dir, { recursive: true });
  const backup = join(dir, `${new Date().toISOString().replace(/[:.]/g, "-")}.${lesson.file}`);
  writeFileSync(backup, current);
  writeFileSync(lesson.stubPath, pristine);
  return { ok: true, message: msg("reset.done", lang, { file, backup: shown(backup) }) };
}

export async function reset(lesson: Lesson, lang: Lang, yes: boolean): Promise<number> {
  if (!yes && !(await confirm(msg("reset.confirm", lang, { file: shown(lesson.stubPath) })))) {
    console.log(msg("reset.cancelled", lang));
    return 1;
  }
  const { ok, message } = restoreStub(lesson, lang);
  (ok ? console.log : console.error)(message);
  return ok ? 0 : 1;
}

export function lang(value: string | undefined, current: Lang): number {
  if (!isLang(value)) throw new UsageError(msg("cli.badLang", current, { value: String(value) }));
  savePreferredLang(value);
  console.log(msg("cli.langSaved", value));
  return 0;
}
