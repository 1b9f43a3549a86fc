/**
 * Runs one chapter's checks against one implementation, in a worker thread that can be stopped: a synchronous endless
 * loop in learner code cannot be interrupted from inside its own thread, so the time limit is enforced from here, and
 * the call that was running is read from memory shared with the worker. After a stopped or crashed check, a fresh
 * worker goes on with the next one, so one hang costs one check, not the run.
 */
import { Worker } from "node:worker_threads";
import { text } from "../../src/i18n/messages.ts";
import type { Text } from "../../src/i18n/text.ts";
import type { CheckOutcome, FromWorker, ToWorker, WorkerData } from "./protocol.ts";

export const DEFAULT_TIME_LIMIT_MS = 5000;

export interface RunTarget {
  specPath: string;
  refPath: string;
  implPath: string;
  /** The implementation's path as the learner reads it. */
  shownImpl: string;
  seed: number;
  timeLimitMs?: number;
}

export interface CheckResult {
  id: string;
  name: Text;
  outcome: CheckOutcome;
}

export interface Run {
  status: "passed" | "failed";
  seed: number;
  checks: CheckResult[];
  /** Why no check could run (syntax error, missing export, error at load). */
  loadError?: Text;
  durationMs: number;
}

type Checks = { id: string; name: Text; timeLimitMs?: number }[];

/** One worker thread with the spec and reference loaded. */
class CheckWorker {
  readonly ready: Promise<Checks>;
  private readonly tracker = new SharedArrayBuffer(4 + 4096);
  private readonly worker: Worker;
  private listener?: (message: FromWorker) => void;
  private failure?: (error: Error) => void;

  constructor(readonly specPath: string, readonly refPath: string) {
    const data: WorkerData = { entry: new URL("./worker.ts", import.meta.url).href, specPath, refPath, tracker: this.tracker };
    this.worker = new Worker(new URL("./boot.mjs", import.meta.url), { workerData: data, stdout: true, stderr: true });
    // Learner code may print; its output is not the checker's to show in the middle of a report.
    this.worker.stdout.resume();
    this.worker.stderr.resume();
    this.ready = new Promise((resolve, reject) => {
      this.listener = (m) => {
        if (m.type === "ready") resolve(m.checks);
      };
      this.failure = reject;
    });
    this.ready.catch(() => {});
    this.worker.on("message", (m: FromWorker) => this.listener?.(m));
    this.worker.on("error", (e) => this.failure?.(e));
    this.worker.on("exit", (code) => this.failure?.(new Error(`the worker exited (code ${code})`)));
  }

  /** Runs checks from `from` on; calls `onMessage` for each message until a failure (returned) or the end. */
  run(message: ToWorker, onMessage: (m: FromWorker) => void): Promise<Error | undefined> {
    return new Promise((resolve) => {
      this.listener = (m) => {
        onMessage(m);
        if (m.type === "finished" || m.type === "load-error") resolve(undefined);
      };
      this.failure = (e) => resolve(e);
      this.worker.postMessage(message);
    });
  }

  /** The call in progress when the worker was last seen. */
  trackedCall(): string {
    const length = new DataView(this.tracker).getUint32(0);
    return new TextDecoder().decode(new Uint8Array(this.tracker, 4, length));
  }

  /** Makes the pending run resolve with `reason`, then stops the thread. */
  stop(reason?: Error): void {
    const failure = this.failure;
    this.listener = undefined;
    this.failure = undefined;
    if (reason) failure?.(reason);
    void this.worker.terminate();
  }
}

class Timeout extends Error {}

/**
 * Runs checks and keeps one worker warm for the next run of the same chapter (watch mode re-checks after each save).
 * `close()` stops it.
 */
export class CheckRunner {
  private spare?: CheckWorker;

  private take(target: RunTarget): CheckWorker {
    const spare = this.spare;
    this.spare = undefined;
    if (spare && spare.specPath === target.specPath && spare.refPath === target.refPath) return spare;
    spare?.stop();
    return new CheckWorker(target.specPath, target.refPath);
  }

  async run(target: RunTarget, options: { keepWarm?: boolean } = {}): Promise<Run> {
    const started = performance.now();
    const limit = target.timeLimitMs ?? DEFAULT_TIME_LIMIT_MS;
    let worker = this.take(target);
    const checks = await worker.ready;
    const outcomes: (CheckOutcome | undefined)[] = checks.map(() => undefined);
    let loadError: Text | undefined;
    let from = 0;
    while (from < checks.length && !loadError) {
      let current = -1;
      let timer: NodeJS.Timeout | undefined;
      const failure = await worker.run(
        { type: "run", implPath: target.implPath, shownImpl: target.shownImpl, seed: target.seed, from },
        (m) => {
          if (m.type === "start") {
            current = m.index;
            timer = setTimeout(() => worker.stop(new Timeout()), checks[m.index]!.timeLimitMs ?? limit);
          } else if (m.type === "done") {
            clearTimeout(timer);
            outcomes[m.index] = m.outcome;
          } else if (m.type === "load-error") loadError = m.message;
        },
      );
      clearTimeout(timer);
      if (!failure) break;
      // The check in progress hung or crashed its thread: record it and go on with a fresh worker.
      const call = worker.trackedCall() || "-";
      worker.stop();
      outcomes[current] =
        failure instanceof Timeout
          ? { status: "failed", kind: "timeout", message: text("check.timeout", { seconds: (checks[current]!.timeLimitMs ?? limit) / 1000, call }) }
          : { status: "failed", kind: "threw", message: text("check.threw", { error: failure.message, call }) };
      from = current + 1;
      worker = new CheckWorker(target.specPath, target.refPath);
      await worker.ready;
    }
    if (options.keepWarm) this.spare = new CheckWorker(target.specPath, target.refPath);
    worker.stop();
    const results = checks.map(({ id, name }, i) => ({
      id,
      name,
      outcome: outcomes[i] ?? { status: "failed" as const, kind: "not-run" as const, message: text("check.notRun") },
    }));
    return {
      status: results.every((r) => r.outcome.status === "passed") ? "passed" : "failed",
      seed: target.seed,
      checks: results,
      ...(loadError ? { loadError } : {}),
      durationMs: Math.round(performance.now() - started),
    };
  }

  close(): void {
    this.spare?.stop();
    this.spare = undefined;
  }
}

/** One run in a worker of its own, stopped afterwards. */
export async function runChecks(target: RunTarget): Promise<Run> {
  const runner = new CheckRunner();
  try {
    return await runner.run(target);
  } finally {
    runner.close();
  }
}
