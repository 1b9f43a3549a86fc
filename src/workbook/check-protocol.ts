/**
 * What the CLI and the checker process say to each other, and the result file's shape (its JSON schema is
 * checker/schemas/result.schema.json). The types live here because `src/` never imports `checker/`.
 */
import type { Lang } from "../i18n/text.ts";

export interface CheckRequest {
  type: "check";
  /** Anything findLesson accepts; the CLI sends the folder name. */
  lesson: string;
  implPath: string;
  seed: number;
  lang: Lang;
  /** Write the result file and progress (the learner's own runs do). */
  record: boolean;
  /** Keep a worker warm for the next run of this chapter (watch mode). */
  warm?: boolean;
}

export type CheckAnswer = { type: "result"; result: ResultFile } | { type: "error"; message: string };

export interface CheckRecord {
  id: string;
  names: { ko: string; en: string };
  status: "passed" | "failed";
  kind?: string;
  message?: string;
  note?: string;
  detail?: { given?: string; expected?: string; actual?: string };
  seed: number;
}

export interface ResultFile {
  lesson: string;
  slug: string;
  number: number;
  status: "passed" | "failed";
  seed: number;
  lang: Lang;
  implementation: string;
  finishedAt: string;
  durationMs: number;
  loadError?: string;
  checks: CheckRecord[];
}
