/**
 * Where the workbook's parts live. Everything is found from the workbook root (the folder with package.json), so a
 * copy of the workbook elsewhere (as the CLI tests make) works on its own files.
 */
import { existsSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";

function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "package.json"))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error("kube-workbook: package.json not found above " + fileURLToPath(import.meta.url));
    dir = parent;
  }
  return dir;
}

/** The workbook root: the folder of the package.json above this file. */
export const ROOT = findRoot();

/** A running `npm run cluster`'s trace, as JSON lines, under the state folder (the pages draw it as a timeline). */
export const CLUSTER_TRACE_FILE = "cluster-trace.jsonl";

export const paths = {
  root: ROOT,
  lessons: join(ROOT, "lessons"),
  solutions: join(ROOT, "solutions"),
  checker: join(ROOT, "checker"),
  /** The learner's state; git-ignored and never part of the workbook itself. */
  state: join(ROOT, ".workbook"),
  results: join(ROOT, ".workbook", "results"),
  backups: join(ROOT, ".workbook", "backups"),
  progress: join(ROOT, ".workbook", "progress.json"),
  preferences: join(ROOT, ".workbook", "preferences.json"),
  kubeconfig: join(ROOT, ".workbook", "kubeconfig"),
  clusterTrace: join(ROOT, ".workbook", CLUSTER_TRACE_FILE),
};

/** A path as the learner reads it: relative to the workbook root, with forward slashes. */
export const shown = (path: string): string => relative(ROOT, path).split(sep).join("/");
