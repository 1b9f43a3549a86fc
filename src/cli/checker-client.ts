/**
 * Talks to the checker process (checker/host.ts, entered through checker/runner/host-boot.mjs), started as a child so
 * that learner code that hangs or crashes can never take the CLI down with it. Watch mode keeps one child for the
 * session, so a re-check after a save skips the start-up.
 */
import { fork, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import type { CheckAnswer, CheckRequest, ResultFile } from "../workbook/check-protocol.ts";
import { paths } from "../workbook/paths.ts";

export class CheckerClient {
  private child?: ChildProcess;

  /** @param root the workbook whose checker to start (another copy in benchmarks) */
  constructor(private readonly root = paths.root) {}

  /**
   * Starts the checker now, ahead of the first check, so that its start-up overlaps the CLI's own: with the chapter as
   * the learner typed it, the checker starts loading that chapter's checks at once.
   */
  start(lesson?: string): ChildProcess {
    if (this.child && this.child.connected) return this.child;
    // host-boot.mjs starts the worker thread before it registers tsx for checker/host.ts: plain node, no --import.
    this.child = fork(join(this.root, "checker", "runner", "host-boot.mjs"), ["--prepare", ...(lesson ? [lesson] : [])], {
      cwd: this.root,
      execArgv: [],
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    return this.child;
  }

  /** Runs one chapter's checks; rejects with the checker's own words when it cannot run them. */
  check(request: Omit<CheckRequest, "type">): Promise<ResultFile> {
    const child = this.start();
    return new Promise((resolve, reject) => {
      const onMessage = (answer: CheckAnswer) => {
        cleanup();
        if (answer.type === "result") resolve(answer.result);
        else reject(new Error(answer.message));
      };
      const onExit = (code: number | null) => {
        cleanup();
        reject(new Error(`checker exited (code ${code})`));
      };
      const cleanup = () => {
        child.off("message", onMessage);
        child.off("exit", onExit);
      };
      child.on("message", onMessage);
      child.on("exit", onExit);
      child.send({ type: "check", ...request } satisfies CheckRequest);
    });
  }

  close(): void {
    if (this.child?.connected) this.child.disconnect();
    this.child = undefined;
  }
}
