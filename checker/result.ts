/**
 * The machine-readable result of a run (`.workbook/results/lesson-N.json`, schema in checker/schemas), in the
 * learner's language.
 */
import { Ajv } from "ajv";
import type { Lesson } from "../src/catalogue/catalogue.ts";
import type { Lang } from "../src/i18n/text.ts";
import type { ResultFile } from "../src/workbook/check-protocol.ts";
import type { Run } from "./runner/run.ts";
import resultSchema from "./schemas/result.schema.json" with { type: "json" };

const ajv = new Ajv({ allErrors: true, strict: false });
ajv.addFormat("date-time", (s: string) => !Number.isNaN(Date.parse(s)));
export const validateResult = ajv.compile<ResultFile>(resultSchema);

export function toResult(lesson: Lesson, run: Run, lang: Lang, implementation: string): ResultFile {
  return {
    lesson: lesson.id,
    slug: lesson.slug,
    number: lesson.number,
    status: run.status,
    seed: run.seed,
    lang,
    implementation,
    finishedAt: new Date().toISOString(),
    durationMs: run.durationMs,
    ...(run.loadError ? { loadError: run.loadError[lang] } : {}),
    checks: run.checks.map(({ id, name, outcome }) => ({
      id,
      names: { ko: name.ko, en: name.en },
      status: outcome.status,
      seed: run.seed,
      ...(outcome.status === "failed"
        ? {
            kind: outcome.kind,
            message: outcome.message[lang],
            ...(outcome.note ? { note: outcome.note[lang] } : {}),
            ...(outcome.detail ? { detail: outcome.detail } : {}),
          }
        : {}),
    })),
  };
}
