/**
 * The checker process the CLI starts (`src/` never imports `checker/`; it talks to this process over IPC). It runs
 * one chapter's checks per request in a worker thread, writes the result file and the progress, and answers with the
 * result. In watch mode it stays up, with a worker kept warm for the next save.
 *
 * The CLI starts it (through runner/host-boot.mjs, which registers tsx) as soon as it knows the command, with the
 * chapter as typed (`--prepare lesson-1`) when there is one: the worker thread then starts at once, in parallel with
 * the rest of the CLI's start-up and this process's, and is the one the first request takes.
 *
 * Request:  { type: "check", lesson: "02-etcd", implPath, seed, lang, record }
 * Answer:   { type: "result", result } | { type: "error", message }
 */
import type { Lesson } from "../src/catalogue/catalogue.ts";
import type { CheckAnswer, CheckRequest } from "../src/workbook/check-protocol.ts";
import { CheckRunner, takeEarlyWorker } from "./runner/run.ts";

const runner = new CheckRunner();
const quit = (): never => {
  runner.close();
  process.exit(0);
};
process.on("disconnect", quit);
// The CLI may have finished (an unknown lesson, say) while this process was starting.
if (!process.connected) quit();

// Requests may arrive while the modules below load: listen now, answer once they are in.
let handle: ((request: CheckRequest) => Promise<CheckAnswer>) | undefined;
const waiting: CheckRequest[] = [];
const answer = (request: CheckRequest): void => {
  if (!handle) {
    waiting.push(request);
    return;
  }
  handle(request)
    .catch((error: unknown): CheckAnswer => ({ type: "error", message: error instanceof Error ? error.message : String(error) }))
    .then((reply) => process.send!(reply));
};
process.on("message", answer);

// `--prepare [chapter]`: a check is coming. A worker starts its loader and common modules now (host-boot.mjs has
// started it already); it is given its chapter below, once the catalogue is read.
const prepare = process.argv[2] === "--prepare";
const wanted = prepare ? process.argv[3] : undefined;
const early = takeEarlyWorker();
if (early) runner.adopt(early);
else if (prepare) runner.prepare();

const { findLesson, loadCatalogue } = await import("../src/catalogue/catalogue.ts");

/** The catalogue, read once; read again when a request names a chapter it does not hold (one added meanwhile). */
let catalogue: Lesson[] | undefined;
function lessonNamed(name: string): Lesson | undefined {
  const cached = catalogue && findLesson(catalogue, name);
  if (cached) return cached;
  catalogue = loadCatalogue();
  return findLesson(catalogue, name);
}

if (wanted) {
  try {
    const lesson = lessonNamed(wanted);
    if (lesson) runner.prepare({ specPath: lesson.specPath, refPath: lesson.solutionPath });
  } catch {
    // A broken lesson.yaml: the CLI reports it; the request, if one comes, gets the error as its answer.
  }
}

const [{ shown }, { recordRun, resultPath, writeJson }, { targetFor }, { toResult, validateResult }] = await Promise.all([
  import("../src/workbook/paths.ts"),
  import("../src/workbook/state.ts"),
  import("./lesson-run.ts"),
  import("./result.ts"),
]);

handle = async (request) => {
  const lesson = lessonNamed(request.lesson);
  if (!lesson) return { type: "error", message: `unknown lesson ${request.lesson}` };
  const run = await runner.run(targetFor(lesson, request.implPath, request.seed), { keepWarm: request.warm === true });
  const result = toResult(lesson, run, request.lang, shown(request.implPath));
  if (!validateResult(result)) return { type: "error", message: `result does not match its schema: ${JSON.stringify(validateResult.errors)}` };
  if (request.record) {
    writeJson(resultPath(lesson.id), result);
    recordRun(lesson.slug, { passed: result.checks.filter((c) => c.status === "passed").length, total: result.checks.length });
  }
  return { type: "result", result };
};
for (const request of waiting.splice(0)) answer(request);
