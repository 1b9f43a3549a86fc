/**
 * The learner's state in `.workbook/`: progress per chapter (keyed by slug, so adding a chapter breaks nothing),
 * the language preference, the last result of each chapter. A missing or broken file is treated as empty: state is
 * a convenience, never a reason for a command to fail.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { DEFAULT_LANG, isLang, type Lang } from "../i18n/text.ts";
import { paths } from "./paths.ts";

export type LessonStatus = "not-started" | "failing" | "passed";

export interface LessonProgress {
  status: Exclude<LessonStatus, "not-started">;
  /** Checks passed at the last run, of how many. */
  passed: number;
  total: number;
  lastRun: string;
  /** When the chapter first passed. */
  passedAt?: string;
  /** How many hints of each check's ladder have been shown. */
  hintsUsed: Record<string, number>;
}

export interface Progress {
  lessons: Record<string, LessonProgress>;
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch {
    return undefined;
  }
}

/** Writes through a temporary file, so an interrupted write never leaves half a file. */
export function writeJson(file: string, value: unknown): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(value, null, 2) + "\n");
  renameSync(tmp, file);
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

export function readProgress(file = paths.progress): Progress {
  const data = readJson(file);
  const lessons = isRecord(data) && isRecord(data.lessons) ? data.lessons : {};
  const out: Progress = { lessons: {} };
  for (const [slug, entry] of Object.entries(lessons)) {
    if (isRecord(entry) && (entry.status === "passed" || entry.status === "failing")) {
      out.lessons[slug] = {
        status: entry.status,
        passed: Number(entry.passed) || 0,
        total: Number(entry.total) || 0,
        lastRun: String(entry.lastRun ?? ""),
        ...(typeof entry.passedAt === "string" ? { passedAt: entry.passedAt } : {}),
        hintsUsed: isRecord(entry.hintsUsed) ? Object.fromEntries(Object.entries(entry.hintsUsed).map(([k, v]) => [k, Number(v) || 0])) : {},
      };
    }
  }
  return out;
}

export const statusOf = (progress: Progress, slug: string): LessonStatus => progress.lessons[slug]?.status ?? "not-started";

/** Records a check run of one chapter. */
export function recordRun(slug: string, run: { passed: number; total: number }, file = paths.progress): Progress {
  const progress = readProgress(file);
  const before = progress.lessons[slug];
  const now = new Date().toISOString();
  const passed = run.passed === run.total && run.total > 0;
  progress.lessons[slug] = {
    status: passed ? "passed" : "failing",
    passed: run.passed,
    total: run.total,
    lastRun: now,
    ...(before?.passedAt || passed ? { passedAt: before?.passedAt ?? now } : {}),
    hintsUsed: before?.hintsUsed ?? {},
  };
  writeJson(file, progress);
  return progress;
}

/** Records that one more hint of a check's ladder was shown; returns how many have been shown now. */
export function recordHint(slug: string, checkId: string, file = paths.progress): number {
  const progress = readProgress(file);
  const entry = progress.lessons[slug] ?? { status: "failing" as const, passed: 0, total: 0, lastRun: "", hintsUsed: {} };
  entry.hintsUsed[checkId] = (entry.hintsUsed[checkId] ?? 0) + 1;
  progress.lessons[slug] = entry;
  writeJson(file, progress);
  return entry.hintsUsed[checkId];
}

export const hintsUsed = (progress: Progress, slug: string): number =>
  Object.values(progress.lessons[slug]?.hintsUsed ?? {}).reduce((a, b) => a + b, 0);

export function readPreferredLang(file = paths.preferences): Lang | undefined {
  const data = readJson(file);
  return isRecord(data) && isLang(data.lang) ? data.lang : undefined;
}

export function savePreferredLang(lang: Lang, file = paths.preferences): void {
  const data = readJson(file);
  writeJson(file, { ...(isRecord(data) ? data : {}), lang });
}

/**
 * The language to speak: `--lang`, then WORKBOOK_LANG, then npm's own `--lang` (npm takes `npm run x --lang en` as
 * its config and passes it on as npm_config_lang), then the saved preference, then Korean.
 */
export function resolveLang(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): Lang {
  for (const candidate of [flag, env.WORKBOOK_LANG, env.npm_config_lang, readPreferredLang()]) {
    if (isLang(candidate)) return candidate;
  }
  return DEFAULT_LANG;
}

export const resultPath = (lessonId: string): string => join(paths.results, `${lessonId}.json`);
