/**
 * A temporary copy of the workbook, for tests and benchmarks that run the CLI as a learner would: its own git
 * repository (so `reset` finds the pristine stubs) and its own `.workbook/`, with node_modules linked, not copied.
 */
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { paths } from "../../src/workbook/paths.ts";

export interface WorkbookCopy {
  root: string;
  remove(): void;
}

/** Copies the workbook's own files: every chapter, since a chapter's last check runs a cluster of all of them. */
export function copyWorkbook(): WorkbookCopy {
  const root = mkdtempSync(join(tmpdir(), "kube-workbook-"));
  for (const entry of ["package.json", "tsconfig.json", "src", "lessons", "solutions", "checker", "scenarios"]) {
    cpSync(join(paths.root, entry), join(root, entry), { recursive: true, filter: (src) => !src.includes(".workbook") });
  }
  symlinkSync(join(paths.root, "node_modules"), join(root, "node_modules"), "dir");
  const git = (...args: string[]) => execFileSync("git", ["-C", root, ...args], { stdio: "ignore" });
  git("init", "-q");
  git("add", "-A");
  git("-c", "user.name=workbook", "-c", "user.email=workbook@localhost", "commit", "-qm", "workbook");
  return { root, remove: () => rmSync(root, { recursive: true, force: true }) };
}
