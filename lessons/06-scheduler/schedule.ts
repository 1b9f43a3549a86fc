/**
 * Chapter 6: one scheduling cycle of kube-scheduler, for one pod.
 *
 * `schedule` filters the nodes that cannot run the pod, scores the feasible ones and picks the best, as
 * kubernetes/kubernetes pkg/scheduler/schedule_one.go (schedulePod, findNodesThatPassFilters, prioritizeNodes,
 * selectHost) does with the plugins of the default profile. It is pure: it reads no clock and draws no random
 * numbers; where upstream draws one (a tie between equally good nodes), it asks `pick`.
 *
 * We follow Kubernetes v1.32. Each plugin names the upstream file it follows, under
 * pkg/scheduler/framework/plugins/. Behaviour that changed between releases is noted where it lives.
 *
 * Input: instead of every pod in the cluster, the scheduler's cache view of each node (`NodeInfo`, as upstream's
 * framework.NodeInfo): the node, its allocatable resources, the summed requests of its pods and their count.
 * `newSnapshot(pods, nodes)` builds that view from plain lists and `addPod` updates one node after a binding, as
 * the scheduler cache does when it assumes a pod.
 */

import { milliValue, newRequirement, quantityValue, requirementMatches, type Node, type Operator, type Pod, type Requirement, type Taint, tolerationsTolerateTaint } from "#kube";
import { todo } from "#kube";

// ---- the cache view: resources and NodeInfo ----

/** cpu in millicores and memory in bytes (upstream's framework.Resource, cut to the two we schedule on). */
export interface Resource {
  milliCPU: number;
  memory: number;
}

/** What the scheduler's cache knows about one node (framework.NodeInfo). */
export interface NodeInfo {
  node: Node;
  /** `status.allocatable`: cpu in millicores, memory in bytes, and how many pods the node takes. */
  allocatable: Resource & { allowedPodNumber: number };
  /** The requests of the pods on the node, summed (computePodRequests of each). */
  requested: Resource;
  /** The same sum with 100m cpu / 200Mi memory for every container that requests none: what LeastAllocated uses. */
  nonZeroRequested: Resource;
  /** How many pods are on the node, bound or assumed. */
  podCount: number;
}

/** schedutil.DefaultMilliCPURequest and DefaultMemoryRequest (pkg/scheduler/util/pod_resources.go). */
export const DEFAULT_MILLI_CPU_REQUEST = 100;
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

type ResourceList = Readonly<Record<string, string | number>> | undefined;

/** One container's requests; with `nonZero`, a missing cpu or memory request counts as the default. */
function containerRequests(requests: ResourceList, nonZero: boolean): Resource {
  const cpu = requests?.["cpu"];
  const memory = requests?.["memory"];
  return {
    milliCPU: cpu !== undefined ? milliValue(cpu) : nonZero ? DEFAULT_MILLI_CPU_REQUEST : 0,
    memory: memory !== undefined ? quantityValue(memory) : nonZero ? DEFAULT_MEMORY_REQUEST : 0,
  };
}

/**
 * What a pod asks for (component-helpers resource.PodRequests, as NodeResourcesFit's computePodResourceRequest
 * calls it): the sum over the containers, at least the largest init container (each init container also needs the
 * sidecars started before it, `restartPolicy: Always`, which keep running and so add to the sum), plus
 * `spec.overhead`. With `nonZero`, each container without a cpu or memory request counts 100m / 200Mi
 * (NonMissingContainerRequests, what scoring uses so that pods without requests are not free).
 * @example computePodRequests(pod with containers of 100m and 200m, init container of 500m) // { milliCPU: 500, memory: 0 }
 */
export function computePodRequests(pod: Pod, nonZero = false): Resource {
  const spec = pod.spec;
  const sum: Resource = { milliCPU: 0, memory: 0 };
  for (const c of spec?.containers ?? []) {
    const r = containerRequests(c.resources?.requests, nonZero);
    sum.milliCPU += r.milliCPU;
    sum.memory += r.memory;
  }
  const sidecars: Resource = { milliCPU: 0, memory: 0 };
  const init: Resource = { milliCPU: 0, memory: 0 };
  for (const c of spec?.initContainers ?? []) {
    const r = containerRequests(c.resources?.requests, nonZero);
    let use: Resource;
    if (c.restartPolicy === "Always") {
      sum.milliCPU += r.milliCPU;
      sum.memory += r.memory;
      sidecars.milliCPU += r.milliCPU;
      sidecars.memory += r.memory;
      use = { ...sidecars };
    } else {
      use = { milliCPU: r.milliCPU + sidecars.milliCPU, memory: r.memory + sidecars.memory };
    }
    init.milliCPU = Math.max(init.milliCPU, use.milliCPU);
    init.memory = Math.max(init.memory, use.memory);
  }
  const overhead = containerRequests(spec?.overhead, false);
  return {
    milliCPU: Math.max(sum.milliCPU, init.milliCPU) + overhead.milliCPU,
    memory: Math.max(sum.memory, init.memory) + overhead.memory,
  };
}

/** A NodeInfo for a node with no pods yet (NodeInfo.SetNode). */
export function newNodeInfo(node: Node): NodeInfo {
  const a = node.status?.allocatable;
  return {
    node,
    allocatable: {
      milliCPU: a?.["cpu"] !== undefined ? milliValue(a["cpu"]) : 0,
      memory: a?.["memory"] !== undefined ? quantityValue(a["memory"]) : 0,
      allowedPodNumber: a?.["pods"] !== undefined ? quantityValue(a["pods"]) : 0,
    },
    requested: { milliCPU: 0, memory: 0 },
    nonZeroRequested: { milliCPU: 0, memory: 0 },
    podCount: 0,
  };
}

/** The NodeInfo after `pod` lands on the node (NodeInfo.AddPod). Returns a new object; `info` is not changed. */
export function addPod(info: NodeInfo, pod: Pod): NodeInfo {
  const r = computePodRequests(pod);
  const nz = computePodRequests(pod, true);
  return {
    ...info,
    requested: { milliCPU: info.requested.milliCPU + r.milliCPU, memory: info.requested.memory + r.memory },
    nonZeroRequested: { milliCPU: info.nonZeroRequested.milliCPU + nz.milliCPU, memory: info.nonZeroRequested.memory + nz.memory },
    podCount: info.podCount + 1,
  };
}

/**
 * The cache's view of the cluster (cache.NewSnapshot(pods, nodes)): one NodeInfo per node, in the order of
 * `nodes`, each with the pods whose `spec.nodeName` names it. Pods bound to no known node are ignored.
 */
export function newSnapshot(pods: readonly Pod[], nodes: readonly Node[]): NodeInfo[] {
  const infos = nodes.map(newNodeInfo);
  const index = new Map(nodes.map((n, i) => [n.metadata?.name ?? "", i]));
  for (const pod of pods) {
    const i = index.get(pod.spec?.nodeName ?? "");
    if (i !== undefined) infos[i] = addPod(infos[i]!, pod);
  }
  return infos;
}

// ---- the framework: statuses, plugins, the cycle state ----

/** framework.Code, the three we use. UnschedulableAndUnresolvable: preemption would not help on this node. */
export type Code = "Success" | "Unschedulable" | "UnschedulableAndUnresolvable";

/** A plugin's verdict on one node, a value (framework.Status). */
export type Status = { code: "Success" } | { code: "Unschedulable" | "UnschedulableAndUnresolvable"; reasons: string[] };

const SUCCESS: Status = Object.freeze({ code: "Success" });

/** What PreFilter / PreScore compute once per pod and every Filter / Score call reads (framework.CycleState). */
export interface CycleState {
  pod: Pod;
  /** computePodRequests(pod): what NodeResourcesFit filters with and BalancedAllocation scores with. */
  podRequests: Resource;
  /** computePodRequests(pod, true): what LeastAllocated scores with. */
  podNonZeroRequests: Resource;
  /** `spec.nodeSelector` and the required node affinity, parsed (NodeAffinity's PreFilter). */
  requiredNodeAffinity: RequiredNodeAffinity;
  /** The preferred node affinity terms, parsed (NodeAffinity's PreScore). */
  preferredTerms: { weight: number; matches: (node: Node) => boolean }[];
  /**
   * The plugins whose PreFilter or PreScore answered Skip: they have nothing to say about this pod, so the cycle does
   * not call them (CycleState.SkipFilterPlugins, SkipScorePlugins). A skipped score plugin counts 0 on every node,
   * what it would have given anyway.
   */
  skipFilterPlugins: ReadonlySet<string>;
  skipScorePlugins: ReadonlySet<string>;
}

/** A Filter plugin: may this node run the pod? */
export interface FilterPlugin {
  name: string;
  filter(state: CycleState, nodeInfo: NodeInfo): Status;
}

/** A Score plugin: how good is this node, 0 to 100 once normalised? */
export interface ScorePlugin {
  name: ScorePluginName;
  score(state: CycleState, nodeInfo: NodeInfo): number;
  /** Rescales the raw scores of all scored nodes to 0..100 (ScoreExtensions.NormalizeScore). */
  normalizeScore?(scores: readonly number[]): number[];
}

export type ScorePluginName = "TaintToleration" | "NodeAffinity" | "NodeResourcesFit" | "NodeResourcesBalancedAllocation";

/** framework.MaxNodeScore. */
export const MAX_NODE_SCORE = 100;

// ---- node selectors (component-helpers scheduling/corev1); toleratesTaint and tolerationsTolerateTaint come from #kube ----

type NodeSelectorTerm = NonNullable<
  NonNullable<NonNullable<NonNullable<Pod["spec"]>["affinity"]>["nodeAffinity"]>["requiredDuringSchedulingIgnoredDuringExecution"]
>["nodeSelectorTerms"][number];
type NodeSelectorRequirement = NonNullable<NodeSelectorTerm["matchExpressions"]>[number];

const OPERATORS: Readonly<Record<string, Operator>> = { In: "in", NotIn: "notin", Exists: "exists", DoesNotExist: "!", Gt: "gt", Lt: "lt" };

/**
 * A node selector term as a test (nodeaffinity.go newNodeSelectorTerm): matchExpressions on labels AND matchFields
 * on `metadata.name`, all of them. An empty term matches nothing; an invalid one (bad operator, `In` without
 * values, ...) matches nothing either, as upstream's parse errors do.
 */
export function compileTerm(term: NodeSelectorTerm): (node: Node) => boolean {
  const exprs = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (exprs.length === 0 && fields.length === 0) return () => false;
  const labelReqs: Requirement[] = [];
  for (const e of exprs) {
    const op = OPERATORS[e.operator];
    if (!op) return () => false;
    try {
      labelReqs.push(newRequirement(e.key, op, e.values ?? []));
    } catch {
      return () => false;
    }
  }
  const fieldTests: ((name: string) => boolean)[] = [];
  for (const f of fields as NodeSelectorRequirement[]) {
    const values = f.values ?? [];
    if (f.key !== "metadata.name" || values.length !== 1 || (f.operator !== "In" && f.operator !== "NotIn")) return () => false;
    fieldTests.push(f.operator === "In" ? (name) => name === values[0] : (name) => name !== values[0]);
  }
  return (node) =>
    labelReqs.every((r) => requirementMatches(r, node.metadata?.labels)) && fieldTests.every((t) => t(node.metadata?.name ?? ""));
}

/** nodeSelector (every key=value) and required node affinity (some term matches; undefined when there is none). */
export interface RequiredNodeAffinity {
  nodeSelector: Readonly<Record<string, string>> | undefined;
  terms: ((node: Node) => boolean)[] | undefined;
}

/** PreFilter and PreScore of the plugins that have them: everything that depends only on the pod, computed once. */
export function preFilter(pod: Pod): CycleState {
  const nodeAffinity = pod.spec?.affinity?.nodeAffinity;
  const required = nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  const nodeSelector = pod.spec?.nodeSelector;
  const requiredNodeAffinity: RequiredNodeAffinity = {
    nodeSelector: nodeSelector && Object.keys(nodeSelector).length > 0 ? nodeSelector : undefined,
    terms: required ? required.nodeSelectorTerms.map(compileTerm) : undefined,
  };
  // Terms with weight 0 or no requirements are dropped (NewPreferredSchedulingTerms).
  const preferredTerms = (nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [])
    .filter((t) => t.weight !== 0 && ((t.preference.matchExpressions ?? []).length > 0 || (t.preference.matchFields ?? []).length > 0))
    .map((t) => ({ weight: t.weight, matches: compileTerm(t.preference) }));
  return {
    pod,
    podRequests: computePodRequests(pod),
    podNonZeroRequests: computePodRequests(pod, true),
    requiredNodeAffinity,
    preferredTerms,
    // NodeAffinity's PreFilter and PreScore answer Skip for a pod with no node selector or affinity of that kind.
    skipFilterPlugins: new Set(!requiredNodeAffinity.nodeSelector && !requiredNodeAffinity.terms ? ["NodeAffinity"] : []),
    skipScorePlugins: new Set(preferredTerms.length === 0 ? ["NodeAffinity"] : []),
  };
}

// ---- the filters, in the default profile's order ----

/** nodeunschedulable/node_unschedulable.go: a cordoned node takes only pods that tolerate its taint. */
export const NodeUnschedulable = {
  name: "NodeUnschedulable",
  filter(state, { node }) {
    if (!node.spec?.unschedulable) return SUCCESS;
    // A pod that tolerates the taint `kubectl cordon` stands for may go to the cordoned node anyway (DaemonSets do).
    const tolerated = tolerationsTolerateTaint(state.pod.spec?.tolerations, { key: "node.kubernetes.io/unschedulable", effect: "NoSchedule" });
    return tolerated ? SUCCESS : { code: "UnschedulableAndUnresolvable", reasons: ["node(s) were unschedulable"] };
  },
} satisfies FilterPlugin;

/** nodename/node_name.go: a pod that names its node fits only there. */
export const NodeName = {
  name: "NodeName",
  filter(state, { node }) {
    const wanted = state.pod.spec?.nodeName;
    if (!wanted || wanted === node.metadata?.name) return SUCCESS;
    return { code: "UnschedulableAndUnresolvable", reasons: ["node(s) didn't match the requested node name"] };
  },
} satisfies FilterPlugin;

const NO_TAINTS: readonly Taint[] = Object.freeze([]);

/**
 * tainttoleration/taint_toleration.go: the first NoSchedule or NoExecute taint (in the node's order) that no
 * toleration tolerates keeps the pod off. v1.32 names it, `{key: value}`; v1.35 stopped printing taints in pod
 * status and says `node(s) had untolerated taint(s)`.
 */
export const TaintToleration = {
  name: "TaintToleration",
  filter(state, { node }) {
    const tolerations = state.pod.spec?.tolerations;
    // TODO: go through the node's taints in order; the first one with effect NoSchedule or NoExecute that
    // `tolerationsTolerateTaint(tolerations, taint)` does not tolerate makes the node UnschedulableAndUnresolvable
    // with the reason `node(s) had untolerated taint {key: value}`. PreferNoSchedule never filters.
    return todo("which taint keeps this pod off the node?");
  },
  /** The number of PreferNoSchedule taints the pod does not tolerate: fewer is better, so normalised reversed. */
  score(state, { node }) {
    let intolerable = 0;
    for (const t of node.spec?.taints ?? NO_TAINTS) {
      if (t.effect === "PreferNoSchedule" && !tolerationsTolerateTaint(state.pod.spec?.tolerations, t)) intolerable++;
    }
    return intolerable;
  },
  normalizeScore: (scores) => defaultNormalizeScore(scores, true),
} satisfies FilterPlugin & ScorePlugin;

const NO_LABELS: Readonly<Record<string, string>> = Object.freeze({});
const NODE_AFFINITY_MISMATCH: Status = Object.freeze({
  code: "UnschedulableAndUnresolvable",
  reasons: Object.freeze(["node(s) didn't match Pod's node affinity/selector"]) as string[],
});

/**
 * nodeaffinity/node_affinity.go with component-helpers scheduling/corev1/nodeaffinity: `spec.nodeSelector` must
 * match the node's labels and, when the pod has a required node affinity, one of its terms must match.
 */
export const NodeAffinity = {
  name: "NodeAffinity",
  filter(state, { node }) {
    const { nodeSelector, terms } = state.requiredNodeAffinity;
    const labels = node.metadata?.labels ?? NO_LABELS;
    // TODO: every key=value of `nodeSelector` (when there is one) must be among the node's labels, and when the pod
    // has required terms (`terms` is not undefined) at least one of them must match the node (each is a function).
    // Both hold: SUCCESS; otherwise NODE_AFFINITY_MISMATCH.
    return todo("does the node match nodeSelector and the required node affinity?");
  },
  /** The sum of the weights of the preferred terms the node matches; normalised so the best node gets 100. */
  score(state, { node }) {
    let sum = 0;
    for (const t of state.preferredTerms) if (t.matches(node)) sum += t.weight;
    return sum;
  },
  normalizeScore: (scores) => defaultNormalizeScore(scores, false),
} satisfies FilterPlugin & ScorePlugin;

/**
 * noderesources/fit.go fitsRequest: the node must have room for one more pod, and for the pod's cpu and memory
 * requests next to what its pods already request. Every shortage is a reason; the code is Unschedulable (not
 * ...AndUnresolvable) because evicting pods could make room.
 */
export const NodeResourcesFit = {
  name: "NodeResourcesFit",
  filter(state, info) {
    const want = state.podRequests;
    const { allocatable, requested } = info;
    // TODO: collect every shortage, in this order: "Too many pods" when one more pod would exceed
    // allocatable.allowedPodNumber; "Insufficient cpu" / "Insufficient memory" when the pod requests some (> 0) and
    // more than allocatable minus what the node's pods already request. None: SUCCESS; else Unschedulable.
    return todo("is there room for this pod?");
  },
  /**
   * The default scoring strategy, LeastAllocated on cpu and memory with weights 1 and 1 (least_allocated.go):
   * the pod's non-zero requests added to the node's.
   */
  score(state, info) {
    const req = state.podNonZeroRequests;
    return leastAllocatedScore(
      { milliCPU: info.nonZeroRequested.milliCPU + req.milliCPU, memory: info.nonZeroRequested.memory + req.memory },
      info.allocatable,
    );
  },
} satisfies FilterPlugin & ScorePlugin;

/**
 * noderesources/balanced_allocation.go: favours nodes whose cpu and memory would be used in equal parts. It uses
 * the real requests, not the non-zero ones (since v1.23, PR #105845). v1.33 skips it for pods that request nothing
 * (PR #130260); v1.32 still scores them.
 */
export const NodeResourcesBalancedAllocation = {
  name: "NodeResourcesBalancedAllocation",
  score(state, info) {
    const req = state.podRequests;
    return balancedResourceScore(
      { milliCPU: info.requested.milliCPU + req.milliCPU, memory: info.requested.memory + req.memory },
      info.allocatable,
    );
  },
} satisfies ScorePlugin;

/** The filters of the default profile, in its order (pkg/scheduler/apis/config/v1/default_plugins.go). */
export const FILTER_PLUGINS: readonly FilterPlugin[] = [NodeUnschedulable, NodeName, TaintToleration, NodeAffinity, NodeResourcesFit];

/** The score plugins we run, in the default profile's order. */
export const SCORE_PLUGINS: readonly ScorePlugin[] = [TaintToleration, NodeAffinity, NodeResourcesFit, NodeResourcesBalancedAllocation];

/**
 * How much each plugin's normalised score counts in a node's total (default_plugins.go, v1.32). Upstream also
 * weighs PodTopologySpread 2, InterPodAffinity 2 and ImageLocality 1, which we do not run.
 */
export const DEFAULT_WEIGHTS: Readonly<Record<ScorePluginName, number>> = {
  TaintToleration: 3,
  NodeAffinity: 2,
  NodeResourcesFit: 1,
  NodeResourcesBalancedAllocation: 1,
};

// ---- the score formulas ----

/**
 * helper.DefaultNormalizeScore: scales so the largest raw score becomes 100 (integer division); `reverse` turns it
 * around so the smallest count wins. All zeros stay 0, or all become 100 when reversed.
 */
export function defaultNormalizeScore(scores: readonly number[], reverse: boolean): number[] {
  let max = 0;
  for (const s of scores) if (s > max) max = s;
  const out = new Array<number>(scores.length);
  for (let i = 0; i < scores.length; i++) {
    const scaled = max === 0 ? 0 : Math.floor((MAX_NODE_SCORE * scores[i]!) / max);
    out[i] = reverse ? MAX_NODE_SCORE - scaled : scaled;
  }
  return out;
}

/** LeastAllocated: ((capacity - requested) * 100) / capacity, 0 when capacity is 0 or exceeded. */
export const leastRequestedScore = (requested: number, capacity: number): number => {
  // TODO: the formula above, in whole numbers as upstream's int64 arithmetic (round down here, before averaging).
  return todo("how much of the node is left free, 0-100?");
};

/**
 * leastResourceScorer: the weighted average of leastRequestedScore over cpu and memory (weights 1 and 1), floored;
 * a resource the node has none of is left out.
 */
export function leastAllocatedScore(requested: Resource, allocatable: Resource): number {
  let nodeScore = 0;
  let weightSum = 0;
  if (allocatable.milliCPU !== 0) {
    nodeScore += leastRequestedScore(requested.milliCPU, allocatable.milliCPU);
    weightSum += 1;
  }
  if (allocatable.memory !== 0) {
    nodeScore += leastRequestedScore(requested.memory, allocatable.memory);
    weightSum += 1;
  }
  return weightSum === 0 ? 0 : Math.floor(nodeScore / weightSum);
}

/**
 * BalancedAllocation: (1 - std) * 100, truncated, where std is the standard deviation of the used fractions
 * requested / allocatable (each at most 1); for two resources std = |cpuFraction - memoryFraction| / 2.
 * Before v1.22 (PR #101946) it was (1 - |cpuFraction - memoryFraction|) * 100.
 */
export function balancedResourceScore(requested: Resource, allocatable: Resource): number {
  // A resource the node has none of is left out; with one resource (or none) there is nothing to balance.
  if (allocatable.milliCPU === 0 || allocatable.memory === 0) return MAX_NODE_SCORE;
  // TODO: each fraction is requested / allocatable, at most 1; std = |cpuFraction - memoryFraction| / 2; the score
  // is (1 - std) * 100 with the fraction cut off (Go's int64() conversion), in that order of operations.
  return todo("how evenly would cpu and memory be used?");
}

// ---- the scheduling cycle ----

/** upstream's minFeasibleNodesToFind and minFeasibleNodesPercentageToFind (schedule_one.go). */
export const MIN_FEASIBLE_NODES_TO_FIND = 100;
export const MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND = 5;

/**
 * numFeasibleNodesToFind: how many feasible nodes are enough to stop looking. Below 100 nodes, all of them; else
 * `percentage` of them (0 means adaptive: 50% minus 1% per 125 nodes, at least 5%), but never fewer than 100.
 * @example numFeasibleNodesToFind(5000, 0) === 500  // 50 - 5000/125 = 10%
 */
export function numFeasibleNodesToFind(numAllNodes: number, percentage = 0): number {
  // TODO: as the comment above says, with whole-number (int32) divisions: fewer than 100 nodes -> all of them;
  // percentage 0 -> 50 - numAllNodes / 125, at least 5; then numAllNodes * percentage / 100, at least 100.
  return todo("how many feasible nodes are enough?");
}

/** A node a filter turned down: which plugin, with what code, and its reasons. */
export interface FilterFailure {
  plugin: string;
  code: "Unschedulable" | "UnschedulableAndUnresolvable";
  reasons: string[];
}

/** One node's normalised score per plugin (before weights) and its weighted total. */
export type NodeScores = Record<ScorePluginName, number> & { total: number };

export interface ScheduleResult {
  /** The chosen node; absent when the pod fits nowhere. */
  node?: string;
  /** Where the next cycle's search starts (upstream's nextStartNodeIndex). */
  nextStartIndex: number;
  /** Every node the search looked at and a filter turned down. */
  filtered: Record<string, FilterFailure>;
  /** Every feasible node that was scored; empty when only one node was feasible (upstream does not score then). */
  scores: Record<string, NodeScores>;
  /** Upstream's FitError message when the pod fits nowhere, as FailedScheduling events and PodScheduled show it. */
  message?: string;
}

export interface ScheduleInput {
  pod: Pod;
  /** The cache's view of every node, in a stable order (newSnapshot). */
  nodeInfos: readonly NodeInfo[];
  /** The profile's percentageOfNodesToScore; 0 or absent means adaptive. */
  percentageOfNodesToScore?: number;
  /** Where the rotating search starts (the previous result's nextStartIndex). */
  startIndex: number;
  /** Chooses among the nodes that share the highest total, given in the order of `nodeInfos`. */
  pick: (best: string[]) => string;
}

/** RunFilterPlugins: the first plugin that says no decides; later plugins are not asked. */
function runFilterPlugins(state: CycleState, info: NodeInfo, filters: readonly FilterPlugin[]): FilterFailure | undefined {
  for (const plugin of filters) {
    const status = plugin.filter(state, info);
    if (status.code !== "Success") return { plugin: plugin.name, code: status.code, reasons: status.reasons };
  }
  return undefined;
}

/**
 * prioritizeNodes: every score plugin scores every feasible node, normalises over them, and each node's total is
 * the weighted sum.
 */
function prioritizeNodes(state: CycleState, feasible: readonly NodeInfo[]): NodeScores[] {
  const normalised = {} as Record<ScorePluginName, number[]>;
  for (const plugin of SCORE_PLUGINS) {
    if (state.skipScorePlugins.has(plugin.name)) {
      normalised[plugin.name] = new Array<number>(feasible.length).fill(0);
      continue;
    }
    const raw = new Array<number>(feasible.length);
    for (let i = 0; i < feasible.length; i++) raw[i] = plugin.score(state, feasible[i]!);
    normalised[plugin.name] = plugin.normalizeScore ? plugin.normalizeScore(raw) : raw;
  }
  const out = new Array<NodeScores>(feasible.length);
  for (let i = 0; i < feasible.length; i++) {
    const scores: NodeScores = {
      TaintToleration: normalised.TaintToleration[i]!,
      NodeAffinity: normalised.NodeAffinity[i]!,
      NodeResourcesFit: normalised.NodeResourcesFit[i]!,
      NodeResourcesBalancedAllocation: normalised.NodeResourcesBalancedAllocation[i]!,
      total: 0,
    };
    // TODO: the node's total: each plugin's normalised score times its weight in DEFAULT_WEIGHTS, added up.
    scores.total = todo("Σ weight × score");
    out[i] = scores;
  }
  return out;
}

/**
 * selectHost: the node with the highest total. Upstream breaks a tie by reservoir sampling (each tied node equally
 * likely); we hand the tied names, in node order, to `pick`.
 */
function selectHost(names: readonly string[], totals: readonly number[], order: readonly number[], pick: (best: string[]) => string): string {
  // TODO: find the highest total and the nodes that have it. One node: that one, without asking `pick`. Several:
  // `pick` chooses, given their names sorted by `order` (their index in nodeInfos; the search wrapped around).
  return todo("which node wins, and who breaks a tie?");
}

/** FitError.Error: `0/N nodes are available: ` then each reason with the number of nodes that gave it, sorted as strings. */
export function fitErrorMessage(numAllNodes: number, reasonsPerNode: readonly (readonly string[])[]): string {
  // TODO: count how many nodes gave each reason, write each as "<count> <reason>", sort those strings as strings
  // (Go's sort.Strings), join them with ", " and wrap them: `0/<numAllNodes> nodes are available: <...>.`
  return todo("the FitError message");
}

/**
 * The message of an unschedulable pod: the filters' FitError, then what DefaultPreemption's PostFilter adds. We do
 * not preempt and every pod has the same priority, so preemption finds no victims on a node that failed
 * Unschedulable (resources) and is not tried on one that failed UnschedulableAndUnresolvable.
 */
export function unschedulableMessage(numAllNodes: number, filtered: Readonly<Record<string, FilterFailure>>): string {
  const failures = Object.values(filtered);
  const filterMsg = fitErrorMessage(numAllNodes, failures.map((f) => f.reasons));
  const preemption = fitErrorMessage(
    numAllNodes,
    failures.map((f) => [f.code === "Unschedulable" ? "No preemption victims found for incoming pod" : "Preemption is not helpful for scheduling"]),
  );
  return `${filterMsg} preemption: ${preemption}`;
}

/**
 * One scheduling cycle for `pod` (schedulePod): filter from `startIndex` round the nodes until enough feasible
 * ones are found, score them, pick the best. Does NOT modify `input`.
 * @returns the chosen node (or the FitError message), the per-node filter failures and scores, and where the next
 * cycle's search starts
 */
export function schedule(input: Readonly<ScheduleInput>): ScheduleResult {
  const { pod, nodeInfos, startIndex, pick } = input;
  const n = nodeInfos.length;
  if (n === 0) return { nextStartIndex: startIndex, filtered: {}, scores: {}, message: "no nodes available to schedule pods" };

  const state = preFilter(pod);
  const filters = FILTER_PLUGINS.filter((p) => !state.skipFilterPlugins.has(p.name));
  const enough = numFeasibleNodesToFind(n, input.percentageOfNodesToScore ?? 0);
  const filtered: Record<string, FilterFailure> = {};
  const feasible: NodeInfo[] = [];
  const order: number[] = [];
  let processed = 0;
  // findNodesThatPassFilters: start where the last cycle stopped, so every node gets its turn in large clusters.
  while (processed < n && feasible.length < enough) {
    const index = (startIndex + processed) % n;
    const info = nodeInfos[index]!;
    processed++;
    const failure = runFilterPlugins(state, info, filters);
    if (failure) filtered[info.node.metadata?.name ?? ""] = failure;
    else {
      feasible.push(info);
      order.push(index);
    }
  }
  const nextStartIndex = (startIndex + processed) % n;

  if (feasible.length === 0) return { nextStartIndex, filtered, scores: {}, message: unschedulableMessage(n, filtered) };
  const names = feasible.map((info) => info.node.metadata?.name ?? "");
  // With one feasible node there is nothing to compare: upstream skips scoring.
  if (feasible.length === 1) return { node: names[0]!, nextStartIndex, filtered, scores: {} };

  const perNode = prioritizeNodes(state, feasible);
  const scores: Record<string, NodeScores> = {};
  names.forEach((name, i) => {
    scores[name] = perNode[i]!;
  });
  const node = selectHost(names, perNode.map((s) => s.total), order, pick);
  return { node, nextStartIndex, filtered, scores };
}
