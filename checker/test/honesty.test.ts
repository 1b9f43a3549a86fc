/**
 * The checker is honest: for every chapter, the spec passes on its solution, fails on its untouched stub, and
 * catches every mutant; and no check is vacuous: each is failed by the stub or by at least one mutant.
 */
import { describe, expect, it } from "vitest";
import { loadCatalogue } from "../../src/catalogue/catalogue.ts";
import { loadMutants, runLesson, runMutant } from "../lesson-run.ts";
import type { Run } from "../runner/run.ts";

const SEED = 20261128;
const failedIds = (run: Run): string[] => run.checks.filter((c) => c.outcome.status === "failed").map((c) => c.id);
const explain = (run: Run): string =>
  run.loadError?.en ??
  run.checks
    .filter((c) => c.outcome.status === "failed")
    .map((c) => (c.outcome.status === "failed" ? `${c.id}: ${c.outcome.kind}: ${c.outcome.message.en}\n${JSON.stringify(c.outcome.detail ?? {})}` : ""))
    .join("\n");

for (const lesson of loadCatalogue()) {
  describe(`${lesson.dir}`, () => {
    const caught = new Set<string>();
    let checkIds: string[] = [];

    it("passes every check on its solution", async () => {
      const run = await runLesson(lesson, lesson.solutionPath, SEED);
      checkIds = run.checks.map((c) => c.id);
      expect(explain(run)).toBe("");
      expect(run.status).toBe("passed");
    });

    it("fails on its untouched stub", async () => {
      const run = await runLesson(lesson, lesson.stubPath, SEED);
      expect(run.status).toBe("failed");
      for (const id of failedIds(run)) caught.add(id);
    });

    it("has at least four mutants", async () => {
      expect((await loadMutants(lesson)).length).toBeGreaterThanOrEqual(4);
    });

    it("catches every mutant with a named check", async () => {
      const escaped: string[] = [];
      for (const m of await loadMutants(lesson)) {
        const run = await runMutant(lesson, m, SEED);
        const failed = failedIds(run);
        if (failed.length === 0 || run.loadError) escaped.push(`${m.name}${run.loadError ? ` (did not load: ${run.loadError.en})` : ""}`);
        for (const id of failed) caught.add(id);
      }
      expect(escaped).toEqual([]);
    });

    it("has no check that nothing fails", () => {
      // The ids come from the solution's run above: none means that run broke, not that every check is caught.
      expect(checkIds.length).toBeGreaterThan(0);
      expect(checkIds.filter((id) => !caught.has(id))).toEqual([]);
    });
  });
}
