/**
 * Runs a chapter's spec against one implementation of it: the learner's file, the solution, or a mutant.
 */
import { existsSync, readdirSync, rmSync } from "node:fs";
import { basename, join } from "node:path";
import type { Lesson } from "../src/catalogue/catalogue.ts";
import { paths, shown } from "../src/workbook/paths.ts";
import { writeMutant, type Mutant } from "./mutant.ts";
import { runChecks, type Run } from "./runner/run.ts";

export function targetFor(lesson: Lesson, implPath: string, seed: number) {
  return {
    specPath: lesson.specPath,
    refPath: lesson.solutionPath,
    implPath,
    shownImpl: shown(implPath),
    seed,
    ...(lesson.timeLimitMs ? { timeLimitMs: lesson.timeLimitMs } : {}),
  };
}

/** Runs the spec on `implPath` in a worker of its own. */
export const runLesson = (lesson: Lesson, implPath: string, seed: number): Promise<Run> => runChecks(targetFor(lesson, implPath, seed));

export interface LoadedMutant {
  name: string;
  mutant: Mutant;
}

/** The chapter's mutants, by file name. */
export async function loadMutants(lesson: Lesson): Promise<LoadedMutant[]> {
  if (!existsSync(lesson.mutantsDir)) return [];
  const files = readdirSync(lesson.mutantsDir).filter((f) => f.endsWith(".ts")).sort();
  return Promise.all(
    files.map(async (f) => ({ name: basename(f, ".ts"), mutant: ((await import(join(lesson.mutantsDir, f))) as { default: Mutant }).default })),
  );
}

/** Runs the spec on one mutant, written for the run under .workbook/tmp and removed afterwards. */
export async function runMutant(lesson: Lesson, { name, mutant }: LoadedMutant, seed: number): Promise<Run> {
  const dir = join(paths.state, "tmp", "mutants", lesson.dir, `${name}-${process.pid}`);
  try {
    return await runChecks(targetFor(lesson, writeMutant(lesson.solutionPath, mutant, name, dir), seed));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
