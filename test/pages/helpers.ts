/**
 * A workbook copy for the page tests: a temp folder with a few chapters copied from lessons/ (chosen, so a chapter
 * another engineer is writing right now cannot break these tests), solutions/ linked to the real one (the cluster
 * page loads the reference scheduler from it), and its own .workbook/ state. `cleanup()` removes it.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { paths } from "../../src/workbook/paths.ts";

export const CHAPTERS = ["01-desired-state", "02-etcd", "06-scheduler", "07-replicaset"];

export interface TestRoot {
  root: string;
  state: string;
  write(file: string, text: string): void;
  cleanup(): void;
}

export function makeRoot(): TestRoot {
  const root = mkdtempSync(join(tmpdir(), "pages-test-"));
  for (const dir of CHAPTERS) cpSync(join(paths.lessons, dir), join(root, "lessons", dir), { recursive: true });
  symlinkSync(paths.solutions, join(root, "solutions"), "dir");
  const state = join(root, ".workbook");
  mkdirSync(join(state, "results"), { recursive: true });
  return {
    root,
    state,
    write: (file, text) => {
      mkdirSync(join(state, file, ".."), { recursive: true });
      writeFileSync(join(state, file), text);
    },
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}
