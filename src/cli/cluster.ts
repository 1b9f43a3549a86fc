/**
 * `npm run cluster`: the simulated cluster, running on the wall clock, behind the Kubernetes-compatible HTTP API
 * (src/server), with a kubeconfig in `.workbook/kubeconfig` so the real kubectl can drive it.
 *
 *   npm run cluster                     3 worker nodes, the reference components, in-memory store
 *   npm run cluster -- --nodes 5 --seed 7 --speed 10 --port 6443
 *   npm run cluster -- --mine           every slot whose chapter the learner has passed runs the learner's code
 *   npm run cluster -- --mine 6,7       these chapters' slots run the learner's code
 *   npm run cluster -- --etcd http://127.0.0.1:2379 [--fresh]   a real etcd stores everything
 *
 * `startCluster(options)` is the same thing as a function, for tests and the lesson pages; it prints nothing.
 */
import { createWriteStream, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { parseArgs } from "node:util";
import { prefixEnd, type KubeObject, type Pod, type Storage } from "#kube";
import { msg } from "../i18n/messages.ts";
import type { Lang } from "../i18n/text.ts";
import { EtcdStorage } from "../kube/etcd-storage.ts";
import { startApiServer, type ApiHttpServer } from "../server/index.ts";
import { Cluster, KUBELET_ANNOTATION } from "../sim/cluster.ts";
import type { Components } from "../sim/components.ts";
import { loadComponents, type Provenance } from "../sim/slots.ts";
import { loadCatalogue } from "../catalogue/catalogue.ts";
import { CLUSTER_TRACE_FILE, paths, shown } from "../workbook/paths.ts";
import { readProgress } from "../workbook/state.ts";
import { findTool } from "../workbook/tools.ts";

export interface StartClusterOptions {
  /** Worker nodes (default 3): node-1, node-2, ... */
  nodes?: number;
  seed?: number;
  /** Virtual seconds per real second (default 1). */
  speed?: number;
  /** 0 (default): a free port. */
  port?: number;
  /** Chapters whose learner's component fills their slot; "passed": every chapter passed in .workbook/progress.json. */
  mine?: readonly string[] | "passed";
  /** A real etcd's client URL; absent: the in-memory store. */
  etcd?: string;
  /** With `etcd`: delete every key under /registry/ first (else a non-empty etcd is refused). */
  fresh?: boolean;
  /** Where to write the kubeconfig (default .workbook/kubeconfig); null: write none. */
  kubeconfigPath?: string | null;
  /**
   * Where to write the trace as JSON lines while the cluster runs (default .workbook/cluster-trace.jsonl; the lesson
   * pages draw it as a timeline at /cluster/timeline); null: write none.
   */
  tracePath?: string | null;
  /** Components to use instead of loading them from lesson.yaml (tests). */
  components?: Components;
  root?: string;
  /** A request log. */
  onRequest?: (entry: { method: string; url: string; code: number; ms: number }) => void;
}

export interface RunningCluster {
  url: string;
  port: number;
  kubeconfigPath?: string;
  /** Where the trace is being written. */
  tracePath?: string;
  cluster: Cluster;
  server: ApiHttpServer;
  /** The store under the API server (to compact it in a test, say). */
  storage: Storage;
  provenance: Provenance;
  /** The learner's chapters asked for with `mine`. */
  mine: readonly string[];
  /** Stops the loop and the server; the store is dropped (etcd keeps its data). */
  stop(): Promise<void>;
}

export class ClusterError extends Error {
  override name = "ClusterError";
  constructor(
    readonly key: "cluster.etcdNotEmpty",
    readonly params: Record<string, string>,
  ) {
    super(`${key} ${JSON.stringify(params)}`);
  }
}

/** The chapters the learner has passed, by slug (`replicaset`), from .workbook/progress.json. */
export function passedChapters(root = paths.root): string[] {
  const progress = readProgress(join(root, ".workbook", "progress.json"));
  const slugs = Object.entries(progress.lessons).filter(([, p]) => p.status === "passed").map(([slug]) => slug);
  try {
    // Keep only chapters that fill a slot: the others run nothing in the cluster.
    const lessons = loadCatalogue(root);
    return slugs.filter((s) => lessons.some((l) => l.slug === s && l.slot));
  } catch {
    return slugs;
  }
}

/** The kubeconfig of a plain-http server without credentials: cluster, context and user named kube-workbook. */
export function kubeconfigText(url: string): string {
  return [
    "apiVersion: v1",
    "kind: Config",
    "clusters:",
    "- name: kube-workbook",
    "  cluster:",
    `    server: ${url}`,
    "    insecure-skip-tls-verify: true",
    "contexts:",
    "- name: kube-workbook",
    "  context:",
    "    cluster: kube-workbook",
    "    user: kube-workbook",
    "    namespace: default",
    "current-context: kube-workbook",
    "preferences: {}",
    "users:",
    "- name: kube-workbook",
    "  user: {}",
    "",
  ].join("\n");
}

async function etcdStorage(url: string, fresh: boolean): Promise<Storage> {
  const storage = new EtcdStorage(url);
  const range = { key: "/registry/", end: prefixEnd("/registry/") };
  const existing = await storage.range({ ...range, limit: 1 });
  if (existing.count > 0) {
    if (!fresh) throw new ClusterError("cluster.etcdNotEmpty", { url });
    await storage.deleteRange(range);
  }
  return storage;
}

export async function startCluster(options: StartClusterOptions = {}): Promise<RunningCluster> {
  const root = options.root ?? paths.root;
  const mine = options.mine === "passed" ? passedChapters(root) : [...(options.mine ?? [])];
  const loaded = options.components ? { components: options.components, provenance: {} as Provenance } : await loadComponents({ mine, root });
  let storage: Storage | undefined;
  const base = loaded.components;
  const etcd = options.etcd ? await etcdStorage(options.etcd, options.fresh === true) : undefined;
  const components: Components = {
    ...base,
    store: () => {
      storage = etcd ?? base.store?.();
      if (!storage) throw new Error("startCluster: the store slot is empty");
      return storage;
    },
  };
  const nodes = Array.from({ length: options.nodes ?? 3 }, (_, i) => ({ name: `node-${i + 1}` }));
  const epoch = Date.now();
  const cluster = await Cluster.create({ components, seed: options.seed ?? 1, nodes, epoch });
  const clock = cluster.loop.clock;
  cluster.followKubeletAnnotation();
  const stopLoop = cluster.startRealtime({ speed: options.speed ?? 1 });
  const logs = (pod: KubeObject, container: string, { previous }: { previous: boolean }): string[] | undefined => {
    const p = pod as unknown as Pod;
    const kubelet = p.spec?.nodeName ? cluster.kubelets.get(p.spec.nodeName) : undefined;
    if (!kubelet) return undefined;
    const status = [...(p.status?.containerStatuses ?? []), ...(p.status?.initContainerStatuses ?? [])].find((s) => s.name === container);
    if (!status) return undefined;
    let attempt: number | undefined;
    if (previous) {
      if (!status.restartCount) return undefined;
      attempt = status.restartCount - 1;
    } else if (!status.state?.running && !status.state?.terminated) return undefined;
    return kubelet.runtime.logs(p.metadata!.uid!, container, cluster.now(), attempt);
  };
  let server: ApiHttpServer;
  try {
    server = await startApiServer({
      api: cluster.api,
      port: options.port ?? 0,
      now: () => clock.epoch + clock.now(),
      logs,
      ...(options.onRequest ? { onRequest: options.onRequest } : {}),
    });
  } catch (err) {
    stopLoop();
    throw err;
  }
  let kubeconfigPath: string | undefined;
  if (options.kubeconfigPath !== null) {
    kubeconfigPath = options.kubeconfigPath ?? join(root, ".workbook", "kubeconfig");
    mkdirSync(dirname(kubeconfigPath), { recursive: true });
    writeFileSync(kubeconfigPath, kubeconfigText(server.url));
  }
  const tracePath = options.tracePath === null ? undefined : (options.tracePath ?? join(root, ".workbook", CLUSTER_TRACE_FILE));
  const trace = tracePath ? openTraceFile(cluster, tracePath) : undefined;
  let stopped = false;
  return {
    url: server.url,
    port: server.port,
    ...(kubeconfigPath ? { kubeconfigPath } : {}),
    ...(tracePath ? { tracePath } : {}),
    cluster,
    server,
    storage: storage!,
    provenance: loaded.provenance,
    mine,
    async stop() {
      if (stopped) return;
      stopped = true;
      stopLoop();
      await server.close();
      await trace?.close();
    },
  };
}

/** Writes the trace so far to `path`, then every new entry as it is recorded; a new cluster starts a new file. */
function openTraceFile(cluster: Cluster, path: string): { close(): Promise<void> } {
  mkdirSync(dirname(path), { recursive: true });
  const out = createWriteStream(path, { flags: "w" });
  out.write(cluster.trace.toJsonLines());
  let open = true;
  cluster.trace.onEntry((entry) => open && out.write(JSON.stringify(entry) + "\n"));
  return {
    close: () =>
      new Promise<void>((resolve) => {
        open = false;
        out.end(resolve);
      }),
  };
}

function positiveNumber(flag: string, value: string | undefined, lang: Lang, integer: boolean): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) {
    throw Object.assign(new Error(msg("cluster.badNumber", lang, { flag, value })), { usage: true });
  }
  return n;
}

/**
 * The `cluster` command. `argv` is what follows the command name. Resolves when the cluster has been stopped
 * (Ctrl-C), with the exit code.
 */
export async function runCluster(argv: readonly string[], lang: Lang): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: false,
    options: {
      nodes: { type: "string" },
      seed: { type: "string" },
      speed: { type: "string" },
      port: { type: "string" },
      mine: { type: "string" },
      etcd: { type: "string" },
      fresh: { type: "boolean" },
      lang: { type: "string" },
    },
  });
  const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
  let nodes, seed, speed, port;
  try {
    nodes = positiveNumber("nodes", str(values.nodes), lang, true);
    seed = str(values.seed) === undefined ? undefined : Number.isInteger(Number(values.seed)) ? Number(values.seed) : positiveNumber("seed", str(values.seed), lang, true);
    speed = positiveNumber("speed", str(values.speed), lang, false);
    port = str(values.port) === "0" ? 0 : positiveNumber("port", str(values.port), lang, true);
  } catch (err) {
    console.error((err as Error).message);
    return 2;
  }
  // `--mine` alone: every passed chapter; `--mine 6,7` (or a list after a bare --mine): those chapters.
  let mine: readonly string[] | "passed" | undefined;
  if (values.mine !== undefined) {
    const list = typeof values.mine === "string" ? values.mine : positionals[0];
    mine = list && !list.startsWith("-") ? list.split(",").map((s) => s.trim()).filter(Boolean) : "passed";
  }
  const etcdUrl = str(values.etcd) ?? (values.etcd === true ? positionals.find((p) => p.startsWith("http")) : undefined);

  console.log(msg("cluster.starting", lang, { nodes: nodes ?? 3, seed: seed ?? 1, speed: speed ?? 1 }));
  let running: RunningCluster;
  try {
    running = await startCluster({
      ...(nodes !== undefined ? { nodes } : {}),
      ...(seed !== undefined ? { seed } : {}),
      ...(speed !== undefined ? { speed } : {}),
      ...(port !== undefined ? { port } : {}),
      ...(mine !== undefined ? { mine } : {}),
      ...(etcdUrl ? { etcd: etcdUrl, fresh: values.fresh === true } : {}),
    });
  } catch (err) {
    if (err instanceof ClusterError) {
      console.error(msg(err.key, lang, err.params));
      return 1;
    }
    throw err;
  }
  console.log(etcdUrl ? msg("cluster.storeEtcd", lang, { url: etcdUrl }) : msg("cluster.storeMemory", lang));
  if (mine === "passed" && running.mine.length === 0) console.log(msg("cluster.mineNone", lang));
  console.log(msg("cluster.slots", lang));
  for (const [slot, path] of Object.entries(running.provenance)) {
    const key = path.startsWith("lessons/") ? "cluster.slotMine" : "cluster.slotReference";
    console.log(msg(key, lang, { slot, path }));
  }
  console.log("");
  console.log(msg("cluster.ready", lang, { url: running.url, port: running.port }));
  console.log(msg("cluster.kubeconfig", lang, { path: running.kubeconfigPath ?? "" }));
  const manifest = ["lessons/04-manifests/manifests/kubernetes-io-nginx-deployment.yaml", "test/server/fixtures/nginx-deployment.yaml"]
    .map((p) => join(paths.root, p))
    .find((p) => existsSync(p));
  console.log(msg("cluster.try", lang, { manifest: manifest ? shown(manifest) : "https://k8s.io/examples/controllers/nginx-deployment.yaml" }));
  if (!findTool("kubectl", ["version", "--client"])) console.log(msg("cluster.noKubectl", lang, { url: running.url }));
  if (running.tracePath) console.log(msg("cluster.trace", lang, { path: shown(running.tracePath) }));
  console.log(msg("cluster.nodeFailure", lang, { node: running.cluster.kubelets.size > 1 ? "node-2" : "node-1", annotation: KUBELET_ANNOTATION }));
  console.log(msg("cluster.stopHint", lang));

  // Report components that throw inside the loop (a learner's bug), each distinct message once, without stopping
  // the cluster.
  let reported = 0;
  const seen = new Set<string>();
  const errorWatch = setInterval(() => {
    const errors = running.cluster.errors;
    for (; reported < errors.length; reported++) {
      const e = errors[reported]!;
      const error = e.error instanceof Error ? e.error.message : String(e.error);
      const label = e.label.replace(/ .*$/, "");
      if (seen.has(`${label}\0${error}`)) continue;
      seen.add(`${label}\0${error}`);
      console.error(msg("cluster.componentError", lang, { label, error }));
    }
  }, 1000);
  errorWatch.unref();

  await new Promise<void>((resolve) => {
    const onSignal = (): void => {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
      resolve();
    };
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
  });
  clearInterval(errorWatch);
  await running.stop();
  console.log(msg("cluster.stopped", lang));
  return 0;
}
