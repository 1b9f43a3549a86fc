/**
 * The checker process the CLI starts (`src/` never imports `checker/`; it talks to this process over IPC). It runs
 * one chapter's checks per request in a worker thread, writes the result file and the progress, and answers with the
 * result. In watch mode it stays up, with a worker kept warm for the next save.
 *
 * Request:  { type: "check", lesson: "02-etcd", implPath, seed, lang, record }
 * Answer:   { type: "result", result } | { type: "error", message }
 */
import { findLesson, loadCatalogue } from "../src/catalogue/catalogue.ts";
import type { CheckAnswer, CheckRequest } from "../src/workbook/check-protocol.ts";
import { shown } from "../src/workbook/paths.ts";
import { recordRun, resultPath, writeJson } from "../src/workbook/state.ts";
import { targetFor } from "./lesson-run.ts";
import { toResult, validateResult } from "./result.ts";
import { CheckRunner } from "./runner/run.ts";

const runner = new CheckRunner();

async function handle(request: CheckRequest): Promise<CheckAnswer> {
  const lesson = findLesson(loadCatalogue(), request.lesson);
  if (!lesson) return { type: "error", message: `unknown lesson ${request.lesson}` };
  const run = await runner.run(targetFor(lesson, request.implPath, request.seed), { keepWarm: request.warm === true });
  const result = toResult(lesson, run, request.lang, shown(request.implPath));
  if (!validateResult(result)) return { type: "error", message: `result does not match its schema: ${JSON.stringify(validateResult.errors)}` };
  if (request.record) {
    writeJson(resultPath(lesson.id), result);
    recordRun(lesson.slug, { passed: result.checks.filter((c) => c.status === "passed").length, total: result.checks.length });
  }
  return { type: "result", result };
}

process.on("message", (request: CheckRequest) => {
  handle(request)
    .catch((error: unknown): CheckAnswer => ({ type: "error", message: error instanceof Error ? error.message : String(error) }))
    .then((answer) => process.send!(answer));
});
process.on("disconnect", () => {
  runner.close();
  process.exit(0);
});
