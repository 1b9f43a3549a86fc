/**
 * Why a pod is where it is (or Pending): chapter 6's reference scheduler (solutions/NN-scheduler, loaded by path
 * with a dynamic import as src/sim/slots.ts does, never imported statically) run once more for that pod on the
 * cluster as it is now: every node's filter result and, for the feasible ones, each score plugin's normalised score.
 * The other pods count as they are bound; the pod itself is taken off its node, as it was before it was scheduled.
 */
import { existsSync, realpathSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Node, Pod } from "#kube";
import { loadCatalogue } from "../catalogue/catalogue.ts";

interface FilterFailure {
  plugin: string;
  code: string;
  reasons: string[];
}
type NodeScores = Record<string, number> & { total: number };

/** What the panel shows; `filtered` and `scores` are the reference's own result fields. */
export interface Explanation {
  pod: string;
  /** The node the pod is bound to now, if any. */
  boundTo?: string;
  /** The node the reference picks now; absent when the pod fits nowhere. */
  node?: string;
  message?: string;
  nodes: string[];
  filtered: Record<string, FilterFailure>;
  scores: Record<string, NodeScores>;
  /** The nodes that tied for the highest total (more than one means the choice among them was random). */
  tied: string[];
}

interface SchedulerModule {
  schedule(input: {
    pod: Pod;
    nodeInfos: readonly unknown[];
    startIndex: number;
    percentageOfNodesToScore?: number;
    pick: (best: string[]) => string;
  }): { node?: string; message?: string; filtered: Record<string, FilterFailure>; scores: Record<string, NodeScores> };
  newSnapshot(pods: readonly Pod[], nodes: readonly Node[]): unknown[];
}

/** The reference scheduler's file: the chapter whose lesson.yaml fills the scheduler slot, else 06-scheduler. */
export function schedulerPath(root: string): string {
  let found: string | undefined;
  try {
    const lesson = loadCatalogue(root).find((l) => l.slot === "scheduler");
    if (lesson) found = lesson.solutionPath;
  } catch {
    // a broken lesson.yaml elsewhere: fall back to the expected folder
  }
  return found && existsSync(found) ? found : join(root, "solutions", "06-scheduler", "schedule.ts");
}

const modules = new Map<string, Promise<SchedulerModule>>();
export function loadScheduler(root: string): Promise<SchedulerModule> {
  // The real path: a linked solutions/ folder must resolve `#kube` from the package it really belongs to.
  const path = realpathSync(schedulerPath(root));
  let module = modules.get(path);
  if (!module) {
    module = import(pathToFileURL(path).href) as Promise<SchedulerModule>;
    module.catch(() => modules.delete(path));
    modules.set(path, module);
  }
  return module;
}

const podKey = (p: Pod): string => `${p.metadata?.namespace ?? "default"}/${p.metadata?.name ?? ""}`;
const finished = (p: Pod): boolean => p.status?.phase === "Succeeded" || p.status?.phase === "Failed";

/**
 * Runs the reference scheduler for `target` on `nodes` and the other `pods`.
 * @returns per-node filter failures and scores, the node it would pick now and the node the pod is bound to
 */
export function explain(scheduler: SchedulerModule, target: Pod, nodes: readonly Node[], pods: readonly Pod[]): Explanation {
  const key = podKey(target);
  const boundTo = target.spec?.nodeName;
  const sortedNodes = [...nodes].sort((a, b) => ((a.metadata?.name ?? "") < (b.metadata?.name ?? "") ? -1 : 1));
  const others = pods.filter((p) => podKey(p) !== key && p.spec?.nodeName && !finished(p));
  const { nodeName: _bound, ...spec } = target.spec ?? { containers: [] };
  const pod = { ...target, spec } as Pod;
  let tied: string[] = [];
  const result = scheduler.schedule({
    pod,
    nodeInfos: scheduler.newSnapshot(others, sortedNodes),
    startIndex: 0,
    percentageOfNodesToScore: 100,
    // Among equally good nodes, show the one the pod is on; otherwise the first.
    pick: (best) => {
      tied = best;
      return boundTo && best.includes(boundTo) ? boundTo : best[0]!;
    },
  });
  return {
    pod: key,
    ...(boundTo ? { boundTo } : {}),
    ...(result.node ? { node: result.node } : {}),
    ...(result.message ? { message: result.message } : {}),
    nodes: sortedNodes.map((n) => n.metadata?.name ?? ""),
    filtered: result.filtered,
    scores: result.scores,
    tied,
  };
}
