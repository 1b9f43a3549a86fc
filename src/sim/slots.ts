/**
 * Fills the cluster's component slots from lesson.yaml: each chapter with a `slot` names the simulator slot its
 * component fills; the component is loaded by path with a dynamic import(), from the reference solution
 * (solutions/NN-slug/<file>) or, for the chapters named in `mine`, from the learner's stub (lessons/NN-slug/<file>).
 * The simulator never imports lessons or solutions statically. A slot whose chapter is not there yet gets the
 * simulator's stand-in (kubelet, deployment-controller); store, apiserver, scheduler and replicaset-controller have
 * none and must come from their chapter.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { paths, shown } from "../workbook/paths.ts";
import type { Pod, Storage } from "#kube";
import { findLesson, loadCatalogue, type Lesson } from "../catalogue/catalogue.ts";
import type { ApiServerOptions } from "../kube/api.ts";
import type { Api } from "./api.ts";
import type { Components, NodeInfo, SchedulerComponent, SyncDeploymentFn, SyncPodFn, SyncReplicaSetFn } from "./components.ts";
import { syncDeployment as standInDeployment } from "./standins/deployment.ts";
import { syncPod as standInKubelet } from "./standins/kubelet.ts";

export const SLOTS = ["store", "apiserver", "scheduler", "replicaset-controller", "deployment-controller", "kubelet"] as const;
export type Slot = (typeof SLOTS)[number];

/** Where each slot's component came from, for the trace header and `--mine` messages. */
export type Provenance = Partial<Record<Slot, string>>;

export interface LoadOptions {
  /** Chapters (`lesson-7`, `7`, `replicaset`) or slots whose learner's stub is used instead of the reference. */
  mine?: readonly string[];
  root?: string;
}

/**
 * Where each slot's chapter is expected while its lesson.yaml is not written yet (the chapters land one by one):
 * folder, file and export, as DESIGN.md's curriculum names them.
 */
const EXPECTED: Record<Slot, { dir: string; file: string; component: string }> = {
  store: { dir: "02-etcd", file: "mvcc-store.ts", component: "MvccStore" },
  apiserver: { dir: "03-apiserver", file: "api-server.ts", component: "ApiServer" },
  kubelet: { dir: "05-kubelet", file: "kubelet.ts", component: "syncPod" },
  scheduler: { dir: "06-scheduler", file: "schedule.ts", component: "schedule" },
  "replicaset-controller": { dir: "07-replicaset", file: "replicaset-controller.ts", component: "syncReplicaSet" },
  "deployment-controller": { dir: "08-deployment", file: "deployment-controller.ts", component: "syncDeployment" },
};

interface SlotSource {
  path: string;
  component: string;
}

async function importExport(path: string, name: string): Promise<unknown> {
  const module = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  if (!(name in module)) throw new Error(`${path} does not export ${name}`);
  return module[name];
}

/** The lesson filling `slot`, from lesson.yaml, else from the expected folder; the learner's file when `mine` says so. */
function sourceFor(slot: Slot, lessons: readonly Lesson[], mine: readonly string[], root: string): SlotSource | undefined {
  const lesson = lessons.find((l) => l.slot === slot);
  const expected = EXPECTED[slot];
  const dir = lesson?.dir ?? expected.dir;
  const wantsMine = mine.some((m) => m === slot || m === dir || (lesson && findLesson(lessons, m) === lesson) || m === `lesson-${Number(dir.slice(0, 2))}`);
  const file = lesson?.file ?? expected.file;
  const path = join(root, wantsMine ? "lessons" : "solutions", dir, file);
  return existsSync(path) ? { path, component: lesson?.component ?? expected.component } : undefined;
}

function catalogue(root: string): Lesson[] {
  try {
    return loadCatalogue(root);
  } catch {
    return []; // a chapter being written without its lesson.yaml yet: fall back to the expected folders
  }
}

export async function loadComponents(options: LoadOptions = {}): Promise<{ components: Components; provenance: Provenance }> {
  const root = options.root ?? paths.root;
  const lessons = catalogue(root);
  const mine = options.mine ?? [];
  const provenance: Provenance = {};
  const find = (slot: Slot): SlotSource | undefined => {
    const source = sourceFor(slot, lessons, mine, root);
    if (source) provenance[slot] = shown(source.path);
    return source;
  };
  const load = async (slot: Slot): Promise<unknown> => {
    const source = find(slot);
    if (!source) throw new Error(`No component for the "${slot}" slot: ${EXPECTED[slot].dir} is not in this workbook yet`);
    return importExport(source.path, source.component);
  };

  const StoreClass = (await load("store")) as new () => Storage;
  const ApiClass = (await load("apiserver")) as new (o: ApiServerOptions) => Api;
  const scheduleSource = find("scheduler");
  if (!scheduleSource) throw new Error(`No component for the "scheduler" slot: ${EXPECTED.scheduler.dir} is not in this workbook yet`);
  const scheduler = (await import(pathToFileURL(scheduleSource.path).href)) as SchedulerComponent;
  const replicaset = (await load("replicaset-controller")) as SyncReplicaSetFn;
  const deployment = find("deployment-controller") ? ((await load("deployment-controller")) as SyncDeploymentFn) : standInDeployment;
  const kubelet = find("kubelet") ? ((await load("kubelet")) as SyncPodFn) : standInKubelet;
  provenance["deployment-controller"] ??= "src/sim/standins/deployment.ts";
  provenance.kubelet ??= "src/sim/standins/kubelet.ts";
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
