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

/** The chapter a worker loads: its spec and reference. */
export interface Chapter {
  specPath: string;
  refPath: string;
}

/** A worker thread host-boot.mjs started before this module was loaded, with what it said and did meanwhile. */
export interface EarlyWorker {
  worker: Worker;
  tracker: SharedArrayBuffer;
  /** Routes the worker's events to these handlers, the ones that happened already first. */
  attach(handlers: { message: (m: FromWorker) => void; error: (e: Error) => void; exit: (code: number) => void }): void;
}

/** The worker host-boot.mjs started, if any, once: the caller owns it. */
export function takeEarlyWorker(): EarlyWorker | undefined {
  const key = Symbol.for("kube-workbook.early-worker");
  const store = globalThis as { [key]?: EarlyWorker };
  const early = store[key];
  delete store[key];
  return early;
}

/** One worker thread with the spec and reference loaded (or loading). */
class CheckWorker {
  readonly ready: Promise<Checks>;
  private readonly tracker: SharedArrayBuffer;
  private readonly worker: Worker;
  private listener?: (message: FromWorker) => void;
  private failure?: (error: Error) => void;

  /**
   * Without a chapter, the worker starts its loader and common modules, and waits for `load`. With `early`, takes over
   * that worker (started without a chapter) instead of starting one.
   */
  constructor(public chapter?: Chapter, early?: EarlyWorker) {
    if (early) {
      this.tracker = early.tracker;
      this.worker = early.worker;
    } else {
      this.tracker = new SharedArrayBuffer(4 + 4096);
      const data: WorkerData = { entry: new URL("./worker.ts", import.meta.url).href, ...chapter, tracker: this.tracker };
      this.worker = new Worker(new URL("./boot.mjs", import.meta.url), { workerData: data, stdout: true, stderr: true });
    }
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
    const handlers = {
      message: (m: FromWorker) => this.listener?.(m),
      error: (e: Error) => this.failure?.(e),
      exit: (code: number) => this.failure?.(new Error(`the worker exited (code ${code})`)),
    };
    if (early) early.attach(handlers);
    else {
      this.worker.on("message", handlers.message);
      this.worker.on("error", handlers.error);
      this.worker.on("exit", handlers.exit);
    }
  }

  /** Gives a worker started without a chapter its chapter. */
  load(chapter: Chapter): void {
    this.chapter = chapter;
    this.worker.postMessage({ type: "load", ...chapter } satisfies ToWorker);
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

const sameChapter = (a: Chapter, b: Chapter): boolean => a.specPath === b.specPath && a.refPath === b.refPath;

/**
 * Runs checks and keeps one worker warm for the next run of the same chapter (watch mode re-checks after each save).
 * `prepare()` starts that worker ahead of the first run. `close()` stops it.
 */
export class CheckRunner {
  private spare?: CheckWorker;

  /**
   * Starts a worker for the next run now: for `chapter`, or, while the chapter is not known yet, one that starts its
   * loader and common modules and is given the chapter by the run that takes it.
   */
  prepare(chapter?: Chapter): void {
    if (this.spare && (!chapter || !this.spare.chapter || sameChapter(this.spare.chapter, chapter))) {
      if (chapter && !this.spare.chapter) this.spare.load(chapter);
      return;
    }
    this.spare?.stop();
    this.spare = new CheckWorker(chapter);
  }

  /** Makes a worker started before this module (host-boot.mjs) the one the next run takes. */
  adopt(early: EarlyWorker): void {
    this.spare?.stop();
    this.spare = new CheckWorker(undefined, early);
  }

  private take(chapter: Chapter): CheckWorker {
    const spare = this.spare;
    this.spare = undefined;
    if (spare && !spare.chapter) spare.load(chapter);
    if (spare && sameChapter(spare.chapter!, chapter)) return spare;
    spare?.stop();
    return new CheckWorker(chapter);
  }

  async run(target: RunTarget, options: { keepWarm?: boolean } = {}): Promise<Run> {
    const started = performance.now();
    const limit = target.timeLimitMs ?? DEFAULT_TIME_LIMIT_MS;
    const chapter = { specPath: target.specPath, refPath: target.refPath };
    let worker = this.take(chapter);
    // Watch mode: the worker for the next save starts now, on the other core, while this run goes on.
    if (options.keepWarm) this.spare = new CheckWorker(chapter);
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
      worker = new CheckWorker(chapter);
      await worker.ready;
    }
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
