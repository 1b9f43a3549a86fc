/**
 * Shows reader output a screen at a time, as git and man do: through `$PAGER` (default `less -R`, which passes colour
 * codes through) when stdout is a terminal and the text does not fit; printed directly otherwise, and also when the
 * pager cannot be started.
 */
import { spawn } from "node:child_process";
import type { Writable } from "node:stream";

export interface PageOptions {
  /** Where the text goes (default `process.stdout`); the pager is used only when it is a TTY with known rows. */
  out?: Writable & { isTTY?: boolean; rows?: number };
  /** Environment to read `PAGER` and `LESS` from (default `process.env`). */
  env?: NodeJS.ProcessEnv;
}

/**
 * Writes `text` to the terminal, paging it when taller than the screen.
 * @returns a promise resolved once the text is written or the pager has exited
 */
export async function page(text: string, opts: PageOptions = {}): Promise<void> {
  const out = opts.out ?? process.stdout;
  const env = opts.env ?? process.env;
  const body = text.endsWith("\n") ? text : text + "\n";
  const height = body.split("\n").length - 1;
  const command = (env.PAGER ?? "less -R").trim().split(/\s+/).filter(Boolean);

  const fits = !out.isTTY || !out.rows || height < out.rows;
  if (fits || command.length === 0 || command[0] === "cat") return write(out, body);
  if (await runPager(command, body, env)) return;
  return write(out, body);
}

function write(out: Writable, text: string): Promise<void> {
  return new Promise((resolve) => {
    out.write(text, () => resolve());
  });
}

/** Runs the pager with the text on its stdin; resolves false when it could not be started (nothing was shown). */
function runPager([cmd, ...args]: string[], text: string, env: NodeJS.ProcessEnv): Promise<boolean> {
  return new Promise((resolve) => {
    // A plain `PAGER=less` would show colour codes as ^[[1m; git sets LESS the same way when the user has not.
    const child = spawn(cmd!, args, { stdio: ["pipe", "inherit", "inherit"], env: { ...env, LESS: env.LESS ?? "R" } });
    // Ctrl-C in less reaches our whole process group: the pager handles it, the reader must not die under it.
    const ignoreInterrupt = (): void => {};
    process.on("SIGINT", ignoreInterrupt);
    let started = true;
    child.on("error", () => {
      started = false; // ENOENT and friends: the caller prints instead
    });
    child.on("close", () => {
      process.off("SIGINT", ignoreInterrupt);
      resolve(started);
    });
    // Quitting the pager before the end closes its stdin under us (EPIPE): that is the user's choice, not an error.
    child.stdin.on("error", () => {});
    child.stdin.end(text);
  });
}
