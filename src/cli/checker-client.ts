/**
 * Talks to the checker process (checker/host.ts), started as a child so that learner code that hangs or crashes can
 * never take the CLI down with it. Watch mode keeps one child for the session, so a re-check after a save skips the
 * start-up.
 */
import { fork, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import type { CheckAnswer, CheckRequest, ResultFile } from "../workbook/check-protocol.ts";
import { paths } from "../workbook/paths.ts";

export class CheckerClient {
  private child?: ChildProcess;

  /** @param root the workbook whose checker to start (another copy in benchmarks) */
  constructor(private readonly root = paths.root) {}

  private start(): ChildProcess {
    if (this.child && this.child.connected) return this.child;
    this.child = fork(join(this.root, "checker", "host.ts"), [], {
      cwd: this.root,
      execArgv: ["--import", "tsx"],
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
