/**
 * A whole simulated cluster, assembled from component slots: the store and the API server over it, the scheduler,
 * the ReplicaSet and Deployment controllers, a kubelet with a fake runtime per node, and the parts no chapter
 * teaches (node heartbeats, node lifecycle and taint eviction, admission and ClusterIP allocation, namespaces,
 * events, the garbage collector and the pod garbage collector). Runs in
 * virtual time as fast as possible (`runFor`, `runUntil`) or tied to the wall clock (`startRealtime`).
 *
 * @example
 * const { components } = await loadComponents();
 * const cluster = await Cluster.create({ components, seed: 1, nodes: [{ name: "node-1" }] });
 * await cluster.apply([deployment]);
 * await cluster.runFor(60_000);
 * console.log(cluster.trace.toText());
 */
import { resourceForKind, type KubeObject, type Pod } from "#kube";
import { withAdmission } from "./admission.ts";
import { statusCode } from "./api.ts";
import { SCENARIO_EPOCH, VirtualClock } from "./clock.ts";
import type { Components } from "./components.ts";
import { describe, newInformers, record, WATCHED, type SimContext } from "./context.ts";
import { DeploymentController } from "./deployment.ts";
import { EventRecorder } from "./events.ts";
import { GarbageCollector } from "./gc.ts";
import { ClusterIpAllocator, PodIpam } from "./ipam.ts";
import { Kubelet } from "./kubelet.ts";
import { Loop } from "./loop.ts";
import { INITIAL_NAMESPACES, namespaceObject, NamespaceController } from "./namespaces.ts";
import { NameGenerator } from "./names.ts";
import { NodeLifecycleController } from "./node-lifecycle.ts";
import { healthyConditions, nodeObject, renewLease, startHeartbeat, type NodeSpecInput } from "./nodes.ts";
import { PodGarbageCollector } from "./pod-gc.ts";
import { Random } from "./random.ts";
import { ReplicaSetController } from "./replicaset.ts";
import { Scheduler } from "./scheduler.ts";
import { TaintEvictionController } from "./taint-eviction.ts";
import { Trace } from "./trace.ts";
import { podsOnNode } from "./views.ts";

export interface ClusterOptions {
  components: Components;
  seed?: number;
  /** Wall time that virtual time 0 stands for; scenario runs use 2026-01-01T00:00:00Z. */
  epoch?: number;
  nodes?: NodeSpecInput[];
  percentageOfNodesToScore?: number;
}

/** Whether the heartbeat started now should go on: while the kubelet lives this same life (a restart starts another). */
const heartbeatOf = (kubelet: Kubelet): (() => boolean) => {
  const life = kubelet.lives;
  return () => kubelet.alive && kubelet.lives === life;
};

/** The node annotation that stops (`stopped`) a node's kubelet in a cluster that follows it. */
export const KUBELET_ANNOTATION = "kube-workbook.dev/kubelet";

export class Cluster {
  readonly kubelets = new Map<string, Kubelet>();
  readonly events: EventRecorder;
  #nodeCount = 0;
  scheduler!: Scheduler;
  replicasets!: ReplicaSetController;

  private constructor(readonly ctx: SimContext) {
    this.events = new EventRecorder(ctx);
  }

  get trace(): Trace {
    return this.ctx.trace;
  }
  get api() {
    return this.ctx.api;
  }
  get loop(): Loop {
    return this.ctx.loop;
  }
  /** Virtual milliseconds since the start. */
  now(): number {
    return this.ctx.loop.now();
  }

  static async create(options: ClusterOptions): Promise<Cluster> {
    const clock = new VirtualClock(options.epoch ?? SCENARIO_EPOCH);
    const loop = new Loop(clock);
    const random = new Random(options.seed ?? 1);
    const names = new NameGenerator(random);
    const rfc3339 = (ms?: number): string => clock.rfc3339(ms);
    const storage = options.components.store?.();
    if (!storage) throw new Error("Cluster.create: the store slot is empty");
    const apiserver = options.components.apiserver({ storage, now: () => rfc3339(), uid: () => names.uid(), suffix: () => names.generateName("") });
    const api = withAdmission(apiserver, new ClusterIpAllocator(random));
    const ctx: SimContext = { loop, random, names, api, trace: new Trace(), informers: newInformers(), rfc3339 };
    const cluster = new Cluster(ctx);
    for (const ns of INITIAL_NAMESPACES) await api.create("namespaces", namespaceObject(ns));
    for (const resource of WATCHED) await ctx.informers[resource].start(api);
    const c = options.components;
    cluster.scheduler = new Scheduler(ctx, cluster.events, c.scheduler, options.percentageOfNodesToScore);
    cluster.replicasets = new ReplicaSetController(ctx, cluster.events, c.replicaset);
    new DeploymentController(ctx, cluster.events, c.deployment);
    new GarbageCollector(ctx);
    new NamespaceController(ctx);
    new NodeLifecycleController(ctx, cluster.events);
    new TaintEvictionController(ctx, cluster.events);
    new PodGarbageCollector(ctx);
    cluster.#syncPod = c.kubelet;
    for (const node of options.nodes ?? []) await cluster.addNode(node);
    return cluster;
  }

  #syncPod!: Components["kubelet"];

  /** Registers a node (Node object, Lease, heartbeats) and starts its kubelet. */
  async addNode(input: NodeSpecInput): Promise<void> {
    const ctx = this.ctx;
    const index = this.#nodeCount++;
    const node = nodeObject(input, index, ctx.rfc3339());
    const created = await ctx.api.create<KubeObject>("nodes", node as KubeObject);
    // Status is the kubelet's to write (the create strategy may drop it).
    await ctx.api.updateStatus("nodes", { ...created, status: node.status } as KubeObject);
    record(ctx, { component: `kubelet/${input.name}`, verb: "registered", ...describe("nodes", created) });
    const hostIP = node.status!.addresses![0]!.address;
    const kubelet = new Kubelet(ctx, input.name, hostIP, new PodIpam(node.spec!.podCIDR!), this.#syncPod, this.events);
    this.kubelets.set(input.name, kubelet);
    await startHeartbeat(ctx, input.name, heartbeatOf(kubelet));
  }

  /** Creates each object, or replaces the one of the same name (a simple `kubectl apply`). */
  async apply(objects: readonly KubeObject[], component = "kubectl"): Promise<void> {
    for (const object of objects) {
      const info = resourceForKind(object.apiVersion, object.kind);
      if (!info) throw new Error(`Cannot apply ${object.apiVersion} ${object.kind}: the simulator does not serve it`);
      const ns = info.namespaced ? (object.metadata.namespace ?? "default") : undefined;
      try {
        const created = await this.api.create<KubeObject>(info.resource, { ...object, metadata: { ...object.metadata, ...(ns ? { namespace: ns } : {}) } });
        record(this.ctx, { component, verb: "created", ...describe(info.resource, created) });
      } catch (err) {
        if (statusCode(err) !== 409) throw err;
        const live = await this.api.get<KubeObject>(info.resource, ns, object.metadata.name!);
        const next = { ...live, ...object, metadata: { ...live.metadata, labels: object.metadata.labels, annotations: { ...live.metadata.annotations, ...object.metadata.annotations } }, status: live.status };
        const written = await this.api.update<KubeObject>(info.resource, next);
        record(this.ctx, { component, verb: "configured", ...describe(info.resource, written) });
      }
    }
  }

  /** Runs the cluster for `ms` virtual milliseconds. */
  runFor(ms: number): Promise<void> {
    return this.loop.runUntil(this.now() + ms);
  }

  runUntil(ms: number): Promise<void> {
    return this.loop.runUntil(ms);
  }

  /** Ties the cluster to the wall clock; returns a stop function. (Create it with `epoch: Date.now()`.) */
  startRealtime(options: { speed?: number } = {}): () => void {
    return this.loop.startRealtime(options);
  }

  /** The killNode fault: heartbeats and the kubelet stop; the node goes Unknown after the grace period. */
  killNode(name: string): void {
    const kubelet = this.kubelets.get(name);
    if (!kubelet) throw new Error(`No node "${name}"`);
    kubelet.alive = false;
    record(this.ctx, { component: "scenario", verb: "killed", kind: "Node", name });
  }

  /**
   * The reviveNode fault's end: the kubelet is back (a network partition healed, or the machine rebooted with its
   * containers still there). It renews its Lease at once, posts Ready=True with a NodeReady Event, as
   * pkg/kubelet/nodestatus does on a transition, and syncs every pod bound to it: those deleted meanwhile are
   * finished off, the others report Ready again.
   */
  async reviveNode(name: string): Promise<void> {
    const ctx = this.ctx;
    const kubelet = this.kubelets.get(name);
    if (!kubelet) throw new Error(`No node "${name}"`);
    if (kubelet.alive) return;
    kubelet.alive = true;
    kubelet.lives++;
    record(ctx, { component: "scenario", verb: "revived", kind: "Node", name });
    await renewLease(ctx, name, heartbeatOf(kubelet));
    const node = await ctx.api.get<KubeObject>("nodes", undefined, name);
    const written = await ctx.api.updateStatus<KubeObject>("nodes", { ...node, status: { ...(node.status as object), conditions: healthyConditions(ctx.rfc3339()) } });
    record(ctx, { component: kubelet.component, verb: "status", ...describe("nodes", written), message: "Ready=True: kubelet is posting ready status" });
    await this.events.record(kubelet.component, {
      type: "event",
      involved: { kind: "Node", name, uid: written.metadata.uid, apiVersion: "v1" },
      reason: "NodeReady",
      message: `Node ${name} status is now: NodeReady`,
      eventType: "Normal",
    });
    for (const pod of podsOnNode(ctx.informers.pods, name)) kubelet.queue.add(`${pod.metadata.namespace}/${pod.metadata.name}`);
  }

  /**
   * Lets anyone with kubectl cause a node failure by hand, as stopping the kubelet on a real node would:
   * `kubectl annotate node node-2 kube-workbook.dev/kubelet=stopped` stops that node's kubelet (killNode) and
   * removing the annotation (`kube-workbook.dev/kubelet-`) starts it again (reviveNode). `npm run cluster` turns it on.
   */
  followKubeletAnnotation(): void {
    const ctx = this.ctx;
    const apply = (node: { metadata: { name?: string; annotations?: Record<string, string> } }): void => {
      const name = node.metadata.name ?? "";
      const kubelet = this.kubelets.get(name);
      if (!kubelet) return;
      const stopped = node.metadata.annotations?.[KUBELET_ANNOTATION] === "stopped";
      if (stopped && kubelet.alive) this.killNode(name);
      else if (!stopped && !kubelet.alive) ctx.loop.after(0, `revive ${name}`, () => this.reviveNode(name));
    };
    ctx.informers.nodes.addHandlers({ onAdd: apply, onUpdate: (_, node) => apply(node) });
  }

  /** `kubectl cordon` / `uncordon`: spec.unschedulable. */
  async cordon(name: string, unschedulable: boolean): Promise<void> {
    const node = await this.api.get<KubeObject>("nodes", undefined, name);
    const spec = { ...(node.spec as object), unschedulable: unschedulable || undefined };
    const written = await this.api.update<KubeObject>("nodes", { ...node, spec });
    record(this.ctx, { component: "kubectl", verb: unschedulable ? "cordoned" : "uncordoned", ...describe("nodes", written) });
  }

  /** The crashContainer fault: the pod's running container exits with `exitCode`. */
  crashContainer(namespace: string, podName: string, container: string | undefined, exitCode = 1): void {
    const pod = this.ctx.informers.pods.get(`${namespace}/${podName}`) as Pod | undefined;
    const node = pod?.spec?.nodeName;
    const kubelet = node ? this.kubelets.get(node) : undefined;
    const name = container ?? pod?.spec?.containers[0]?.name;
    if (!pod || !kubelet || !name) throw new Error(`crashContainer: no running pod ${namespace}/${podName}`);
    if (kubelet.runtime.crash(pod.metadata!.uid!, name, this.now(), exitCode)) {
      record(this.ctx, { component: "scenario", verb: "crashed", ...describe("pods", pod), message: `container ${name} exited with ${exitCode}` });
      kubelet.queue.add(`${namespace}/${podName}`);
    }
  }

  /** Errors thrown inside the loop (a component that threw); a healthy run has none. */
  get errors() {
    return this.loop.errors;
  }
}
