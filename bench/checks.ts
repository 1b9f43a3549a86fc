/**
 * Check latency as a learner feels it, on a passing chapter (the solution copied over the stub in a temporary
 * workbook): cold, `npm run check` in a new process; warm, a re-check after a save in watch mode (the checker process
 * is up and a worker is kept warm).
 */
import { spawnSync } from "node:child_process";
import { copyFileSync } from "node:fs";
import { join } from "node:path";
import { copyWorkbook } from "../checker/testing/workbook-copy.ts";
import { loadCatalogue } from "../src/catalogue/catalogue.ts";
import { CheckerClient } from "../src/cli/checker-client.ts";

export interface Spread {
  min: number;
  median: number;
  max: number;
}

export const spread = (samples: number[]): Spread => {
  const s = [...samples].sort((a, b) => a - b);
  return { min: s[0]!, median: s[Math.floor(s.length / 2)]!, max: s.at(-1)! };
};

export interface CheckBench {
  lesson: string;
  coldMs: Spread;
  warmMs: Spread;
}

export async function benchChecks(runs = 5, chapter = "01-"): Promise<CheckBench> {
  // Every chapter: a chapter's in-cluster check runs the other chapters' reference components.
  const copy = copyWorkbook();
  try {
    const lesson = loadCatalogue(copy.root).find((l) => l.dir.startsWith(chapter))!;
    copyFileSync(lesson.solutionPath, lesson.stubPath);
    const cold: number[] = [];
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      const r = spawnSync(process.execPath, ["--import", "tsx", "src/cli/main.ts", "check", lesson.id, "--seed", "1"], { cwd: copy.root, encoding: "utf8" });
      if (r.status !== 0) throw new Error(`the solution did not pass: ${r.stdout}${r.stderr}`);
      cold.push(performance.now() - started);
    }
    // Watch mode: the checker process stays up; each save is one more request with a warm worker waiting.
    const warm: number[] = [];
    const client = new CheckerClient(copy.root);
    try {
      const request = { lesson: lesson.dir, implPath: join(copy.root, "lessons", lesson.dir, lesson.file), seed: 1, lang: "en" as const, record: true, warm: true };
      await client.check(request);
      for (let i = 0; i < runs; i++) {
        await new Promise((r) => setTimeout(r, 300)); // the learner types; the spare worker gets ready meanwhile
        const started = performance.now();
        const result = await client.check(request);
        if (result.status !== "passed") throw new Error("the solution did not pass in watch mode");
        warm.push(performance.now() - started);
      }
    } finally {
      client.close();
    }
    return { lesson: lesson.id, coldMs: spread(cold), warmMs: spread(warm) };
  } finally {
    copy.remove();
  }
}
