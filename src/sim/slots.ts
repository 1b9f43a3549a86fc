/**
 * Fills the cluster's component slots from lesson.yaml: each chapter with a `slot` names the simulator slot its
 * component fills; the component is loaded by path with a dynamic import(), from the reference solution
 * (solutions/NN-slug/<file>) or, for the chapters named in `mine`, from the learner's stub (lessons/NN-slug/<file>).
 * The simulator never imports lessons or solutions statically, and keeps no list of chapters: the catalogue is it.
 */
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { paths, shown } from "../workbook/paths.ts";
import type { Pod, Storage } from "#kube";
import { findLesson, loadCatalogue, type Lesson } from "../catalogue/catalogue.ts";
import type { ApiServerOptions } from "../kube/api.ts";
import type { Api } from "./api.ts";
import type { Components, NodeInfo, SchedulerComponent, SyncDeploymentFn, SyncPodFn, SyncReplicaSetFn } from "./components.ts";

export const SLOTS = ["store", "apiserver", "scheduler", "replicaset-controller", "deployment-controller", "kubelet"] as const;
export type Slot = (typeof SLOTS)[number];

/** Where each slot's component came from, for the trace header and `--mine` messages. */
export type Provenance = Partial<Record<Slot, string>>;

export interface LoadOptions {
  /** Chapters (`lesson-7`, `7`, `replicaset`) or slots whose learner's stub is used instead of the reference. */
  mine?: readonly string[];
  root?: string;
}

/** The module filling `slot`: the reference, or the learner's file when `mine` names the chapter or the slot. */
function sourceFor(slot: Slot, lessons: readonly Lesson[], mine: readonly string[], root: string): string {
  const lesson = lessons.find((l) => l.slot === slot);
  if (!lesson) throw new Error(`No chapter fills the "${slot}" slot: no lesson.yaml says \`slot: ${slot}\``);
  const wantsMine = mine.some((m) => m === slot || findLesson(lessons, m) === lesson);
  return join(root, wantsMine ? "lessons" : "solutions", lesson.dir, lesson.file);
}

export async function loadComponents(options: LoadOptions = {}): Promise<{ components: Components; provenance: Provenance }> {
  const root = options.root ?? paths.root;
  const lessons = loadCatalogue(root);
  const mine = options.mine ?? [];
  const provenance: Provenance = {};
  const module = async (slot: Slot): Promise<Record<string, unknown>> => {
    const path = sourceFor(slot, lessons, mine, root);
    provenance[slot] = shown(path);
    return (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  };
  const load = async (slot: Slot): Promise<unknown> => {
    const lesson = lessons.find((l) => l.slot === slot)!;
    const exports = await module(slot);
    if (!(lesson.component in exports)) throw new Error(`${provenance[slot]} does not export ${lesson.component}`);
    return exports[lesson.component];
  };

  const StoreClass = (await load("store")) as new () => Storage;
  const ApiClass = (await load("apiserver")) as new (o: ApiServerOptions) => Api;
  // The scheduler slot takes the whole module: `schedule`, `newSnapshot` and, when there, `addPod`.
  const scheduler = (await module("scheduler")) as unknown as SchedulerComponent;
  const replicaset = (await load("replicaset-controller")) as SyncReplicaSetFn;
  const deployment = (await load("deployment-controller")) as SyncDeploymentFn;
  const kubelet = (await load("kubelet")) as SyncPodFn;
  return {
    components: {
      store: () => new StoreClass(),
      apiserver: (o) => new ApiClass(o),
      scheduler: {
        schedule: (i) => scheduler.schedule(i),
        newSnapshot: (p, n) => scheduler.newSnapshot(p, n),
        ...(typeof scheduler.addPod === "function" ? { addPod: (i: NodeInfo, p: Pod) => scheduler.addPod!(i, p) } : {}),
      },
      replicaset,
      deployment,
      kubelet,
    },
    provenance,
  };
}
