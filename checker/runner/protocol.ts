/** The messages between the check runner and its worker thread, and what a check comes to. */
import type { Text } from "../../src/i18n/text.ts";

export type FailureKind = "mismatch" | "threw" | "todo" | "mutated-input" | "shape" | "timeout" | "internal" | "not-run";

/** Values already rendered for display (the worker's objects cannot all cross a thread boundary). */
export interface ShownDetail {
  given?: string;
  expected?: string;
  actual?: string;
}

export type CheckOutcome =
  | { status: "passed" }
  | { status: "failed"; kind: FailureKind; message: Text; detail?: ShownDetail; note?: Text };

export interface WorkerData {
  /** The module the boot script loads after registering tsx: worker.ts. */
  entry: string;
  /** Absent for a worker started before its chapter is known: it then waits for a `load` message. */
  specPath?: string;
  refPath?: string;
  /** 4 bytes of length, then the call in progress as UTF-8. */
  tracker: SharedArrayBuffer;
}

export type ToWorker =
  | { type: "load"; specPath: string; refPath: string }
  | { type: "run"; implPath: string; shownImpl: string; seed: number; from: number };

export type FromWorker =
  | { type: "ready"; checks: { id: string; name: Text; timeLimitMs?: number }[] }
  | { type: "load-error"; message: Text }
  | { type: "start"; index: number }
  | { type: "done"; index: number; outcome: CheckOutcome }
  | { type: "finished" };
