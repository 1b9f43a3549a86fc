/**
 * Chapter 6's checks: `schedule(input)`, one scheduling cycle of kube-scheduler (Kubernetes v1.32). Table cases pin
 * each filter (messages as upstream prints them), the two resource scores with the numbers of upstream's
 * least_allocated_test.go and balanced_allocation_test.go, the taint and node affinity scores
 * (taint_toleration_test.go, node_affinity_test.go), the weights, percentageOfNodesToScore (schedule_one.go
 * numFeasibleNodesToFind), the rotating start, the tie-break and the FitError message. Properties then compare the
 * chosen node, the filter table and the score table with the reference on random clusters, one pod and a sequence.
 */
import fc from "fast-check";
import type { Node, Pod, Taint, Toleration } from "#kube";
import { inClusterCheck } from "../in-cluster.ts";
import { type CheckContext, defineSpec } from "../spec.ts";
import type * as Solution from "../../solutions/06-scheduler/schedule.ts";
import type { NodeInfo, ScheduleResult } from "../../solutions/06-scheduler/schedule.ts";

type Ctx = CheckContext<typeof Solution>;
type Requests = Record<string, string>;

interface NodeOptions {
  cpu?: string;
  memory?: string;
  pods?: string;
  labels?: Record<string, string>;
  taints?: Taint[];
  unschedulable?: boolean;
}

function node(name: string, o: NodeOptions = {}): Node {
  const allocatable = { cpu: o.cpu ?? "4", memory: o.memory ?? "8Gi", pods: o.pods ?? "110" };
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata: { name, ...(o.labels ? { labels: o.labels } : {}) },
    spec: { ...(o.taints ? { taints: o.taints } : {}), ...(o.unschedulable ? { unschedulable: true } : {}) },
    status: { capacity: allocatable, allocatable },
  };
}

/** A pod with one container per entry of `requests` (undefined: a container that requests nothing). */
function pod(name: string, requests: (Requests | undefined)[], spec: Partial<NonNullable<Pod["spec"]>> = {}): Pod {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace: "default" },
    spec: {
      containers: requests.map((r, i) => ({ name: `c${i}`, image: "registry.k8s.io/pause:3.10", ...(r ? { resources: { requests: r } } : {}) })),
      ...spec,
    },
  };
}

const on = (p: Pod, nodeName: string): Pod => ({ ...p, spec: { ...p.spec!, nodeName } });

interface Case {
  pod: Pod;
  nodes: Node[];
  pods?: Pod[];
  startIndex?: number;
  percentageOfNodesToScore?: number;
}

const firstOf = (best: string[]): string => best[0]!;

/** Runs the code under test on a case; the node infos come from the reference's cache helpers. */
function run(ctx: Ctx, c: Case, pick: (best: string[]) => string = firstOf): ScheduleResult {
  const nodeInfos = ctx.ref.newSnapshot(c.pods ?? [], c.nodes);
  return ctx.impl.schedule({
    pod: c.pod,
    nodeInfos,
    startIndex: c.startIndex ?? 0,
    pick,
    ...(c.percentageOfNodesToScore !== undefined ? { percentageOfNodesToScore: c.percentageOfNodesToScore } : {}),
  });
}

/** What a failed check shows as given: the pod and nodes as written, not the derived node infos. */
const shown = (c: Case) => ({ ...c, nodes: c.nodes.map((n) => ({ name: n.metadata!.name, labels: n.metadata!.labels, spec: n.spec, allocatable: n.status!.allocatable })) });

/** One plugin's column of the score table. */
const column = (r: ScheduleResult, plugin: keyof Solution.NodeScores): Record<string, number> =>
  Object.fromEntries(Object.entries(r.scores).map(([name, s]) => [name, s[plugin]]));

const result = (r: ScheduleResult) => ({
  node: r.node,
  nextStartIndex: r.nextStartIndex,
  filtered: r.filtered,
  scores: r.scores,
  message: r.message,
});

// Upstream's test pods (balanced_allocation_test.go, least_allocated_test.go): cpu in millicores, memory in bytes.
const cpuAndMemory = [{ cpu: "1000m", memory: "2000" }, { cpu: "2000m", memory: "3000" }];
const cpuOnly = [{ cpu: "1000m", memory: "0" }, { cpu: "2000m", memory: "0" }];

const taint = (key: string, value: string, effect: string): Taint => ({ key, value, effect });

// ---- random clusters ----

const quantity = <T>(...values: T[]) => fc.constantFrom(...values);
const requestsArb = fc.record(
  { cpu: quantity("100m", "250m", "500m", "1", "1500m"), memory: quantity("64Mi", "128Mi", "256Mi", "1Gi") },
  { requiredKeys: [] },
);
const taintArb: fc.Arbitrary<Taint> = fc.record({
  key: quantity("dedicated", "gpu", "spot"),
  value: quantity("a", "b", ""),
  effect: quantity("NoSchedule", "PreferNoSchedule", "NoExecute"),
});
const tolerationArb: fc.Arbitrary<Toleration> = fc.oneof(
  fc.record({ key: quantity("dedicated", "gpu", "spot"), operator: quantity("Equal", undefined), value: quantity("a", "b", ""), effect: quantity("NoSchedule", "PreferNoSchedule", "NoExecute", undefined) }, { requiredKeys: ["key"] }),
  fc.record({ key: quantity("dedicated", "gpu", "spot", undefined), operator: fc.constant("Exists"), effect: quantity("NoSchedule", "PreferNoSchedule", undefined) }, { requiredKeys: ["operator"] }),
  fc.constant<Toleration>({ key: "node.kubernetes.io/unschedulable", operator: "Exists", effect: "NoSchedule" }),
);
const labelsArb = fc.record({ zone: quantity("a", "b"), disk: quantity("ssd", "hdd"), gen: quantity("1", "2", "3", "4") }, { requiredKeys: [] });
const requirementArb = fc.oneof(
  fc.record({ key: fc.constant("zone"), operator: quantity("In", "NotIn"), values: fc.subarray(["a", "b"], { minLength: 1 }) }),
  fc.record({ key: quantity("disk", "zone", "gen"), operator: quantity("Exists", "DoesNotExist") }),
  fc.record({ key: fc.constant("gen"), operator: quantity("Gt", "Lt"), values: fc.tuple(quantity("1", "2", "3")) }),
);
const termArb = fc.record({ matchExpressions: fc.array(requirementArb, { minLength: 1, maxLength: 2 }) });

const nodeArb = fc.record({
  cpu: quantity("500m", "1", "2", "4"),
  memory: quantity("512Mi", "1Gi", "2Gi", "4Gi"),
  pods: quantity("2", "3", "110"),
  labels: labelsArb,
  taints: fc.array(taintArb, { maxLength: 2 }),
  unschedulable: fc.integer({ min: 0, max: 4 }).map((x) => x === 0),
});

const podSpecArb = fc.record(
  {
    containers: fc.array(fc.option(requestsArb, { nil: undefined }), { minLength: 1, maxLength: 2 }),
    init: fc.option(requestsArb, { nil: undefined }),
    nodeSelector: fc.option(fc.record({ zone: quantity("a", "b") }), { nil: undefined }),
    required: fc.option(fc.array(termArb, { minLength: 1, maxLength: 2 }), { nil: undefined }),
    preferred: fc.array(fc.record({ weight: fc.integer({ min: 1, max: 100 }), preference: termArb }), { maxLength: 3 }),
    tolerations: fc.array(tolerationArb, { maxLength: 2 }),
  },
  { requiredKeys: ["containers", "preferred", "tolerations"] },
);

type PodDraw = typeof podSpecArb extends fc.Arbitrary<infer T> ? T : never;

function toPod(name: string, s: PodDraw): Pod {
  const p = pod(name, s.containers);
  const spec = p.spec!;
  if (s.init) spec.initContainers = [{ name: "init", image: "busybox", resources: { requests: s.init } }];
  if (s.nodeSelector) spec.nodeSelector = s.nodeSelector;
  if (s.required || s.preferred.length > 0) {
    spec.affinity = {
      nodeAffinity: {
        ...(s.required ? { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: s.required } } : {}),
        ...(s.preferred.length > 0 ? { preferredDuringSchedulingIgnoredDuringExecution: s.preferred } : {}),
      },
    };
  }
  if (s.tolerations.length > 0) spec.tolerations = s.tolerations;
  return p;
}

const clusterArb = fc
  .record({
    nodes: fc.array(nodeArb, { minLength: 1, maxLength: 12 }),
    existing: fc.array(fc.record({ at: fc.nat(), containers: fc.array(fc.option(requestsArb, { nil: undefined }), { minLength: 1, maxLength: 2 }) }), { maxLength: 15 }),
    pods: fc.array(podSpecArb, { minLength: 1, maxLength: 6 }),
    startIndex: fc.nat({ max: 20 }),
    pickAt: fc.nat(),
  })
  .map(({ nodes, existing, pods, startIndex, pickAt }) => {
    const ns = nodes.map((o, i) => node(`node-${i}`, o));
    return {
      nodes: ns,
      existing: existing.map((e, i) => on(pod(`old-${i}`, e.containers), ns[e.at % ns.length]!.metadata!.name!)),
      pods: pods.map((s, i) => toPod(`new-${i}`, s)),
      startIndex,
      pickAt,
    };
  });

export default defineSpec<typeof Solution>({
  exports: ["schedule", "leastAllocatedScore", "computePodRequests", "newSnapshot", "addPod"],
  shapes: {
    schedule: {
      type: "object",
      required: ["nextStartIndex", "filtered", "scores"],
      properties: {
        node: { type: "string" },
        nextStartIndex: { type: "integer", minimum: 0 },
        filtered: {
          type: "object",
          additionalProperties: {
            type: "object",
            required: ["plugin", "code", "reasons"],
            properties: { plugin: { type: "string" }, code: { enum: ["Unschedulable", "UnschedulableAndUnresolvable"] }, reasons: { type: "array", items: { type: "string" } } },
          },
        },
        scores: { type: "object", additionalProperties: { type: "object", required: ["total"], additionalProperties: { type: "number" } } },
        message: { type: "string" },
      },
    },
  },
  checks: [
    {
      id: "node-unschedulable",
      name: { ko: "스케줄 불가로 표시된 노드를 걸러 낸다", en: "filters out cordoned nodes" },
      run(ctx) {
        const nodes = [node("cordoned", { unschedulable: true }), node("open")];
        const plain: Case = { pod: pod("web", [{ cpu: "100m" }]), nodes };
        const r = run(ctx, plain);
        ctx.expectEqual(
          { node: r.node, filtered: r.filtered },
          { node: "open", filtered: { cordoned: { plugin: "NodeUnschedulable", code: "UnschedulableAndUnresolvable", reasons: ["node(s) were unschedulable"] } } },
          { ko: "spec.unschedulable인 노드는 NodeUnschedulable이 걸러 내야 한다", en: "a node with spec.unschedulable should be filtered by NodeUnschedulable" },
          shown(plain),
        );
        const tolerant: Case = { pod: pod("ds", [{ cpu: "100m" }], { tolerations: [{ key: "node.kubernetes.io/unschedulable", operator: "Exists", effect: "NoSchedule" }] }), nodes };
        ctx.expectEqual(
          run(ctx, tolerant).filtered,
          {},
          { ko: "node.kubernetes.io/unschedulable:NoSchedule을 용인하는 파드는 스케줄 불가 노드에도 갈 수 있다", en: "a pod that tolerates node.kubernetes.io/unschedulable:NoSchedule may use a cordoned node" },
          shown(tolerant),
        );
      },
    },
    {
      id: "node-name",
      name: { ko: "spec.nodeName이 있으면 그 노드만 맞는다", en: "a pod with spec.nodeName fits only that node" },
      run(ctx) {
        const c: Case = { pod: pod("web", [{ cpu: "100m" }], { nodeName: "b" }), nodes: [node("a"), node("b"), node("c")] };
        const r = run(ctx, c);
        const reason = { plugin: "NodeName", code: "UnschedulableAndUnresolvable", reasons: ["node(s) didn't match the requested node name"] };
        ctx.expectEqual({ node: r.node, filtered: r.filtered }, { node: "b", filtered: { a: reason, c: reason } }, { ko: "b 외의 노드는 NodeName이 걸러 내야 한다", en: "every node but b should be filtered by NodeName" }, shown(c));
      },
    },
    {
      id: "taint-filter",
      name: { ko: "용인하지 않은 NoSchedule·NoExecute 테인트가 있는 노드를 걸러 낸다", en: "filters nodes with an untolerated NoSchedule or NoExecute taint" },
      run(ctx) {
        // taint_toleration_test.go TestTaintTolerationFilter, one node each.
        const dedicated = taint("dedicated", "user1", "NoSchedule");
        const cases: { tolerations: Toleration[]; taints: Taint[]; reason?: string }[] = [
          { tolerations: [], taints: [dedicated], reason: "node(s) had untolerated taint {dedicated: user1}" },
          { tolerations: [{ key: "dedicated", value: "user1", effect: "NoSchedule" }], taints: [dedicated] },
          { tolerations: [{ key: "dedicated", operator: "Equal", value: "user2", effect: "NoSchedule" }], taints: [dedicated], reason: "node(s) had untolerated taint {dedicated: user1}" },
          { tolerations: [{ key: "foo", operator: "Exists", effect: "NoSchedule" }], taints: [taint("foo", "bar", "NoSchedule")] },
          { tolerations: [{ key: "foo", operator: "Equal", value: "bar", effect: "PreferNoSchedule" }], taints: [taint("foo", "bar", "NoSchedule")], reason: "node(s) had untolerated taint {foo: bar}" },
          { tolerations: [{ key: "foo", operator: "Equal", value: "bar" }], taints: [taint("foo", "bar", "NoSchedule")] },
          { tolerations: [], taints: [taint("dedicated", "user1", "PreferNoSchedule")] },
          { tolerations: [], taints: [taint("node.kubernetes.io/not-ready", "", "NoExecute")], reason: "node(s) had untolerated taint {node.kubernetes.io/not-ready: }" },
          { tolerations: [{ key: "a", operator: "Exists" }], taints: [taint("a", "1", "NoSchedule"), taint("b", "2", "NoExecute"), taint("c", "3", "NoSchedule")], reason: "node(s) had untolerated taint {b: 2}" },
        ];
        for (const t of cases) {
          const c: Case = { pod: pod("web", [{ cpu: "100m" }], t.tolerations.length ? { tolerations: t.tolerations } : {}), nodes: [node("tainted", { taints: t.taints })] };
          const expected = t.reason ? { tainted: { plugin: "TaintToleration", code: "UnschedulableAndUnresolvable", reasons: [t.reason] } } : {};
          ctx.expectEqual(
            run(ctx, c).filtered,
            expected,
            t.reason
              ? { ko: "첫 번째로 용인하지 않은 NoSchedule/NoExecute 테인트를 {key: value}로 적어 걸러 내야 한다", en: "the first untolerated NoSchedule/NoExecute taint should filter the node, written {key: value}" }
              : { ko: "이 테인트는 용인되었거나 PreferNoSchedule이므로 걸러 내지 않아야 한다", en: "this taint is tolerated or PreferNoSchedule: the node should not be filtered" },
            shown(c),
          );
        }
      },
    },
    {
      id: "node-affinity-filter",
      name: { ko: "nodeSelector와 필수 노드 어피니티로 걸러 낸다", en: "filters by nodeSelector and required node affinity" },
      run(ctx) {
        const nodes = [
          node("ssd-a", { labels: { disk: "ssd", zone: "a", gen: "3" } }),
          node("hdd-a", { labels: { disk: "hdd", zone: "a", gen: "1" } }),
          node("ssd-b", { labels: { disk: "ssd", zone: "b" } }),
        ];
        const miss = { plugin: "NodeAffinity", code: "UnschedulableAndUnresolvable", reasons: ["node(s) didn't match Pod's node affinity/selector"] };
        const term = (...matchExpressions: { key: string; operator: string; values?: string[] }[]) => ({ matchExpressions });
        const required = (...terms: ReturnType<typeof term>[]) => ({ affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms } } } });
        const cases: { spec: Partial<NonNullable<Pod["spec"]>>; filtered: string[]; why: string }[] = [
          { spec: { nodeSelector: { disk: "ssd" } }, filtered: ["hdd-a"], why: "nodeSelector disk=ssd" },
          { spec: { nodeSelector: { disk: "ssd", zone: "a" } }, filtered: ["hdd-a", "ssd-b"], why: "nodeSelector: every pair must match" },
          { spec: required(term({ key: "zone", operator: "In", values: ["b"] }), term({ key: "gen", operator: "Gt", values: ["2"] })), filtered: ["hdd-a"], why: "terms are ORed: zone In (b) or gen > 2" },
          { spec: required(term({ key: "disk", operator: "In", values: ["ssd"] }, { key: "gen", operator: "Exists" })), filtered: ["hdd-a", "ssd-b"], why: "expressions in a term are ANDed" },
          { spec: required(term({ key: "gen", operator: "NotIn", values: ["1"] })), filtered: ["hdd-a"], why: "NotIn matches a node without the label" },
          { spec: required(term({ key: "gen", operator: "DoesNotExist" })), filtered: ["ssd-a", "hdd-a"], why: "DoesNotExist" },
          { spec: { nodeSelector: { disk: "ssd" }, ...required(term({ key: "zone", operator: "In", values: ["b"] })) }, filtered: ["ssd-a", "hdd-a"], why: "nodeSelector and affinity must both match" },
          { spec: required(term()), filtered: ["ssd-a", "hdd-a", "ssd-b"], why: "an empty term matches nothing" },
        ];
        for (const k of cases) {
          const c: Case = { pod: pod("web", [{ cpu: "100m" }], k.spec), nodes };
          ctx.expectEqual(
            run(ctx, c).filtered,
            Object.fromEntries(k.filtered.map((n) => [n, miss])),
            { ko: `노드 어피니티/셀렉터가 맞지 않는 노드만 걸러 내야 한다 (${k.why})`, en: `exactly the nodes the affinity/selector does not match should be filtered (${k.why})` },
            shown(c),
          );
        }
      },
    },
    {
      id: "resources-fit-filter",
      name: { ko: "cpu, memory, 파드 수가 모자란 노드를 걸러 낸다", en: "filters nodes short of cpu, memory or pod slots" },
      run(ctx) {
        // fit_test.go TestEnoughRequests: a node of 10m cpu, 20 bytes and 32 pods, with one pod using `used`.
        const full = (pods = "32"): Case["nodes"] => [node("n", { cpu: "10m", memory: "20", pods })];
        const using = (used: Requests): Pod[] => [on(pod("used", [used]), "n")];
        const withInit = (init: Requests[]) => ({ initContainers: init.map((r, i) => ({ name: `init${i}`, image: "busybox", resources: { requests: r } })) });
        const cases: { name: string; pod: Pod; used: Requests; pods?: string; reasons: string[] }[] = [
          { name: "too many resources fails", pod: pod("p", [{ cpu: "1m", memory: "1" }]), used: { cpu: "10m", memory: "20" }, reasons: ["Insufficient cpu", "Insufficient memory"] },
          { name: "too many resources fails due to init container cpu", pod: pod("p", [{ cpu: "1m", memory: "1" }], withInit([{ cpu: "3m", memory: "1" }])), used: { cpu: "8m", memory: "19" }, reasons: ["Insufficient cpu"] },
          { name: "too many resources fails due to highest init container cpu", pod: pod("p", [{ cpu: "1m", memory: "1" }], withInit([{ cpu: "3m", memory: "1" }, { cpu: "2m", memory: "1" }])), used: { cpu: "8m", memory: "19" }, reasons: ["Insufficient cpu"] },
          { name: "too many resources fails due to init container memory", pod: pod("p", [{ cpu: "1m", memory: "1" }], withInit([{ cpu: "1m", memory: "3" }])), used: { cpu: "9m", memory: "19" }, reasons: ["Insufficient memory"] },
          { name: "init container fits because it's the max, not sum", pod: pod("p", [{ cpu: "1m", memory: "1" }], withInit([{ cpu: "1m", memory: "1" }, { cpu: "1m", memory: "1" }])), used: { cpu: "9m", memory: "19" }, reasons: [] },
          { name: "one resource memory fits", pod: pod("p", [{ cpu: "2m", memory: "1" }]), used: { cpu: "9m", memory: "19" }, reasons: ["Insufficient cpu"] },
          { name: "equal edge case", pod: pod("p", [{ cpu: "5m", memory: "4" }]), used: { cpu: "5m", memory: "16" }, reasons: [] },
          { name: "a pod that requests nothing fits a full node", pod: pod("p", [undefined]), used: { cpu: "10m", memory: "20" }, reasons: [] },
          { name: "no room for one more pod", pod: pod("p", [{ cpu: "1m", memory: "1" }]), used: { cpu: "1m", memory: "1" }, pods: "1", reasons: ["Too many pods"] },
          { name: "every shortage, in order", pod: pod("p", [{ cpu: "1m", memory: "1" }]), used: { cpu: "10m", memory: "20" }, pods: "1", reasons: ["Too many pods", "Insufficient cpu", "Insufficient memory"] },
        ];
        for (const k of cases) {
          const c: Case = { pod: k.pod, nodes: full(k.pods), pods: using(k.used) };
          ctx.expectEqual(
            run(ctx, c).filtered,
            k.reasons.length ? { n: { plugin: "NodeResourcesFit", code: "Unschedulable", reasons: k.reasons } } : {},
            { ko: `NodeResourcesFit의 판정이 upstream과 다르다 (${k.name})`, en: `NodeResourcesFit's verdict differs from upstream's (${k.name})` },
            shown(c),
          );
        }
      },
    },
    {
      id: "least-allocated",
      name: { ko: "LeastAllocated 점수: 남는 비율이 클수록 높다", en: "LeastAllocated: the more left free, the higher" },
      run(ctx) {
        // least_allocated_test.go TestLeastAllocatedScoringStrategy (quantities as upstream writes them: "4000" cpu).
        const big = (name: string, cpu: string, memory: string) => node(name, { cpu, memory });
        const cases: { name: string; c: Case; want: Record<string, number> }[] = [
          {
            name: "nothing scheduled, resources requested, differently sized nodes",
            c: { pod: pod("p", [{ cpu: "1000", memory: "2000" }, { cpu: "2000", memory: "3000" }]), nodes: [big("node1", "4000", "10000"), big("node2", "6000", "10000")] },
            want: { node1: 37, node2: 50 },
          },
          {
            name: "no resources requested, pods scheduled with resources",
            c: {
              pod: pod("p", []),
              nodes: [big("node1", "10000", "20000"), big("node2", "10000", "20000")],
              pods: [on(pod("a", [{ cpu: "3000", memory: "0" }]), "node1"), on(pod("b", [{ cpu: "3000", memory: "0" }]), "node1"), on(pod("c", [{ cpu: "3000", memory: "0" }]), "node2"), on(pod("d", [{ cpu: "3000", memory: "5000" }]), "node2")],
            },
            want: { node1: 70, node2: 57 },
          },
          {
            name: "resources requested, pods scheduled with resources",
            c: {
              pod: pod("p", [{ cpu: "1000", memory: "2000" }, { cpu: "2000", memory: "3000" }]),
              nodes: [big("node1", "10000", "20000"), big("node2", "10000", "20000")],
              pods: [on(pod("a", [{ cpu: "3000", memory: "0" }]), "node1"), on(pod("b", [{ cpu: "3000", memory: "5000" }]), "node2")],
            },
            want: { node1: 57, node2: 45 },
          },
          {
            name: "resources requested, pods scheduled with resources, differently sized nodes",
            c: {
              pod: pod("p", [{ cpu: "1000", memory: "2000" }, { cpu: "2000", memory: "3000" }]),
              nodes: [big("node1", "10000", "20000"), big("node2", "10000", "50000")],
              pods: [on(pod("a", [{ cpu: "3000", memory: "0" }]), "node1"), on(pod("b", [{ cpu: "3000", memory: "5000" }]), "node2")],
            },
            want: { node1: 57, node2: 60 },
          },
          {
            // Ours: a container without requests counts 100m and 200Mi. cpu (1000-100)*100/1000 = 90,
            // memory (1Gi-200Mi)*100/1Gi = 80.47 -> 80, (90+80)/2 = 85; on the 3Gi node memory gives 93, (90+93)/2 = 91.
            name: "a pod without requests is scored as 100m / 200Mi",
            c: { pod: pod("p", [undefined]), nodes: [node("small", { cpu: "1", memory: "1Gi" }), node("large", { cpu: "1", memory: "3Gi" })] },
            want: { small: 85, large: 91 },
          },
          {
            // cpu (200-149)*100/200 = 25.5 -> 25, memory (200-99)*100/200 = 50.5 -> 50, (25+50)/2 = 37.5 -> 37;
            // rounding only at the end would give (25.5+50.5)/2 = 38.
            name: "each resource is rounded down before the average",
            c: { pod: pod("p", [{ cpu: "149m", memory: "99" }]), nodes: [node("a", { cpu: "200m", memory: "200" }), node("b", { cpu: "200m", memory: "200" })] },
            want: { a: 37, b: 37 },
          },
        ];
        for (const k of cases) {
          ctx.expectEqual(
            column(run(ctx, k.c), "NodeResourcesFit"),
            k.want,
            { ko: `NodeResourcesFit 점수가 upstream과 다르다 (${k.name})`, en: `NodeResourcesFit's scores differ from upstream's (${k.name})` },
            shown(k.c),
          );
        }
        // Over capacity scores 0 (such a node never passes the filter, so the formula is asked directly).
        const over = ctx.impl.leastAllocatedScore({ milliCPU: 6000000, memory: 5000 }, { milliCPU: 4000000, memory: 10000 });
        ctx.expectEqual(over, 25, { ko: "요청이 용량을 넘는 자원은 0점이다: (0 + 50) / 2 = 25", en: "a resource requested beyond capacity scores 0: (0 + 50) / 2 = 25" }, { requested: { milliCPU: 6000000, memory: 5000 }, allocatable: { milliCPU: 4000000, memory: 10000 } });
      },
    },
    {
      id: "balanced-allocation",
      name: { ko: "BalancedAllocation 점수: cpu와 memory 사용률이 고를수록 높다", en: "BalancedAllocation: the closer cpu and memory use, the higher" },
      run(ctx) {
        // balanced_allocation_test.go TestNodeResourcesBalancedAllocation (cpu in millicores, memory in bytes).
        const n = (name: string, cpu: string, memory: string) => node(name, { cpu, memory });
        const cases: { name: string; c: Case; want: Record<string, number> }[] = [
          {
            name: "nothing scheduled, resources requested, differently sized nodes: std 0.125 -> 87",
            c: { pod: pod("p", cpuAndMemory), nodes: [n("node1", "4000m", "10000"), n("node2", "6000m", "10000")] },
            want: { node1: 87, node2: 100 },
          },
          {
            name: "resources requested, pods scheduled with resources: std 0.175 -> 82, 0.05 -> 95",
            c: { pod: pod("p", cpuAndMemory), nodes: [n("node1", "10000m", "20000"), n("node2", "10000m", "20000")], pods: [on(pod("a", cpuOnly), "node1"), on(pod("b", cpuAndMemory), "node2")] },
            want: { node1: 82, node2: 95 },
          },
          {
            name: "resources requested, pods scheduled with resources, differently sized nodes: 82, 80",
            c: { pod: pod("p", cpuAndMemory), nodes: [n("node1", "10000m", "20000"), n("node2", "10000m", "50000")], pods: [on(pod("a", cpuOnly), "node1"), on(pod("b", cpuAndMemory), "node2")] },
            want: { node1: 82, node2: 80 },
          },
          {
            name: "requested resources at node capacity: std 0.5 -> 50, 0.25 -> 75",
            c: { pod: pod("p", cpuOnly), nodes: [n("node1", "6000m", "10000"), n("node2", "6000m", "10000")], pods: [on(pod("a", cpuOnly), "node1"), on(pod("b", cpuAndMemory), "node2")] },
            want: { node1: 50, node2: 75 },
          },
        ];
        for (const k of cases) {
          ctx.expectEqual(
            column(run(ctx, k.c), "NodeResourcesBalancedAllocation"),
            k.want,
            { ko: `BalancedAllocation 점수가 upstream과 다르다 (${k.name})`, en: `BalancedAllocation's scores differ from upstream's (${k.name})` },
            shown(k.c),
          );
        }
      },
    },
    {
      id: "taint-score",
      name: { ko: "TaintToleration 점수: 용인하지 않은 PreferNoSchedule 테인트가 적을수록 높다", en: "TaintToleration score: fewer untolerated PreferNoSchedule taints, higher" },
      run(ctx) {
        // taint_toleration_test.go TestTaintTolerationScore.
        const prefer = (key: string, value: string) => taint(key, value, "PreferNoSchedule");
        const tol = (key: string, value: string, effect = "PreferNoSchedule"): Toleration => ({ key, operator: "Equal", value, effect });
        const cases: { name: string; tolerations: Toleration[]; nodes: Node[]; want: Record<string, number> }[] = [
          { name: "tolerated taints beat intolerable ones", tolerations: [tol("foo", "bar")], nodes: [node("nodeA", { taints: [prefer("foo", "bar")] }), node("nodeB", { taints: [prefer("foo", "blah")] })], want: { nodeA: 100, nodeB: 0 } },
          {
            name: "how many tolerated taints a node has does not matter",
            tolerations: [tol("cpu-type", "arm64"), tol("disk-type", "ssd")],
            nodes: [node("nodeA"), node("nodeB", { taints: [prefer("cpu-type", "arm64")] }), node("nodeC", { taints: [prefer("cpu-type", "arm64"), prefer("disk-type", "ssd")] })],
            want: { nodeA: 100, nodeB: 100, nodeC: 100 },
          },
          {
            name: "the more intolerable taints, the lower",
            tolerations: [tol("foo", "bar")],
            nodes: [node("nodeA"), node("nodeB", { taints: [prefer("cpu-type", "arm64")] }), node("nodeC", { taints: [prefer("cpu-type", "arm64"), prefer("disk-type", "ssd")] })],
            want: { nodeA: 100, nodeB: 50, nodeC: 0 },
          },
          {
            name: "only PreferNoSchedule taints count",
            tolerations: [tol("cpu-type", "arm64", "NoSchedule"), tol("disk-type", "ssd", "NoSchedule")],
            nodes: [node("nodeA"), node("nodeB", { taints: [taint("cpu-type", "arm64", "NoSchedule")] }), node("nodeC", { taints: [prefer("cpu-type", "arm64"), prefer("disk-type", "ssd")] })],
            want: { nodeA: 100, nodeB: 100, nodeC: 0 },
          },
        ];
        for (const k of cases) {
          const c: Case = { pod: pod("p", [{ cpu: "100m" }], { tolerations: k.tolerations }), nodes: k.nodes };
          ctx.expectEqual(column(run(ctx, c), "TaintToleration"), k.want, { ko: `TaintToleration 점수가 upstream과 다르다 (${k.name})`, en: `TaintToleration's scores differ from upstream's (${k.name})` }, shown(c));
        }
      },
    },
    {
      id: "node-affinity-score",
      name: { ko: "NodeAffinity 점수: 맞는 선호 항의 가중치 합을 0-100으로", en: "NodeAffinity score: matched preferred weights, scaled to 0-100" },
      run(ctx) {
        // node_affinity_test.go TestNodeAffinityPriority: weights 2, 4 and 5 over three nodes -> raw 2, 4, 11.
        const pref = (weight: number, key: string, values: string[]) => ({ weight, preference: { matchExpressions: [{ key, operator: "In", values }] } });
        const c: Case = {
          pod: pod("p", [{ cpu: "100m" }], { affinity: { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [pref(2, "foo", ["bar"]), pref(4, "key", ["value"]), pref(5, "az", ["az1"])] } } }),
          nodes: [node("node1", { labels: { foo: "bar" } }), node("node2", { labels: { key: "value" } }), node("node5", { labels: { foo: "bar", key: "value", az: "az1" } })],
        };
        ctx.expectEqual(column(run(ctx, c), "NodeAffinity"), { node1: 18, node2: 36, node5: 100 }, { ko: "원시 점수 2, 4, 11을 100 * 점수 / 11로 바꿔야 한다", en: "raw scores 2, 4, 11 should become 100 * score / 11" }, shown(c));
        const none: Case = { pod: pod("p", [{ cpu: "100m" }]), nodes: c.nodes };
        ctx.expectEqual(column(run(ctx, none), "NodeAffinity"), { node1: 0, node2: 0, node5: 0 }, { ko: "선호 항이 없으면 모두 0점이다", en: "without preferred terms every node scores 0" }, shown(none));
      },
    },
    {
      id: "weights-and-total",
      name: { ko: "총점은 플러그인 점수에 가중치(3, 2, 1, 1)를 곱해 더한 값이다", en: "the total is the weighted sum (3, 2, 1, 1) of the plugin scores" },
      run(ctx) {
        // "spare" is empty but carries an intolerable PreferNoSchedule taint and lacks the preferred label;
        // "busy" is half full. Weights decide: 0*3 + 0*2 + 90 + 100 = 190 against 100*3 + 100*2 + 40 + 100 = 640.
        const c: Case = {
          pod: pod("p", [{ cpu: "200m", memory: "200Mi" }], { affinity: { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 10, preference: { matchExpressions: [{ key: "disk", operator: "In", values: ["ssd"] }] } }] } } }),
          nodes: [node("spare", { cpu: "2", memory: "2000Mi", taints: [taint("spot", "", "PreferNoSchedule")] }), node("busy", { cpu: "2", memory: "2000Mi", labels: { disk: "ssd" } })],
          pods: [on(pod("x", [{ cpu: "1", memory: "1000Mi" }]), "busy")],
        };
        const r = run(ctx, c);
        ctx.expectEqual(
          { node: r.node, scores: r.scores },
          {
            node: "busy",
            scores: {
              spare: { TaintToleration: 0, NodeAffinity: 0, NodeResourcesFit: 90, NodeResourcesBalancedAllocation: 100, total: 190 },
              busy: { TaintToleration: 100, NodeAffinity: 100, NodeResourcesFit: 40, NodeResourcesBalancedAllocation: 100, total: 640 },
            },
          },
          { ko: "총점 = 3 × TaintToleration + 2 × NodeAffinity + NodeResourcesFit + BalancedAllocation", en: "total = 3 × TaintToleration + 2 × NodeAffinity + NodeResourcesFit + BalancedAllocation" },
          shown(c),
        );
      },
    },
    {
      id: "nodes-to-score",
      name: { ko: "percentageOfNodesToScore: 충분한 수의 실행 가능한 노드를 찾으면 멈춘다", en: "percentageOfNodesToScore: stops once enough feasible nodes are found" },
      run(ctx) {
        const many = (count: number) => Array.from({ length: count }, (_, i) => node(`n${String(i).padStart(5, "0")}`, { cpu: "4", memory: "32Gi" }));
        const cases: { count: number; percentage?: number; want: number; why: string }[] = [
          { count: 99, want: 99, why: "fewer than 100 nodes: all" },
          { count: 100, want: 100, why: "100 nodes: 50 - 0 = 50% is 50, raised to the floor of 100" },
          { count: 1000, want: 420, why: "1000 nodes: 50 - 8 = 42%" },
          { count: 5000, want: 500, why: "5000 nodes: 50 - 40 = 10%" },
          { count: 5000, percentage: 1, want: 100, why: "1% of 5000 is 50, raised to the floor of 100" },
          { count: 250, percentage: 100, want: 250, why: "100%: all" },
        ];
        for (const k of cases) {
          const c: Case = { pod: pod("p", [{ cpu: "100m", memory: "128Mi" }]), nodes: many(k.count), ...(k.percentage !== undefined ? { percentageOfNodesToScore: k.percentage } : {}) };
          const r = run(ctx, c);
          ctx.expectEqual(
            Object.keys(r.scores).length,
            k.want,
            { ko: `점수를 매긴 노드 수가 다르다 (${k.why})`, en: `the number of scored nodes is wrong (${k.why})` },
            { nodes: `${k.count} identical nodes, all feasible`, percentageOfNodesToScore: k.percentage ?? 0 },
          );
        }
      },
    },
    {
      id: "rotating-start",
      name: { ko: "탐색은 startIndex에서 시작해 한 바퀴 돌고, 다음 시작점을 돌려준다", en: "the search starts at startIndex, wraps around and returns the next start" },
      run(ctx) {
        const nodes = Array.from({ length: 200 }, (_, i) => node(`n${String(i).padStart(3, "0")}`, i % 4 === 0 ? { cpu: "100m" } : {}));
        const c: Case = { pod: pod("p", [{ cpu: "500m" }]), nodes, startIndex: 150 };
        const r = run(ctx, c);
        // From 150 round to 82: 133 nodes looked at, every 4th too small, 100 feasible (the floor for 200 nodes).
        const scored = Object.keys(r.scores).sort();
        const expectedScored = nodes.map((_, i) => i).filter((i) => i % 4 !== 0 && (i >= 150 || i < 83)).map((i) => `n${String(i).padStart(3, "0")}`);
        ctx.expectEqual(
          { scored, filteredCount: Object.keys(r.filtered).length, nextStartIndex: r.nextStartIndex },
          { scored: expectedScored, filteredCount: 33, nextStartIndex: 83 },
          {
            ko: "150번부터 199번, 이어서 0번부터 82번까지 133개 노드를 보고(33개 탈락, 100개 실행 가능) 다음은 83에서 시작해야 한다",
            en: "nodes 150 to 199, then 0 to 82 should be looked at (133: 33 filtered, 100 feasible), and the next search starts at 83",
          },
          { nodes: "200 nodes n000..n199, every 4th has only 100m cpu", pod: "requests 500m cpu", startIndex: 150 },
        );
        const stuck: Case = { pod: pod("p", [{ cpu: "100" }]), nodes: nodes.slice(0, 7), startIndex: 12 };
        ctx.expectEqual(run(ctx, stuck).nextStartIndex, 5, { ko: "맞는 노드가 없으면 모든 노드를 보므로 다음 시작점은 (12 + 7) % 7 = 5이다", en: "with no feasible node every node is looked at: the next start is (12 + 7) % 7 = 5" }, shown(stuck));
      },
    },
    {
      id: "tie-break",
      name: { ko: "동점인 최고 노드는 pick이 고른다", en: "pick chooses among the nodes tied for the best total" },
      run(ctx) {
        const nodes = [node("a"), node("b", { cpu: "2" }), node("c"), node("d")];
        const c: Case = { pod: pod("p", [{ cpu: "100m" }]), nodes, startIndex: 2 };
        const calls: string[][] = [];
        const r = run(ctx, c, (best) => {
          calls.push([...best]);
          return best[best.length - 1]!;
        });
        ctx.expectEqual(
          { calls, node: r.node },
          { calls: [["a", "c", "d"]], node: "d" },
          { ko: "pick을 한 번, 동점인 최고 노드만 노드 순서대로 넘겨 부르고 그 답을 써야 한다", en: "pick should be called once with exactly the tied best nodes, in node order, and its answer used" },
          shown(c),
        );
        const single: string[][] = [];
        const lone: Case = { pod: pod("p", [{ cpu: "100m" }]), nodes: [node("small", { cpu: "1" }), node("large", { cpu: "8" })] };
        const r2 = run(ctx, lone, (best) => {
          single.push([...best]);
          return best[0]!;
        });
        ctx.expectEqual({ calls: single, node: r2.node }, { calls: [], node: "large" }, { ko: "최고 노드가 하나면 pick을 부르지 않는다", en: "with a single best node, pick is not called" }, shown(lone));
        const one: Case = { pod: pod("p", [{ cpu: "100m" }]), nodes: [node("x", { unschedulable: true }), node("y")] };
        const r3 = run(ctx, one);
        ctx.expectEqual({ node: r3.node, scores: r3.scores }, { node: "y", scores: {} }, { ko: "실행 가능한 노드가 하나뿐이면 점수를 매기지 않고 그 노드를 고른다", en: "with one feasible node, nothing is scored and that node is chosen" }, shown(one));
      },
    },
    {
      id: "fit-error-message",
      name: { ko: "스케줄할 수 없으면 upstream의 FitError 메시지를 낸다", en: "an unschedulable pod gets upstream's FitError message" },
      run(ctx) {
        const three: Case = {
          pod: pod("p", [{ cpu: "2" }]),
          nodes: [node("a", { unschedulable: true }), node("b", { cpu: "1" }), node("c", { cpu: "1500m" })],
          startIndex: 1,
        };
        const r = run(ctx, three);
        ctx.expectEqual(
          { node: r.node, message: r.message },
          {
            node: undefined,
            message:
              "0/3 nodes are available: 1 node(s) were unschedulable, 2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.",
          },
          { ko: "사유마다 노드 수를 세어 \"수 사유\"를 문자열로 정렬해 잇고, 선점 문단을 붙여야 한다", en: "each reason counted over nodes as \"count reason\", sorted as strings, then the preemption part" },
          shown(three),
        );
        const twelve: Case = {
          pod: pod("p", [{ cpu: "1", memory: "1Gi" }]),
          nodes: [
            node("gpu-0", { taints: [taint("gpu", "true", "NoSchedule")] }),
            node("gpu-1", { taints: [taint("gpu", "true", "NoSchedule")] }),
            ...Array.from({ length: 10 }, (_, i) => node(`small-${i}`, { cpu: "500m", memory: "512Mi" })),
          ],
        };
        ctx.expectEqual(
          run(ctx, twelve).message,
          "0/12 nodes are available: 10 Insufficient cpu, 10 Insufficient memory, 2 node(s) had untolerated taint {gpu: true}. preemption: 0/12 nodes are available: 10 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling.",
          { ko: "Go의 sort.Strings처럼 수까지 포함한 문자열로 정렬한다: \"10 ...\"이 \"2 ...\"보다 앞이다", en: "sorted as whole strings like Go's sort.Strings: \"10 ...\" comes before \"2 ...\"" },
          shown(twelve),
        );
      },
    },
    {
      id: "same-as-reference",
      name: { ko: "무작위 클러스터에서 참조 구현과 같은 노드, 필터 표, 점수 표를 낸다", en: "on random clusters, the reference's node, filter table and score table" },
      async run(ctx) {
        await ctx.forAll(clusterArb, ({ nodes, existing, pods, startIndex, pickAt }) => {
          const nodeInfos = ctx.ref.newSnapshot(existing, nodes);
          const pick = (best: string[]) => best[pickAt % best.length]!;
          const input = { pod: pods[0]!, nodeInfos, startIndex, pick };
          ctx.expectEqual(
            result(ctx.impl.schedule(input)),
            result(ctx.ref.schedule(input)),
            { ko: "결과가 참조 구현과 다르다 (노드별 필터 표와 점수 표를 비교해 보자)", en: "the result differs from the reference's (compare the per-node filter and score tables)" },
            { ...shown({ pod: pods[0]!, nodes }), existing, startIndex, pick: `best[${pickAt} % best.length]` },
          );
        });
      },
    },
    {
      id: "sequence-same-as-reference",
      name: { ko: "파드를 차례로 스케줄해도 참조 구현과 같다", en: "scheduling pods one after another matches the reference" },
      async run(ctx) {
        await ctx.forAll(clusterArb, ({ nodes, existing, pods, startIndex, pickAt }) => {
          let infos: NodeInfo[] = ctx.ref.newSnapshot(existing, nodes);
          let start = startIndex;
          const pick = (best: string[]) => best[pickAt % best.length]!;
          pods.forEach((p, step) => {
            const input = { pod: p, nodeInfos: infos, startIndex: start, pick };
            const expected = ctx.ref.schedule(input);
            ctx.expectEqual(
              result(ctx.impl.schedule(input)),
              result(expected),
              { ko: `${step + 1}번째 파드의 결과가 참조 구현과 다르다 (앞의 파드는 참조 구현이 고른 노드에 놓였다)`, en: `pod ${step + 1}'s result differs from the reference's (earlier pods were placed where the reference put them)` },
              { step: step + 1, pod: p, startIndex: start, nodes: infos.map((i) => ({ name: i.node.metadata!.name, allocatable: i.allocatable, requested: i.requested, nonZeroRequested: i.nonZeroRequested, podCount: i.podCount, labels: i.node.metadata!.labels, spec: i.node.spec })) },
            );
            start = expected.nextStartIndex;
            const chosen = expected.node;
            if (chosen !== undefined) {
              infos = infos.map((i) => (i.node.metadata!.name === chosen ? ctx.ref.addPod(i, on(p, chosen)) : i));
            }
          });
        });
      },
    },
    inClusterCheck<typeof Solution>({
      name: { ko: "내 스케줄러가 클러스터에서 파드를 3개에서 10개로, 다시 2개로 배치한다", en: "your scheduler places pods in a cluster scaled 3 -> 10 -> 2" },
      scenario: "scale.yaml",
      lesson: "lesson-6",
      swap: (impl, ref) => ({ ...ref, scheduler: { schedule: (input) => impl.schedule(input as never), newSnapshot: (pods, nodes) => impl.newSnapshot(pods, nodes) as never } }),
    }),
  ],
});
