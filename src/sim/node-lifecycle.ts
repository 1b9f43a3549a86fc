/**
 * The node lifecycle controller of kube-controller-manager (pkg/controller/nodelifecycle/node_lifecycle_controller.go,
 * v1.32), a plain reference part until chapter 13 asks the learner to write it:
 * - every 5 s (--node-monitor-period) monitorNodeHealth: a node whose Lease has not been renewed for the grace period
 *   (--node-monitor-grace-period, 50 s since v1.32) gets its Ready, MemoryPressure, DiskPressure and PIDPressure
 *   conditions set to Unknown (reason NodeStatusUnknown); when Ready leaves True, a NodeNotReady Event on the node and
 *   MarkPodsNotReady: every pod on it gets Ready=False and a NodeNotReady Event (pkg/controller/util/node);
 * - taints by condition (doNoScheduleTaintingPass, on every node change): `node.kubernetes.io/not-ready` (Ready False),
 *   `node.kubernetes.io/unreachable` (Ready Unknown) and `node.kubernetes.io/unschedulable` (spec.unschedulable), all
 *   NoSchedule, so the scheduler keeps new pods away;
 * - the same two keys as NoExecute taints (processTaintBaseEviction, doNoExecuteTaintingPass), which make the taint
 *   eviction controller evict the pods (src/sim/taint-eviction.ts). A node is queued per zone and tainted when the
 *   zone's rate limiter allows (--node-eviction-rate 0.1 nodes/s, burst 1); a node that is Ready again loses them;
 * - handleDisruption: a zone with no Ready node is fully disrupted, one where at least 3 nodes and 55 % are not Ready
 *   (--unhealthy-zone-threshold) partially, which stops tainting in a zone of at most 50 nodes
 *   (--large-cluster-size-threshold) and slows it to 0.01 nodes/s (--secondary-node-eviction-rate) in a larger one.
 *   When every zone is fully disrupted the controller assumes the fault is its own (the control plane lost the
 *   network, not every node died): it removes the NoExecute taints and taints nothing until some node is Ready.
 * Simplified: the health of a node is the age of its Lease's renewTime (upstream stamps the moment it saw the renewal,
 * up to one period later); the tainting pass runs right after each monitor pass and when the limiter next allows,
 * not every 100 ms; pods bound to an already unready node later are not marked (processPod); leaving the
 * all-zones-down mode does not restart every node's grace period.
 */
import { TAINT_NOT_READY, TAINT_UNREACHABLE, TAINT_UNSCHEDULABLE, type KubeObject, type Node, type NodeCondition, type Pod, type Taint } from "#kube";
import { statusCode } from "./api.ts";
import { describe, record, type SimContext } from "./context.ts";
import type { EventRecorder } from "./events.ts";
import type { Frozen } from "./informer.ts";
import type { Timer } from "./timers.ts";
import { podsOnNode } from "./views.ts";

export const COMPONENT = "node-controller";
export const NODE_MONITOR_PERIOD_MS = 5_000;
/** kube-controller-manager --node-monitor-grace-period: 50 s since v1.32 (kubernetes/kubernetes#126287), 40 s before. */
export const NODE_MONITOR_GRACE_MS = 50_000;
export const EVICTION_QPS = 0.1;
export const SECONDARY_EVICTION_QPS = 0.01;
export const UNHEALTHY_ZONE_THRESHOLD = 0.55;
export const LARGE_CLUSTER_THRESHOLD = 50;

type ZoneState = "Initial" | "Normal" | "PartialDisruption" | "FullDisruption";

/** flowcontrol's token bucket with burst 1, on virtual time; qps 0 never lets anything through. */
export class TokenBucket {
  #tokens = 1;
  #last: number;
  constructor(
    public qps: number,
    now: number,
  ) {
    this.#last = now;
  }
  #refill(now: number): void {
    this.#tokens = Math.min(1, this.#tokens + ((now - this.#last) / 1000) * this.qps);
    this.#last = now;
  }
  tryAccept(now: number): boolean {
    this.#refill(now);
    if (this.qps <= 0 || this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }
  /** When the next token is there; undefined when none will ever be. */
  nextAt(now: number): number | undefined {
    this.#refill(now);
    return this.qps <= 0 ? undefined : now + Math.ceil(((1 - this.#tokens) * 1000) / this.qps);
  }
  /** SwapLimiter: a new rate; a limiter that was out of tokens hands the new one over drained. */
  swap(qps: number, now: number): void {
    if (qps === this.qps) return;
    const drained = !this.tryAccept(now);
    this.qps = qps;
    this.#tokens = drained ? 0 : 1;
  }
}

interface Zone {
  state: ZoneState;
  /** Nodes waiting for their NoExecute taint, in the order they were queued. */
  queue: string[];
  limiter: TokenBucket;
}

const readyOf = (node: Readonly<Node>): NodeCondition | undefined => node.status?.conditions?.find((c) => c.type === "Ready");
const nameOf = (node: Readonly<Node>): string => node.metadata!.name!;
const noExecute = (key: string): Taint => ({ key, effect: "NoExecute" });
const sameTaint = (a: Taint, b: Taint): boolean => a.key === b.key && a.effect === b.effect;

/** nodetopology.GetZoneKey: region and zone labels; "" for a node with neither. */
export function zoneOf(node: Readonly<Node>): string {
  const labels = node.metadata?.labels ?? {};
  const region = labels["topology.kubernetes.io/region"] ?? "";
  const zone = labels["topology.kubernetes.io/zone"] ?? "";
  return region || zone ? `${region}:\u0000:${zone}` : "";
}

/** ComputeZoneState from the Ready conditions of a zone's nodes. */
export function zoneState(ready: readonly (NodeCondition | undefined)[]): ZoneState {
  const readyNodes = ready.filter((c) => c?.status === "True").length;
  const notReady = ready.length - readyNodes;
  if (readyNodes === 0 && notReady > 0) return "FullDisruption";
  if (notReady > 2 && notReady / ready.length >= UNHEALTHY_ZONE_THRESHOLD) return "PartialDisruption";
  return "Normal";
}

/** The NoSchedule taints a node's conditions and spec call for (doNoScheduleTaintingPass). */
function conditionTaints(node: Readonly<Node>): Taint[] {
  const out: Taint[] = [];
  const ready = readyOf(node)?.status;
  if (ready === "False") out.push({ key: TAINT_NOT_READY, effect: "NoSchedule" });
  if (ready === "Unknown") out.push({ key: TAINT_UNREACHABLE, effect: "NoSchedule" });
  if (node.spec?.unschedulable) out.push({ key: TAINT_UNSCHEDULABLE, effect: "NoSchedule" });
  return out;
}
const CONDITION_TAINT_KEYS = [TAINT_NOT_READY, TAINT_UNREACHABLE, TAINT_UNSCHEDULABLE];

export class NodeLifecycleController {
  readonly #zones = new Map<string, Zone>();
  #pass?: Timer;

  constructor(
    private readonly ctx: SimContext,
    private readonly events: EventRecorder,
  ) {
    const onChange = (node: Frozen): void => void ctx.loop.after(0, `${COMPONENT} taints ${node.metadata.name}`, () => this.#noScheduleTaints(node.metadata.name!));
    ctx.informers.nodes.addHandlers({ onAdd: onChange, onUpdate: (_, node) => onChange(node) });
    ctx.loop.every(NODE_MONITOR_PERIOD_MS, COMPONENT, () => this.monitor());
  }

  /** One monitorNodeHealth pass over every node, then the disruption check and a tainting pass. */
  async monitor(): Promise<void> {
    const ctx = this.ctx;
    const nodes = ctx.informers.nodes.list() as Node[];
    const byZone = new Map<string, (NodeCondition | undefined)[]>();
    for (const cached of nodes) {
      const zone = zoneOf(cached);
      if (!this.#zones.has(zone)) this.#zones.set(zone, { state: "Initial", queue: [], limiter: new TokenBucket(EVICTION_QPS, ctx.loop.now()) });
      const observed = readyOf(cached);
      const node = await this.#markUnknownIfSilent(cached);
      const current = readyOf(node);
      if (!byZone.has(zone)) byZone.set(zone, []);
      byZone.get(zone)!.push(current);
      if (!current) continue;
      await this.#taintBasedEviction(node, current);
      if (observed?.status === "True" && current.status !== "True") {
        await this.#event({ kind: "Node", name: nameOf(node), uid: node.metadata?.uid, apiVersion: "v1" }, "Normal", "NodeNotReady", `Node ${nameOf(node)} status is now: NodeNotReady`);
        await this.#markPodsNotReady(nameOf(node));
      }
    }
    await this.#handleDisruption(byZone, nodes);
    await this.#noExecuteTaintingPass();
  }

  /** tryUpdateNodeHealth: the node's conditions set to Unknown when its Lease is older than the grace period. */
  async #markUnknownIfSilent(node: Node): Promise<Node> {
    const ctx = this.ctx;
    const lease = ctx.informers.leases.get(`kube-node-lease/${nameOf(node)}`);
    const renew = (lease?.spec as { renewTime?: string } | undefined)?.renewTime;
    if (!renew || ctx.loop.now() - ctx.loop.clock.parse(renew) <= NODE_MONITOR_GRACE_MS) return node;
    const types = ["Ready", "MemoryPressure", "DiskPressure", "PIDPressure"];
    if (!(node.status?.conditions ?? []).some((c) => types.includes(c.type) && c.status !== "Unknown")) return node;
    const now = ctx.rfc3339();
    const conditions = (node.status?.conditions ?? []).map((c) =>
      types.includes(c.type) && c.status !== "Unknown"
        ? { ...c, status: "Unknown", reason: "NodeStatusUnknown", message: "Kubelet stopped posting node status.", lastTransitionTime: now }
        : c,
    );
    try {
      const written = await ctx.api.updateStatus<KubeObject>("nodes", { ...node, status: { ...node.status, conditions } } as KubeObject);
      record(ctx, { component: COMPONENT, verb: "status", ...describe("nodes", written), message: "Ready=Unknown: Kubelet stopped posting node status." });
      return written as Node;
    } catch {
      return node; // retried at the next period
    }
  }

  /** processTaintBaseEviction. */
  async #taintBasedEviction(node: Node, ready: NodeCondition): Promise<void> {
    const zone = this.#zones.get(zoneOf(node))!;
    const has = (key: string): boolean => (node.spec?.taints ?? []).some((t) => sameTaint(t, noExecute(key)));
    const name = nameOf(node);
    if (ready.status === "True") {
      zone.queue = zone.queue.filter((n) => n !== name);
      await this.#swapTaints(name, [], [noExecute(TAINT_NOT_READY), noExecute(TAINT_UNREACHABLE)]);
      return;
    }
    const [want, other] = ready.status === "False" ? [TAINT_NOT_READY, TAINT_UNREACHABLE] : [TAINT_UNREACHABLE, TAINT_NOT_READY];
    // A node already tainted for the other state swaps at once; the rate limit is for new evictions.
    if (has(other)) await this.#swapTaints(name, [noExecute(want)], [noExecute(other)]);
    else if (!has(want) && !zone.queue.includes(name)) zone.queue.push(name);
  }

  /** doNoExecuteTaintingPass: taints queued nodes as each zone's limiter allows, and comes back when it next will. */
  async #noExecuteTaintingPass(): Promise<void> {
    const ctx = this.ctx;
    let next: number | undefined;
    for (const [, zone] of [...this.#zones].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      while (zone.queue.length > 0 && zone.limiter.tryAccept(ctx.loop.now())) {
        const node = ctx.informers.nodes.get(zone.queue.shift()!) as Node | undefined;
        const status = node && readyOf(node)?.status;
        if (status === "False") await this.#swapTaints(nameOf(node!), [noExecute(TAINT_NOT_READY)], [noExecute(TAINT_UNREACHABLE)]);
        if (status === "Unknown") await this.#swapTaints(nameOf(node!), [noExecute(TAINT_UNREACHABLE)], [noExecute(TAINT_NOT_READY)]);
      }
      const at = zone.queue.length > 0 ? zone.limiter.nextAt(ctx.loop.now()) : undefined;
      if (at !== undefined) next = Math.min(next ?? at, at);
    }
    if (this.#pass) ctx.loop.timers.cancel(this.#pass);
    this.#pass = next === undefined ? undefined : ctx.loop.after(next - ctx.loop.now(), `${COMPONENT} tainting`, () => this.#noExecuteTaintingPass());
  }

  /** handleDisruption: zone states, their limiters, and the all-zones-down safety stop. */
  async #handleDisruption(byZone: Map<string, (NodeCondition | undefined)[]>, nodes: readonly Node[]): Promise<void> {
    const now = this.ctx.loop.now();
    const states = new Map([...byZone].map(([zone, ready]) => [zone, zoneState(ready)] as const));
    for (const zone of [...this.#zones.keys()]) if (!byZone.has(zone)) this.#zones.delete(zone);
    const allAre = states.size > 0 && [...states.values()].every((s) => s === "FullDisruption");
    const allWere = [...this.#zones.values()].every((z) => z.state === "FullDisruption");
    if (allAre && allWere) return;
    if (allAre) {
      for (const node of nodes) await this.#swapTaints(nameOf(node), [], [noExecute(TAINT_NOT_READY), noExecute(TAINT_UNREACHABLE)]);
      for (const zone of this.#zones.values()) {
        zone.queue = [];
        zone.limiter.swap(0, now);
        zone.state = "FullDisruption";
      }
      record(this.ctx, { component: COMPONENT, verb: "disruption", message: "every node is not Ready: entering master disruption mode, no evictions" });
      return;
    }
    for (const [name, zone] of this.#zones) {
      const state = states.get(name)!;
      if (!allWere && zone.state === state) continue;
      const size = byZone.get(name)!.length;
      const qps = state === "PartialDisruption" ? (size > LARGE_CLUSTER_THRESHOLD ? SECONDARY_EVICTION_QPS : 0) : EVICTION_QPS;
      zone.limiter.swap(qps, now);
      zone.state = state;
    }
  }

  /** The condition taints (NoSchedule) the node should carry, added or removed. */
  async #noScheduleTaints(name: string): Promise<void> {
    const node = this.ctx.informers.nodes.get(name) as Node | undefined;
    if (!node) return;
    const want = conditionTaints(node);
    const stale = (node.spec?.taints ?? []).filter((t) => t.effect === "NoSchedule" && CONDITION_TAINT_KEYS.includes(t.key) && !want.some((w) => sameTaint(w, t)));
    await this.#swapTaints(name, want, stale);
  }

  /** SwapNodeControllerTaint: adds the taints the node lacks (stamped timeAdded) and removes the others; no write when nothing changes. */
  async #swapTaints(name: string, add: readonly Taint[], remove: readonly Taint[]): Promise<void> {
    const ctx = this.ctx;
    const changes = (node: Readonly<Node> | undefined): { kept: Taint[]; added: Taint[] } | undefined => {
      const taints = node?.spec?.taints ?? [];
      const kept = taints.filter((t) => !remove.some((r) => sameTaint(r, t)));
      const added = add.filter((a) => !kept.some((t) => sameTaint(a, t))).map((t) => ({ ...t, timeAdded: ctx.rfc3339() }));
      return added.length === 0 && kept.length === taints.length ? undefined : { kept, added };
    };
    // Most passes change nothing: the cache says so without a round trip.
    if (!changes(ctx.informers.nodes.get(name) as Node | undefined)) return;
    for (let attempt = 0; attempt < 3; attempt++) {
      let node: Node;
      try {
        node = await ctx.api.get<KubeObject>("nodes", undefined, name) as Node;
      } catch {
        return; // gone
      }
      const change = changes(node);
      if (!change) return;
      const { kept, added } = change;
      const next = [...kept, ...added];
      try {
        const written = await ctx.api.update<KubeObject>("nodes", { ...node, spec: { ...node.spec, taints: next.length ? next : undefined } } as KubeObject);
        record(ctx, { component: COMPONENT, verb: "tainted", ...describe("nodes", written), message: next.map((t) => `${t.key}:${t.effect}`).join(", ") || "no taints" });
        return;
      } catch (err) {
        if (statusCode(err) !== 409) return; // retried at the next pass
      }
    }
  }

  /** MarkPodsNotReady: Ready=False on every pod of the node, each with a NodeNotReady Event. */
  async #markPodsNotReady(node: string): Promise<void> {
    const ctx = this.ctx;
    for (const cached of podsOnNode(ctx.informers.pods, node) as Pod[]) {
      const ready = cached.status?.conditions?.find((c) => c.type === "Ready");
      if (!ready || ready.status === "False") continue;
      const conditions = cached.status!.conditions!.map((c) => (c === ready ? { ...c, status: "False", lastTransitionTime: ctx.rfc3339() } : c));
      try {
        const written = await ctx.api.updateStatus<KubeObject>("pods", { ...cached, status: { ...cached.status, conditions } } as KubeObject);
        record(ctx, { component: COMPONENT, verb: "status", ...describe("pods", written), message: "Ready=False: Node is not ready" });
        const meta = written.metadata;
        await this.#event({ kind: "Pod", namespace: meta.namespace, name: meta.name!, uid: meta.uid, apiVersion: "v1" }, "Warning", "NodeNotReady", "Node is not ready");
      } catch {
        // Gone or changed: the next transition tries again.
      }
    }
  }

  #event(involved: { kind: string; namespace?: string; name: string; uid?: string; apiVersion: string }, eventType: "Normal" | "Warning", reason: string, message: string): Promise<void> {
    return this.events.record(COMPONENT, { type: "event", involved, reason, message, eventType });
  }
}
