/**
 * The worker thread a check run happens in. It loads the spec and the reference as soon as it starts (so a warm
 * worker is ready before the learner saves), then, on `run`, loads the code under test and runs the checks in order,
 * announcing each one so that the parent can stop a check that hangs and go on with the next in a fresh worker.
 */
import { pathToFileURL } from "node:url";
import { isDeepStrictEqual } from "node:util";
import { parentPort, workerData } from "node:worker_threads";
import { Ajv, type ValidateFunction } from "ajv";
import fc from "fast-check";
import { text } from "../../src/i18n/messages.ts";
import type { Text } from "../../src/i18n/text.ts";
import { CheckFailure, type CheckContext, type Detail, type Spec } from "../spec.ts";
import { plain, show } from "./format.ts";
import type { CheckOutcome, FromWorker, ShownDetail, ToWorker, WorkerData } from "./protocol.ts";
import { LearnerError, thrownBy, wrapModule } from "./wrap.ts";

const data = workerData as WorkerData;
const port = parentPort!;
const post = (message: FromWorker): void => port.postMessage(message);

// The call in progress, written where the parent can read it after stopping this thread.
const tracked = new Uint8Array(data.tracker);
const encoder = new TextEncoder();
function track(call: string): void {
  const { written } = encoder.encodeInto(call, tracked.subarray(4));
  new DataView(data.tracker).setUint32(0, written);
}

const errorText = (e: unknown): string => (e instanceof Error ? `${e.name}: ${e.message}` : String(e));

function showDetail(detail: Detail): ShownDetail {
  const shown: ShownDetail = {};
  for (const key of ["given", "expected", "actual"] as const) if (key in detail) shown[key] = show(detail[key]);
  return shown;
}

/** What a thrown error means for the learner. */
function outcomeOf(error: unknown, given?: unknown): CheckOutcome {
  const withGiven = (o: CheckOutcome & { status: "failed" }): CheckOutcome =>
    given === undefined ? o : { ...o, detail: { given: show(given), ...o.detail } };
  if (error instanceof CheckFailure) return { status: "failed", kind: "mismatch", message: error.about, detail: showDetail(error.detail) };
  if (error instanceof LearnerError) {
    const vars = { call: error.call, error: error.problem, problem: error.problem, where: error.where, what: error.problem ? `: ${error.problem}` : "" };
    const key = ({ threw: "check.threw", todo: "check.todo", "mutated-input": "check.mutated", shape: "check.shape" } as const)[error.kind];
    return withGiven({ status: "failed", kind: error.kind, message: text(key, vars) });
  }
  if (typeof error === "object" && error !== null && thrownBy.has(error)) {
    return withGiven({ status: "failed", kind: "threw", message: text("check.threw", { call: thrownBy.get(error)!, error: errorText(error) }) });
  }
  return { status: "failed", kind: "internal", message: text("check.internal", { error: errorText(error) }) };
}

/** fast-check reports the shrunk counterexample; rethrow the failure it caused, with that input attached. */
class PropertyFailure extends Error {
  constructor(
    readonly inner: unknown,
    readonly input: unknown,
    readonly note: Text,
  ) {
    super("property failed");
  }
}

function context<M>(impl: M, ref: M, seed: number): CheckContext<M> {
  const fail = (about: Text, detail?: Detail): never => {
    throw new CheckFailure(about, detail);
  };
  return {
    impl,
    ref,
    seed,
    fail,
    expect(condition, about, detail) {
      if (!condition) fail(about, detail);
    },
    expectEqual(actual, expected, about, given) {
      if (!isDeepStrictEqual(plain(actual), plain(expected))) fail(about, given === undefined ? { expected, actual } : { given, expected, actual });
    },
    async forAll(arbitrary, body, options = {}) {
      const details = await fc.check(
        fc.asyncProperty(arbitrary, async (input) => {
          await body(input);
        }),
        { seed, numRuns: options.numRuns ?? 100, endOnFailure: false },
      );
      if (details.failed) {
        const note = text("check.counterexample", { runs: details.numRuns, shrinks: details.numShrinks });
        throw new PropertyFailure(details.errorInstance, details.counterexample?.[0], note);
      }
    },
  };
}

async function runCheck<M>(spec: Spec<M>, index: number, impl: M, ref: M, seed: number): Promise<CheckOutcome> {
  try {
    await spec.checks[index]!.run(context(impl, ref, seed));
    return { status: "passed" };
  } catch (error) {
    if (!(error instanceof PropertyFailure)) return outcomeOf(error);
    const outcome = outcomeOf(error.inner, error.inner instanceof CheckFailure && "given" in error.inner.detail ? undefined : error.input);
    return outcome.status === "failed" && outcome.kind !== "internal" ? { ...outcome, note: error.note } : outcome;
  }
}

/** A load failure in the learner's words: a syntax error with its place, a missing export, or an error at load. */
function loadFailure(error: unknown, shownFile: string): Text {
  const syntax = error instanceof Error && /^(.+?):(\d+):(\d+): ERROR: (.+)$/m.exec(error.message);
  if (syntax) return text("load.syntax", { file: shownFile, line: syntax[2]!, column: syntax[3]!, error: syntax[4]! });
  return text("load.threw", { file: shownFile, error: errorText(error) });
}

// A chapter's in-cluster check fills the simulator's other slots with the reference components: they depend on
// neither the chapter nor the learner, so they load now, while the chapter may not be known yet, and a worker kept
// warm has nothing learner-independent left to load. (The check loads them again, from the module cache.)
const components = import("../../src/sim/slots.ts")
  .then(({ loadComponents }) => loadComponents())
  .catch(() => {
    // A workbook without every chapter yet: the check itself says what is missing.
  });

/**
 * The chapter: given at start, or in a `load` message when the worker was started before the chapter was known (the
 * checker process starts one at once, while it reads the catalogue).
 */
const chapter =
  data.specPath && data.refPath
    ? { specPath: data.specPath, refPath: data.refPath }
    : await new Promise<{ specPath: string; refPath: string }>((resolve) => {
        // Stays attached (a later `load` is ignored): a port without a listener would let the thread end meanwhile.
        port.on("message", (message: ToWorker) => {
          if (message.type === "load") resolve(message);
        });
      });

const [spec, ref] = await Promise.all([
  import(pathToFileURL(chapter.specPath).href).then((m: { default: Spec<object> }) => m.default),
  import(pathToFileURL(chapter.refPath).href) as Promise<object>,
]);
const ajv = new Ajv({ allErrors: false, strict: false });
const shapes: Record<string, ValidateFunction> = Object.fromEntries(
  Object.entries(spec.shapes ?? {}).map(([name, schema]) => [name, ajv.compile(schema)]),
);
await components;
post({ type: "ready", checks: spec.checks.map((c) => ({ id: c.id, name: c.name, ...(c.timeLimitMs ? { timeLimitMs: c.timeLimitMs } : {}) })) });

port.on("message", async (message: ToWorker) => {
  if (message.type !== "run") return;
  let module: Record<string, unknown>;
  try {
    module = (await import(pathToFileURL(message.implPath).href)) as Record<string, unknown>;
  } catch (error) {
    post({ type: "load-error", message: loadFailure(error, message.shownImpl) });
    return;
  }
  const missing = spec.exports.filter((name) => !(name in module));
  if (missing.length > 0) {
    post({ type: "load-error", message: text("load.missingExport", { file: message.shownImpl, names: missing.join(", ") }) });
    return;
  }
  const impl = wrapModule(module, { file: message.implPath, shownFile: message.shownImpl, shapes, track });
  for (let index = message.from; index < spec.checks.length; index++) {
    post({ type: "start", index });
    track("");
    post({ type: "done", index, outcome: await runCheck(spec, index, impl, ref, message.seed) });
  }
  post({ type: "finished" });
});
