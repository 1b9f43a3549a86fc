/**
 * The scheduler's shell (pkg/scheduler/schedule_one.go, internal/queue/scheduling_queue.go, internal/cache): the
 * plumbing around the slot's pure `schedule`. Unscheduled pods wait in an active queue (FIFO by creation time here,
 * where upstream sorts by priority); each cycle schedules one pod against the nodes and the scheduler's cache, in
 * which a pod is assumed on its node as soon as it is picked, before the bind is observed. A pod that fits nowhere
 * gets PodScheduled=False (reason Unschedulable) and a FailedScheduling event, and waits among the unschedulable
 * pods until the cluster changes (a node added or changed, a pod deleted) or 5 minutes pass
 * (podMaxInUnschedulablePodsDuration). Ties between best nodes are broken by the seeded random source.
 */
import { deepEqual, type Node, type Pod, type PodCondition } from "#kube";
import { keyOf, statusCode } from "./api.ts";
import { applyActions } from "./apply.ts";
import type { NodeInfo, SchedulerComponent } from "./components.ts";
import { describe, record, type SimContext } from "./context.ts";
import type { EventRecorder } from "./events.ts";
import type { Frozen } from "./informer.ts";

const COMPONENT = "default-scheduler";
export const UNSCHEDULABLE_FLUSH_MS = 5 * 60_000;

const unscheduled = (p: Frozen): boolean => {
  const spec = p.spec as { nodeName?: string; schedulerName?: string } | undefined;
  const phase = (p.status as { phase?: string } | undefined)?.phase;
  return !spec?.nodeName && (spec?.schedulerName ?? "default-scheduler") === COMPONENT && !p.metadata.deletionTimestamp && phase !== "Succeeded" && phase !== "Failed";
};

export class Scheduler {
  /**
   * The active queue: its keys (with the creationTimestamp each is ordered by), and a heap on (creationTimestamp,
   * key). A key stays in the queue, as upstream's does, until a pop finds its pod no longer waiting (bound, assumed,
   * deleted, finished); `#invalid` holds the queued keys whose pods are not waiting now, dropped at the next pop.
   */
  #active = new Map<string, string>();
  #heap: QueueEntry[] = [];
  #invalid = new Set<string>();
  #unschedulable = new Set<string>();
  /** Pods picked but whose binding the watch has not shown yet: key -> node. Changed only through assume/forget. */
  readonly assumed = new Map<string, string>();
  readonly #cache: NodeInfoCache;
  #startIndex = 0;
  #scheduled = false;

  constructor(
    private readonly ctx: SimContext,
    private readonly events: EventRecorder,
    private readonly scheduler: SchedulerComponent,
    private readonly percentageOfNodesToScore?: number,
  ) {
    this.#cache = new NodeInfoCache(ctx, scheduler, this.assumed);
    const moveAll = (): void => {
      for (const key of [...this.#unschedulable].sort()) this.#activate(key);
      this.#unschedulable.clear();
    };
    ctx.informers.pods.addHandlers({
      onAdd: (p) => {
        this.#changed(keyOf(p));
        if (unscheduled(p)) this.#activate(keyOf(p));
      },
      onUpdate: (_, p) => {
        if (!unscheduled(p)) this.#forget(keyOf(p));
        this.#changed(keyOf(p));
      },
      onDelete: (p) => {
        this.#forget(keyOf(p));
        this.#changed(keyOf(p));
        this.#unschedulable.delete(keyOf(p));
        if ((p.spec as { nodeName?: string }).nodeName) moveAll();
      },
    });
    ctx.informers.nodes.addHandlers({ onAdd: moveAll, onUpdate: moveAll });
    const flush = (): void => {
      moveAll();
      ctx.loop.after(UNSCHEDULABLE_FLUSH_MS, "scheduler flush unschedulable", flush);
    };
    ctx.loop.after(UNSCHEDULABLE_FLUSH_MS, "scheduler flush unschedulable", flush);
  }

  /** Whether the pod of a key is waiting to be scheduled: what a pop keeps. */
  #waiting(key: string): boolean {
    const p = this.ctx.informers.pods.get(key);
    return p !== undefined && unscheduled(p) && !this.assumed.has(key);
  }

  /** The pod of `key` or its assumption changed: the cache and, if it is queued, the queue take note. */
  #changed(key: string): void {
    this.#cache.changed(key);
    if (!this.#active.has(key)) return;
    if (this.#waiting(key)) this.#invalid.delete(key);
    else this.#invalid.add(key);
    const ts = this.ctx.informers.pods.get(key)?.metadata.creationTimestamp;
    // A pod deleted and created again under the same name is ordered by its new creationTimestamp.
    if (ts !== undefined && ts !== this.#active.get(key)) this.#push(key, ts);
  }

  #assume(key: string, node: string): void {
    this.assumed.set(key, node);
    this.#changed(key);
  }

  /** ForgetPod, or the binding observed: the pod is no longer counted on its node through the assumption. */
  #forget(key: string): void {
    if (this.assumed.delete(key)) this.#changed(key);
  }

  #push(key: string, ts: string): void {
    this.#active.set(key, ts);
    heapPush(this.#heap, { ts, key });
  }

  #activate(key: string): void {
    if (this.#active.has(key)) return;
    this.#push(key, this.ctx.informers.pods.get(key)?.metadata.creationTimestamp ?? "");
    if (!this.#waiting(key)) this.#invalid.add(key);
    this.#kick();
  }

  #kick(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    this.ctx.loop.after(0, "scheduler cycle", async () => {
      this.#scheduled = false;
      await this.#scheduleOne();
      if (this.#active.size) this.#kick();
    });
  }

  /** The next pod: the oldest by creationTimestamp, then by key; queued keys whose pods stopped waiting are dropped. */
  #pop(): Pod | undefined {
    for (const key of this.#invalid) this.#active.delete(key);
    this.#invalid.clear();
    for (;;) {
      const top = heapPop(this.#heap);
      if (!top) return undefined;
      // An entry of a key no longer queued, or queued again under another creationTimestamp, is stale.
      if (this.#active.get(top.key) !== top.ts) continue;
      const pod = this.ctx.informers.pods.get(top.key);
      const ts = pod?.metadata.creationTimestamp ?? "";
      if (ts !== top.ts) {
        this.#push(top.key, ts);
        continue;
      }
      this.#active.delete(top.key);
      return pod as Pod;
    }
  }

  async #scheduleOne(): Promise<void> {
    const ctx = this.ctx;
    const pod = this.#pop();
    if (!pod) return;
    const key = keyOf(pod);
    // The cache: every node, with the bound pods and the assumed ones, not those that have finished.
    const { nodeInfos, nodeCount } = this.#cache.snapshot();
    const result = this.scheduler.schedule({
      pod,
      nodeInfos,
      startIndex: this.#startIndex,
      pick: (candidates) => ctx.random.pick(candidates),
      ...(this.percentageOfNodesToScore !== undefined ? { percentageOfNodesToScore: this.percentageOfNodesToScore } : {}),
    });
    this.#startIndex = result.nextStartIndex;
    const involved = { kind: "Pod", namespace: pod.metadata!.namespace, name: pod.metadata!.name!, uid: pod.metadata!.uid, apiVersion: "v1" };
    if (!result.node) {
      const message = result.message ?? `0/${nodeCount} nodes are available.`;
      this.#unschedulable.add(key);
      record(ctx, { component: COMPONENT, verb: "unschedulable", ...describe("pods", pod), message });
      await this.#setCondition(pod, { type: "PodScheduled", status: "False", reason: "Unschedulable", message });
      await applyActions(ctx, this.events, COMPONENT, [{ type: "event", involved, reason: "FailedScheduling", message, eventType: "Warning" }]);
      return;
    }
    this.#assume(key, result.node);
    const bind = await applyActions(ctx, this.events, COMPONENT, [
      { type: "bind", namespace: involved.namespace!, name: involved.name, ...(involved.uid ? { uid: involved.uid } : {}), node: result.node },
    ]);
    if (bind.failed !== undefined) {
      // ForgetPod: the binding failed, the pod goes back to the queue.
      this.#forget(key);
      if (bind.failed !== 404) this.ctx.loop.after(1000, "scheduler retry", () => this.#activate(key));
      return;
    }
    await applyActions(ctx, this.events, COMPONENT, [
      { type: "event", involved, reason: "Scheduled", message: `Successfully assigned ${key} to ${result.node}`, eventType: "Normal" },
    ]);
  }

  async #setCondition(pod: Pod, condition: PodCondition): Promise<void> {
    const conditions = (pod.status?.conditions ?? []).filter((c) => c.type !== condition.type);
    const old = pod.status?.conditions?.find((c) => c.type === condition.type);
    const same = old?.status === condition.status && old.reason === condition.reason && old.message === condition.message;
    if (same) return;
    const lastTransitionTime = old?.status === condition.status && old.lastTransitionTime ? old.lastTransitionTime : this.ctx.rfc3339();
    try {
      await this.ctx.api.updateStatus("pods", { ...pod, status: { phase: "Pending", ...pod.status, conditions: [...conditions, { ...condition, lastProbeTime: undefined, lastTransitionTime }].map(stripUndefined) } } as never);
    } catch (err) {
      if (statusCode(err) !== 404 && statusCode(err) !== 409) throw err;
    }
  }
}

interface QueueEntry {
  ts: string;
  key: string;
}

/** The queue's order: creationTimestamp, then key (keys are unique, so it is total). */
const before = (a: QueueEntry, b: QueueEntry): boolean => (a.ts !== b.ts ? a.ts < b.ts : a.key < b.key);

function heapPush(heap: QueueEntry[], entry: QueueEntry): void {
  heap.push(entry);
  for (let i = heap.length - 1; i > 0; ) {
    const parent = (i - 1) >> 1;
    if (!before(heap[i]!, heap[parent]!)) break;
    [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
    i = parent;
  }
}

function heapPop(heap: QueueEntry[]): QueueEntry | undefined {
  const top = heap[0];
  const last = heap.pop();
  if (heap.length > 0 && last) {
    heap[0] = last;
    for (let i = 0; ; ) {
      const [l, r] = [2 * i + 1, 2 * i + 2];
      let least = i;
      if (l < heap.length && before(heap[l]!, heap[least]!)) least = l;
      if (r < heap.length && before(heap[r]!, heap[least]!)) least = r;
      if (least === i) break;
      [heap[i], heap[least]] = [heap[least]!, heap[i]!];
      i = least;
    }
  }
  return top;
}

const stripUndefined = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

/**
 * The scheduler cache (internal/cache/cache.go, reduced): one NodeInfo per node, kept up to date as pods and nodes
 * change instead of built from every pod each cycle. What `snapshot` gives is what the slot's
 * `newSnapshot(bound and assumed pods, nodes)` would give: a pod that lands on a node is added with the slot's
 * `addPod` (NodeInfo.AddPod); a pod that leaves a node or whose spec changes, a node that changes, or a slot without
 * `addPod`, has the node's NodeInfo rebuilt with `newSnapshot(its pods in key order, [node])`. Pods on a node the
 * cache does not know wait there until it appears, as newSnapshot ignores them.
 */
class NodeInfoCache {
  /** Each counted pod (bound or assumed, not finished): its node, and the pod as counted there. */
  #placed = new Map<string, { node: string; pod: Pod }>();
  /** The counted pods of each node name, by key. */
  #members = new Map<string, Map<string, Pod>>();
  #infos = new Map<string, NodeInfo>();
  /** Pods changed since the last snapshot; nodes to rebuild; pods to add to a node with addPod. */
  #dirty = new Set<string>();
  #stale = new Set<string>();
  #adds = new Map<string, Pod[]>();
  #nodes: Node[] = [];
  /** Each node's place in `#nodes` (the order of their keys, as the informer lists them). */
  #position = new Map<string, number>();
  #infoList: NodeInfo[] = [];
  #nodesChanged = true;
  #snapshot: readonly NodeInfo[] = [];

  constructor(
    private readonly ctx: SimContext,
    private readonly slot: SchedulerComponent,
    private readonly assumed: ReadonlyMap<string, string>,
  ) {
    const nodesChanged = (): void => void (this.#nodesChanged = true);
    ctx.informers.nodes.addHandlers({ onAdd: nodesChanged, onUpdate: nodesChanged, onDelete: nodesChanged });
  }

  /** The pod of `key` changed, or its assumption did. */
  changed(key: string): void {
    this.#dirty.add(key);
  }

  /** The pod as the cache counts it: the cached pod, on its assumed node while the binding is not seen yet. */
  #counted(key: string): Pod | undefined {
    const p = this.ctx.informers.pods.get(key) as Pod | undefined;
    if (!p) return undefined;
    const node = this.assumed.get(key);
    const pod = node && !p.spec?.nodeName ? ({ ...p, spec: { ...p.spec, nodeName: node } } as Pod) : p;
    return pod.spec?.nodeName && pod.status?.phase !== "Succeeded" && pod.status?.phase !== "Failed" ? pod : undefined;
  }

  #leave(key: string, node: string): void {
    this.#members.get(node)?.delete(key);
    this.#stale.add(node);
  }

  #land(key: string, node: string, pod: Pod): void {
    let members = this.#members.get(node);
    if (!members) this.#members.set(node, (members = new Map()));
    members.set(key, pod);
    if (!this.slot.addPod || this.#stale.has(node) || !this.#infos.has(node)) return void this.#stale.add(node);
    const adds = this.#adds.get(node);
    if (adds) adds.push(pod);
    else this.#adds.set(node, [pod]);
  }

  /** Every node's NodeInfo, in the order of the nodes' keys, and how many nodes there are. */
  snapshot(): { nodeInfos: readonly NodeInfo[]; nodeCount: number } {
    let all = false;
    const touched: string[] = [];
    if (this.#nodesChanged) {
      this.#nodesChanged = false;
      all = true;
      this.#nodes = this.ctx.informers.nodes.list() as Node[];
      this.#position = new Map(this.#nodes.map((n, i) => [n.metadata!.name!, i]));
      for (const node of this.#nodes) {
        const name = node.metadata!.name!;
        if (this.#infos.get(name)?.node !== node) this.#stale.add(name);
      }
      for (const name of [...this.#infos.keys()]) if (!this.#position.has(name)) this.#infos.delete(name);
    }
    for (const key of this.#dirty) {
      const pod = this.#counted(key);
      const was = this.#placed.get(key);
      const node = pod?.spec?.nodeName;
      if (!pod || !node) {
        if (was) this.#leave(key, was.node);
        this.#placed.delete(key);
        continue;
      }
      this.#placed.set(key, { node, pod });
      if (was?.node === node) {
        this.#members.get(node)!.set(key, pod);
        if (!deepEqual(was.pod.spec, pod.spec)) this.#stale.add(node);
        continue;
      }
      if (was) this.#leave(key, was.node);
      this.#land(key, node, pod);
    }
    this.#dirty.clear();
    if (this.#stale.size || this.#adds.size) {
      for (const name of this.#stale) {
        const at = this.#position.get(name);
        const node = at === undefined ? undefined : this.#nodes[at];
        this.#adds.delete(name);
        if (!node) continue;
        const members = this.#members.get(name);
        const pods = members ? [...members.keys()].sort().map((k) => members.get(k)!) : [];
        this.#infos.set(name, freeze(this.slot.newSnapshot(pods, [node])[0]!));
        touched.push(name);
      }
      this.#stale.clear();
      for (const [name, pods] of this.#adds) {
        let info = this.#infos.get(name)!;
        for (const pod of pods) info = this.slot.addPod!(info, pod);
        this.#infos.set(name, freeze(info));
        touched.push(name);
      }
      this.#adds.clear();
    }
    if (all || touched.length) {
      const list = this.#infoList;
      list.length = this.#nodes.length;
      for (const name of all ? this.#position.keys() : touched) list[this.#position.get(name)!] = this.#infos.get(name)!;
      this.#snapshot = Object.freeze(list.slice());
    }
    return { nodeInfos: this.#snapshot, nodeCount: this.#nodes.length };
  }
}

/** Freezes a NodeInfo the slot built, down to what is already frozen (its node comes from the informer, frozen). */
function freeze<T>(value: T): T {
  if (value === null || typeof value !== "object" || Object.isFrozen(value)) return value;
  for (const v of Object.values(value)) freeze(v);
  return Object.freeze(value);
}
