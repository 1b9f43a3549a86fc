/**
 * Mutants: known-wrong variants of a solution, each the classic bug of its component. A mutant is the solution with a
 * few exact text replacements, so it reads as a diff ("the revision is kept per key") and stays in step with the
 * solution: a replacement whose text no longer occurs exactly once is an error, not a silently harmless mutant.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import type { Text } from "../src/i18n/text.ts";

export interface Mutant {
  /** The bug, in both languages, as a learner might write it. */
  about: Text;
  replace: readonly { from: string; to: string }[];
}

export const defineMutant = (mutant: Mutant): Mutant => mutant;

/** The solution's source with the mutant's replacements made. */
export function mutate(source: string, mutant: Mutant, name: string): string {
  let out = source;
  for (const { from, to } of mutant.replace) {
    const count = out.split(from).length - 1;
    if (count !== 1) throw new Error(`mutant ${name}: the text to replace occurs ${count} times in the solution, not once: ${JSON.stringify(from)}`);
    out = out.replace(from, () => to);
  }
  return out;
}

/**
 * Writes the mutated solution under `dir` (inside the workbook, so that `#kube` imports resolve as they do for the
 * solution) and returns its path.
 */
export function writeMutant(solutionPath: string, mutant: Mutant, name: string, dir: string): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name}.${basename(solutionPath)}`);
  writeFileSync(path, mutate(readFileSync(solutionPath, "utf8"), mutant, name));
  return path;
}
