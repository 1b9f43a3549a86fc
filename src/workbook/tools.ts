/**
 * System tools that some tests need (etcd, kubectl, chromium). Where one is missing a test skips with a loud message;
 * under CI=true, where .ci/run has installed every tool, a missing tool is a failure instead of a silent pass.
 */
import { execFileSync } from "node:child_process";

/** The tool's path if it runs (`tool --version` exits 0), else undefined. */
export function findTool(command: string, versionArgs: readonly string[] = ["--version"]): string | undefined {
  try {
    execFileSync(command, versionArgs, { stdio: "ignore", timeout: 20_000 });
    return execFileSync("sh", ["-c", `command -v ${command}`], { encoding: "utf8" }).trim() || command;
  } catch {
    return undefined;
  }
}

/**
 * For a test file: returns the tool's path, or undefined after printing why the tests that need it are skipped.
 * Throws under CI=true, so a CI run without the tool fails.
 * @example const etcd = requireTool("etcd", "apt-get install etcd-server"); describe.skipIf(!etcd)(...)
 */
export function requireTool(command: string, install: string, versionArgs?: readonly string[]): string | undefined {
  const path = findTool(command, versionArgs);
  if (path) return path;
  const message = `${command} is not installed, so the tests that need it are SKIPPED. Install it with: ${install}`;
  if (process.env.CI === "true") throw new Error(`CI=true: ${message}`);
  console.warn(`\n!!!!! ${message} !!!!!\n`);
  return undefined;
}
