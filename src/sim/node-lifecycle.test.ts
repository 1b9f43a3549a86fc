// The node lifecycle and taint eviction controllers, in a running cluster, on the cases
// pkg/controller/nodelifecycle and pkg/controller/tainteviction's tests pin.
import { describe, expect, it } from "vitest";
import type { KubeObject, Node, NodeCondition, Pod, Taint } from "#kube";
import type { Cluster } from "./cluster.ts";
import { TokenBucket, zoneOf, zoneState } from "./node-lifecycle.ts";
import { minTolerationSeconds } from "./taint-eviction.ts";
import { boundPod, referenceCluster } from "./testing.ts";

const taintsOf = (c: Cluster, node: string): string[] =>
  ((c.ctx.informers.nodes.get(node) as Node | undefined)?.spec?.taints ?? []).map((t: Taint) => `${t.key}:${t.effect}`);
const live = (c: Cluster, name: string): Pod | undefined => c.ctx.informers.pods.get(`default/${name}`) as Pod | undefined;
const reasons = (c: Cluster, reason: string): string[] =>
  c.ctx.informers.events.list("default").filter((e) => e.reason === reason).map((e) => `${(e.involvedObject as { name: string }).name}: ${e.message}`);

describe("node lifecycle controller parts", () => {
  const ready = (status: string): NodeCondition => ({ type: "Ready", status });
  it("computes zone states as ComputeZoneState: no Ready node is full disruption; 3+ and 55 % not Ready is partial", () => {
    expect(zoneState([ready("True"), ready("Unknown")])).toBe("Normal");
    expect(zoneState([ready("Unknown")])).toBe("FullDisruption");
    expect(zoneState([ready("True"), ready("False"), ready("Unknown")])).toBe("Normal"); // only 2 not Ready
    expect(zoneState([ready("True"), ready("False"), ready("Unknown"), undefined])).toBe("PartialDisruption"); // 3 of 4
    expect(zoneState([ready("True"), ready("True"), ready("True"), ready("False"), ready("False"), ready("False")])).toBe("Normal"); // 3 of 6 = 50 %
  });

  it("keys zones by region and zone labels", () => {
    expect(zoneOf({ metadata: { name: "a" } })).toBe("");
    expect(zoneOf({ metadata: { name: "a", labels: { "topology.kubernetes.io/region": "r", "topology.kubernetes.io/zone": "z" } } })).toBe("r:\u0000:z");
  });

  it("lets one node through now and the next after 1 / qps seconds; qps 0 never", () => {
    const bucket = new TokenBucket(0.1, 0);
    expect(bucket.tryAccept(0)).toBe(true);
    expect(bucket.tryAccept(9_999)).toBe(false);
    expect(bucket.nextAt(9_999)).toBe(10_000);
    expect(bucket.tryAccept(10_000)).toBe(true);
    bucket.swap(0, 10_000);
    expect(bucket.tryAccept(100_000)).toBe(false);
    expect(bucket.nextAt(100_000)).toBeUndefined();
  });

  it("takes getMinTolerationTime's rules: none needed 0, forever undefined, the smallest, 0 or less is 0", () => {
    expect(minTolerationSeconds([])).toBe(0);
    expect(minTolerationSeconds([{ key: "a", operator: "Exists" }])).toBeUndefined();
    expect(minTolerationSeconds([{ key: "a", tolerationSeconds: 300 }, { key: "b", tolerationSeconds: 60 }, { key: "c" }])).toBe(60);
    expect(minTolerationSeconds([{ key: "a", tolerationSeconds: -5 }, { key: "b", tolerationSeconds: 60 }])).toBe(0);
  });
});

describe("a dead node in a running cluster", () => {
  it("marks it Unknown, its pods not Ready, taints it, and evicts after each pod's toleration runs out", async () => {
    const c = await referenceCluster(2);
    await c.apply([
      boundPod("default-300", "node-1"),
      boundPod("short", "node-1", [{ key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute", tolerationSeconds: 60 }]),
      boundPod("forever", "node-1", [{ key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute" }]),
      boundPod("elsewhere", "node-2"),
    ]);
    await c.runUntil(30_000);
    c.killNode("node-1");
    await c.runUntil(86_000);
    expect(taintsOf(c, "node-1")).toEqual(["node.kubernetes.io/unreachable:NoExecute", "node.kubernetes.io/unreachable:NoSchedule"]);
    const readyOf = (name: string) => live(c, name)?.status?.conditions?.find((x) => x.type === "Ready")?.status;
    expect(["default-300", "short", "forever", "elsewhere"].map(readyOf)).toEqual(["False", "False", "False", "True"]);
    expect(reasons(c, "NodeNotReady")).toEqual(expect.arrayContaining(["node-1: Node node-1 status is now: NodeNotReady", "short: Node is not ready"]));

    // Tainted at 85 s: "short" goes 60 s later, "default-300" 300 s later, "forever" never.
    await c.runUntil(144_000);
    expect(live(c, "short")?.metadata?.deletionTimestamp).toBeUndefined();
    await c.runUntil(146_000);
    const short = live(c, "short");
    expect(short?.metadata?.deletionTimestamp).toBeDefined();
    expect(short?.status?.conditions?.find((x) => x.type === "DisruptionTarget")).toMatchObject({ status: "True", reason: "DeletionByTaintManager" });
    await c.runUntil(386_000);
    expect(live(c, "default-300")?.metadata?.deletionTimestamp).toBeDefined();
    await c.runUntil(2_000_000);
    expect(live(c, "forever")?.metadata?.deletionTimestamp).toBeUndefined();
    expect(live(c, "elsewhere")?.metadata?.deletionTimestamp).toBeUndefined();
    expect(reasons(c, "TaintManagerEviction").sort()).toEqual(["default-300: Marking for deletion Pod default/default-300", "short: Marking for deletion Pod default/short"]);
    expect(c.errors).toEqual([]);
  });

  it("cancels the evictions when the node comes back in time, and its pods report Ready again", async () => {
    const c = await referenceCluster(2);
    await c.apply([boundPod("stays", "node-1")]);
    await c.runUntil(30_000);
    c.killNode("node-1");
    await c.runUntil(200_000);
    await c.reviveNode("node-1");
    await c.runUntil(1_000_000);
    expect(taintsOf(c, "node-1")).toEqual([]);
    expect(live(c, "stays")?.metadata?.deletionTimestamp).toBeUndefined();
    expect(live(c, "stays")?.status?.conditions?.find((x) => x.type === "Ready")?.status).toBe("True");
    expect(reasons(c, "TaintManagerEviction")).toEqual(["stays: Cancelling deletion of Pod default/stays"]);
    expect(reasons(c, "NodeReady")).toEqual(["node-1: Node node-1 status is now: NodeReady"]);
  });

  it("evicts a pod that does not tolerate a NoExecute taint at once, and cancels a scheduled eviction when the taint goes", async () => {
    const c = await referenceCluster(1);
    await c.apply([boundPod("tolerates", "node-1", [{ key: "dedicated", operator: "Exists", effect: "NoExecute", tolerationSeconds: 100 }]), boundPod("plain", "node-1")]);
    await c.runFor(5_000);
    const taint = async (taints: Taint[] | undefined) => {
      const node = await c.api.get<KubeObject>("nodes", undefined, "node-1");
      await c.api.update("nodes", { ...node, spec: { ...(node.spec as object), taints } });
      await c.runFor(1_000);
    };
    await taint([{ key: "dedicated", value: "db", effect: "NoExecute" }]);
    // Deleted at once; its kubelet, alive, has already finished it off.
    expect(live(c, "plain")).toBeUndefined();
    expect(live(c, "tolerates")?.metadata?.deletionTimestamp).toBeUndefined();
    await taint(undefined);
    await c.runFor(200_000);
    expect(live(c, "tolerates")?.metadata?.deletionTimestamp).toBeUndefined();
    expect(reasons(c, "TaintManagerEviction").sort()).toEqual(["plain: Marking for deletion Pod default/plain", "tolerates: Cancelling deletion of Pod default/tolerates"]);
  });

  it("taints nothing NoExecute when every node is down: the controller blames itself (master disruption mode)", async () => {
    const c = await referenceCluster(1);
    await c.apply([boundPod("only", "node-1")]);
    await c.runFor(5_000);
    c.killNode("node-1");
    await c.runUntil(1_000_000);
    expect((c.ctx.informers.nodes.get("node-1") as Node).status?.conditions?.find((x) => x.type === "Ready")?.status).toBe("Unknown");
    expect(taintsOf(c, "node-1")).toEqual(["node.kubernetes.io/unreachable:NoSchedule"]);
    expect(live(c, "only")?.metadata?.deletionTimestamp).toBeUndefined();
    expect(c.trace.toText()).toMatch(/entering master disruption mode/);
  });

  it("taints one node per 10 s in a healthy zone, and none in a small zone that is partially disrupted", async () => {
    const normal = await referenceCluster(10);
    for (const n of ["node-1", "node-2", "node-3"]) normal.killNode(n);
    await normal.runUntil(120_000);
    const tainted = new Map<string, number>();
    for (const e of normal.trace.entries) if (e.verb === "tainted" && e.message?.includes("NoExecute") && !tainted.has(e.name!)) tainted.set(e.name!, e.t);
    expect([...tainted]).toEqual([["node-1", 55_000], ["node-2", 65_000], ["node-3", 75_000]]);

    const partial = await referenceCluster(4);
    for (const n of ["node-1", "node-2", "node-3"]) partial.killNode(n);
    await partial.runUntil(120_000);
    expect(["node-1", "node-2", "node-3"].map((n) => taintsOf(partial, n))).toEqual(Array(3).fill(["node.kubernetes.io/unreachable:NoSchedule"]));
  });

  it("leaves an evicted pod Terminating until the node is marked out-of-service, then the pod GC removes it", async () => {
    const c = await referenceCluster(2);
    await c.apply([boundPod("stuck", "node-1")]);
    await c.runUntil(30_000);
    c.killNode("node-1");
    await c.runUntil(500_000);
    expect(live(c, "stuck")?.metadata?.deletionTimestamp).toBeDefined();
    const node = await c.api.get<KubeObject>("nodes", undefined, "node-1");
    const taints = [...((node.spec as { taints?: Taint[] }).taints ?? []), { key: "node.kubernetes.io/out-of-service", value: "nodeshutdown", effect: "NoExecute" }];
    await c.api.update("nodes", { ...node, spec: { ...(node.spec as object), taints } });
    await c.runFor(21_000);
    expect(live(c, "stuck")).toBeUndefined();
    expect(c.trace.toText()).toMatch(/pod-garbage-collector deleted pod default\/stuck .*: terminating on an out-of-service node/);
  });

  it("deletes the pods of a deleted node after the 40 s quarantine, marked Failed with DisruptionTarget first", async () => {
    const c = await referenceCluster(2);
    await c.apply([boundPod("orphan", "node-1")]);
    await c.runUntil(10_000);
    await c.api.delete("nodes", undefined, "node-1");
    const statuses: string[] = [];
    c.ctx.informers.pods.addHandlers({ onUpdate: (_, p) => statuses.push(`${(p.status as { phase?: string }).phase}`) });
    await c.runUntil(45_000);
    expect(live(c, "orphan")).toBeDefined(); // seen missing at 20 s: quarantined until 60 s
    await c.runUntil(61_000);
    expect(live(c, "orphan")).toBeUndefined();
    expect(statuses).toContain("Failed");
  });
});

