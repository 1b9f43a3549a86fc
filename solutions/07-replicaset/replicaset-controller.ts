/**
 * Chapter 7: the ReplicaSet controller, one sync of one ReplicaSet.
 *
 * `syncReplicaSet` is kube-controller-manager's replicaset controller (kubernetes/kubernetes
 * pkg/controller/replicaset/replica_set.go) with the plumbing taken out: it gets everything the informer caches hold
 * as a read-only view and returns actions. It claims pods (adopt matching orphans, release owned pods that stopped
 * matching), creates or deletes pods to reach `spec.replicas`, and writes the status it computes.
 *
 * Behaviour pinned to Kubernetes v1.32: replica_set.go, replica_set_utils.go (calculateStatus,
 * updateReplicaSetStatus), pkg/controller/controller_utils.go (FilterActivePods, ActivePodsWithRanks with the
 * PodDeletionCost (beta, on) and LogarithmicScaleDown (GA) feature gates), pkg/controller/controller_ref_manager.go
 * (ClaimObject) and pkg/api/v1/pod/util.go (IsPodReady, IsPodAvailable). v1.33 added `status.terminatingReplicas`;
 * it is not here.
 *
 * Split with the simulator (which plays upstream's PodControl, workqueue and ControllerExpectations):
 * - The creates returned are the whole difference (up to the burst limit). The simulator sends them in upstream's
 *   slow-start batches (1, 2, 4, ... see slowStartBatch), stops after the first batch with a failure, and lowers the
 *   expected creations by the number it skipped, as manageReplicas does.
 * - An `event` right after a `create` or `delete` reports that call's success: the simulator records it only when the
 *   call succeeds (FailedCreate / FailedDelete with the error otherwise, as RealPodControl does). The pod's name is not
 *   known before it is created, so a SuccessfulCreate message ends with the `generateName` (`Created pod: web-`) and the
 *   simulator appends the same suffix it appended to the name (`Created pod: web-x7k2p`).
 * - The simulator counts the creates and the deleted pods' keys as expectations, and passes what is still outstanding
 *   in `view.expectations` (ExpectCreations, ExpectDeletions, SatisfiedExpectations with its 5-minute expiry).
 */
import type { Action, ObjectMeta, Pod, ReplicaSet, ReplicaSetStatus, Selector } from "#kube";
import { deepClone, deepEqual, getControllerOf, labelSelectorAsSelector, matches, newControllerRef, selectorFromSet } from "#kube";

/** Everything one sync reads, as the informer caches hold it. Read-only: the checker freezes it. */
export interface ReplicaSetView {
  rs: ReplicaSet;
  /** Every pod in the ReplicaSet's namespace, whoever owns it. */
  pods: Pod[];
  /** The virtual clock, RFC 3339: for availability (minReadySeconds) and the logarithmic ranking on scale-down. */
  now: string;
  /**
   * Creates and deletes this controller made and has not seen in the cache yet (ControllerExpectations). While either
   * is above zero, the cache is behind our own writes: claim and compute status, but do not create or delete.
   */
  expectations: { add: number; del: number };
  /**
   * Every ReplicaSet in the namespace, `rs` included (the rsIndexer). Used only to rank pods on scale-down by the pods
   * of sibling ReplicaSets (same controller, e.g. one Deployment) on the same node. Left out, only `rs` is known.
   */
  replicaSets?: ReplicaSet[];
}

/** What the simulator sends to the API server (src/kube/actions.ts). */
type ApiObject = Extract<Action, { type: "create" }>["object"];

/** Upstream's BurstReplicas: at most this many creates, or deletes, in one sync. */
export const BURST_REPLICAS = 500;
/** The annotation a user sets to say which pods are cheaper to lose (PodDeletionCost). */
export const POD_DELETION_COST = "controller.kubernetes.io/pod-deletion-cost";
const RS_KIND = { apiVersion: "apps/v1", kind: "ReplicaSet" };

// ---- pods: active, ready, available (controller_utils.go, pkg/api/v1/pod/util.go) ----

/**
 * IsPodActive: a pod still counts toward the replicas unless it has finished (Succeeded, Failed) or is being deleted.
 * A terminating pod may run for its whole grace period, yet the controller replaces it at once.
 */
export function isPodActive(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase !== "Succeeded" && phase !== "Failed" && !pod.metadata?.deletionTimestamp;
}

/** The pod's first `Ready` condition (GetPodReadyCondition). */
const readyCondition = (pod: Pod) => pod.status?.conditions?.find((c) => c.type === "Ready");

/** IsPodReady: the Ready condition is True. The phase does not matter. */
export function isPodReady(pod: Pod): boolean {
  return readyCondition(pod)?.status === "True";
}

/** A timestamp in milliseconds; a missing one is Go's zero time (undefined). */
const millis = (t: string | undefined): number | undefined => (t ? Date.parse(t) : undefined);

/**
 * IsPodAvailable: ready, and ready for more than minReadySeconds (strictly: at exactly minReadySeconds it is not yet).
 * A ready pod without a lastTransitionTime is available only when minReadySeconds is 0.
 * @example isPodAvailable(readySince("12:00:00"), 30, "12:00:31") === true
 */
export function isPodAvailable(pod: Pod, minReadySeconds: number, now: string): boolean {
  if (!isPodReady(pod)) return false;
  if (minReadySeconds === 0) return true;
  const since = millis(readyCondition(pod)?.lastTransitionTime);
  return since !== undefined && since + minReadySeconds * 1000 < Date.parse(now);
}

/**
 * Seconds until the next ready pod turns available, plus one (updatePod enqueues after minReadySeconds + 1s, so the
 * pod is strictly past the line when we look again); undefined when no pod is waiting.
 */
export function secondsUntilAvailable(rs: ReplicaSet, pods: readonly Pod[], now: string): number | undefined {
  const minReadySeconds = rs.spec?.minReadySeconds ?? 0;
  if (minReadySeconds <= 0) return undefined;
  let soonest: number | undefined;
  for (const pod of pods) {
    const since = millis(readyCondition(pod)?.lastTransitionTime);
    if (!isPodReady(pod) || since === undefined || isPodAvailable(pod, minReadySeconds, now)) continue;
    const wait = (since + minReadySeconds * 1000 - Date.parse(now)) / 1000 + 1;
    soonest = soonest === undefined ? wait : Math.min(soonest, wait);
  }
  return soonest;
}

// ---- claiming (controller_ref_manager.go ClaimObject) ----

const asObject = (o: Pod | ReplicaSet): ApiObject => o as unknown as ApiObject;

/** The pod with our controller reference added (AdoptPod's patch; a reference to us that is not the controller goes). */
function adopt(rs: ReplicaSet, pod: Pod): Action {
  const others = (pod.metadata?.ownerReferences ?? []).filter((ref) => ref.uid !== rs.metadata?.uid);
  const metadata = { ...pod.metadata, ownerReferences: [...others, newControllerRef(rs, RS_KIND)] };
  return { type: "update", resource: "pods", object: asObject({ ...pod, metadata }) };
}

/** The pod without any reference to us (ReleasePod); other owners stay. */
function release(rs: ReplicaSet, pod: Pod): Action {
  const rest = (pod.metadata?.ownerReferences ?? []).filter((ref) => ref.uid !== rs.metadata?.uid);
  const metadata: ObjectMeta = { ...pod.metadata, ownerReferences: rest };
  if (rest.length === 0) delete metadata.ownerReferences;
  return { type: "update", resource: "pods", object: asObject({ ...pod, metadata }) };
}

/**
 * ClaimPods: which of `pods` are ours. A pod controlled by us stays ours while the selector matches it, and is released
 * when it stops matching; an orphan that matches is adopted; a pod another controller owns is never touched. While
 * the ReplicaSet is being deleted it neither adopts nor releases. Updates carry the pod's resourceVersion, so a stale
 * view gets a 409 instead of overwriting someone else's change.
 * @returns the claimed pods (adopted ones included), and the updates that adopt and release
 */
export function claimPods(rs: ReplicaSet, selector: Selector, pods: readonly Pod[]): { claimed: Pod[]; actions: Action[] } {
  const claimed: Pod[] = [];
  const actions: Action[] = [];
  const deleting = Boolean(rs.metadata?.deletionTimestamp);
  for (const pod of pods) {
    const ref = getControllerOf(pod);
    const match = matches(selector, pod.metadata?.labels);
    if (ref !== undefined) {
      if (ref.uid !== rs.metadata?.uid) continue; // another controller's pod: never ours to take
      if (match) claimed.push(pod);
      else if (!deleting) actions.push(release(rs, pod));
      continue;
    }
    // An orphan: adopt it if it matches, unless one of the two is on its way out.
    if (deleting || !match || pod.metadata?.deletionTimestamp) continue;
    if (rs.metadata?.namespace && rs.metadata.namespace !== pod.metadata?.namespace) continue;
    actions.push(adopt(rs, pod));
    claimed.push(pod);
  }
  return { claimed, actions };
}

// ---- which pods go first (controller_utils.go ActivePodsWithRanks) ----

/** A pod and its rank: how many active pods related to its ReplicaSet run on its node. */
export interface RankedPod {
  pod: Pod;
  rank: number;
}

const PHASE_ORDINAL: Readonly<Record<string, number>> = { Pending: 0, Unknown: 1, Running: 2 };
const nodeOf = (pod: Pod): string => pod.spec?.nodeName ?? "";
const uidOf = (pod: Pod): string => pod.metadata?.uid ?? "";

/** The pod-deletion-cost annotation as an int32; 0 when missing or invalid ("+1", "007", "abc" are invalid). */
export function deletionCost(pod: Pod): number {
  const value = pod.metadata?.annotations?.[POD_DELETION_COST];
  if (value === undefined || !/^(-\d+|0|[1-9]\d*)$/.test(value)) return 0;
  const n = Number(value);
  return n >= -(2 ** 31) && n <= 2 ** 31 - 1 ? n : 0;
}

/** The highest restartCount among the pod's containers. */
const maxContainerRestarts = (pod: Pod): number =>
  Math.max(0, ...(pod.status?.containerStatuses ?? []).map((c) => c.restartCount));

/** When the pod became ready, in ms; undefined when it is not ready or the time is missing (podReadyTime). */
const podReadyTime = (pod: Pod): number | undefined =>
  isPodReady(pod) ? millis(readyCondition(pod)?.lastTransitionTime) : undefined;

/** floor(log2(age in nanoseconds)), -1 for no age: times in one power-of-two bucket count as equally old. */
function logBucket(t: number, now: number): number {
  const ns = (now - t) * 1e6;
  return ns > 0 ? Math.floor(Math.log2(ns)) : -1;
}

/**
 * Upstream's comparison of two timestamps, newer first: a missing time goes before any time (afterOrZero); otherwise
 * the logarithmic buckets decide, and within one bucket the lower UID goes first.
 */
function newerFirst(ta: number | undefined, tb: number | undefined, now: number, a: Pod, b: Pod): boolean {
  if (ta === undefined || tb === undefined) return ta === undefined;
  const diff = logBucket(ta, now) - logBucket(tb, now);
  return diff === 0 ? uidOf(a) < uidOf(b) : diff < 0;
}

/**
 * ActivePodsWithRanks.Less: whether `a` should be deleted before `b`. Rules in order, the first that tells them apart
 * decides: unassigned before assigned; Pending before Unknown before Running; not ready before ready; lower
 * pod-deletion-cost first; higher rank (more related pods on its node) first; ready more recently first; more
 * restarts first; created more recently first. Ready and creation times compare in log2 buckets of their age.
 */
export function activePodsLess(a: RankedPod, b: RankedPod, now: number): boolean {
  const [pa, pb] = [a.pod, b.pod];
  const [na, nb] = [nodeOf(pa), nodeOf(pb)];
  if (na !== nb && (na === "" || nb === "")) return na === "";
  const [oa, ob] = [PHASE_ORDINAL[pa.status?.phase ?? ""] ?? 0, PHASE_ORDINAL[pb.status?.phase ?? ""] ?? 0];
  if (oa !== ob) return oa < ob;
  const [ra, rb] = [isPodReady(pa), isPodReady(pb)];
  if (ra !== rb) return !ra;
  const [ca, cb] = [deletionCost(pa), deletionCost(pb)];
  if (ca !== cb) return ca < cb;
  if (a.rank !== b.rank) return a.rank > b.rank;
  if (ra && rb) {
    const [ta, tb] = [podReadyTime(pa), podReadyTime(pb)];
    if (ta !== tb) return newerFirst(ta, tb, now, pa, pb);
  }
  const [ma, mb] = [maxContainerRestarts(pa), maxContainerRestarts(pb)];
  if (ma !== mb) return ma > mb;
  const [ka, kb] = [millis(pa.metadata?.creationTimestamp), millis(pb.metadata?.creationTimestamp)];
  if (ka !== kb) return newerFirst(ka, kb, now, pa, pb);
  return false;
}

/**
 * getIndirectlyRelatedPods: the pods of every ReplicaSet that shares `rs`'s controller (the ReplicaSets of one
 * Deployment), each pod once. A ReplicaSet without a controller has none, so its pods all get rank 0.
 */
export function getIndirectlyRelatedPods(rs: ReplicaSet, replicaSets: readonly ReplicaSet[], pods: readonly Pod[]): Pod[] {
  const owner = getControllerOf(rs);
  if (owner === undefined) return [];
  const seen = new Set<string>();
  const related: Pod[] = [];
  for (const sibling of replicaSets) {
    if (getControllerOf(sibling)?.uid !== owner.uid) continue;
    let selector: Selector;
    try {
      selector = labelSelectorAsSelector(sibling.spec?.selector);
    } catch {
      continue; // an invalid selector matches no pods
    }
    for (const pod of pods) {
      if (!matches(selector, pod.metadata?.labels) || seen.has(uidOf(pod))) continue;
      seen.add(uidOf(pod));
      related.push(pod);
    }
  }
  return related;
}

/** getPodsRankedByRelatedPodsOnSameNode: each pod's rank is the number of active related pods on its node. */
export function rankByRelatedPodsOnSameNode(pods: readonly Pod[], related: readonly Pod[]): RankedPod[] {
  const onNode = new Map<string, number>();
  for (const pod of related) if (isPodActive(pod)) onNode.set(nodeOf(pod), (onNode.get(nodeOf(pod)) ?? 0) + 1);
  return pods.map((pod) => ({ pod, rank: onNode.get(nodeOf(pod)) ?? 0 }));
}

/**
 * getPodsToDelete: the `diff` pods to delete, best victims first. Upstream sorts with sort.Sort, which is not stable:
 * pods its Less cannot tell apart come out in no fixed order. Here they are ordered by UID, then name.
 */
export function getPodsToDelete(pods: readonly Pod[], related: readonly Pod[], diff: number, now: string): Pod[] {
  if (diff >= pods.length) return [...pods];
  const t = Date.parse(now);
  const tieBreak = (a: Pod, b: Pod): number =>
    uidOf(a) < uidOf(b) ? -1 : uidOf(a) > uidOf(b) ? 1 : (a.metadata?.name ?? "") < (b.metadata?.name ?? "") ? -1 : 1;
  return rankByRelatedPodsOnSameNode(pods, related)
    .sort((a, b) => (activePodsLess(a, b, t) ? -1 : activePodsLess(b, a, t) ? 1 : tieBreak(a.pod, b.pod)))
    .slice(0, diff)
    .map((r) => r.pod);
}

// ---- manageReplicas ----

/** getPodsPrefix: `<name>-`, or the bare name when the dash would make it too long for a pod name. */
const podsPrefix = (name: string): string => (name.length + 1 <= 253 ? `${name}-` : name);

/**
 * GetPodFromTemplate: a new pod from `spec.template`: labels, annotations, finalizers and spec copied, a generateName of
 * `<rs-name>-`, the namespace, and our controller reference (controller and blockOwnerDeletion set) so that the pod is
 * ours from its first moment and the garbage collector deletes it with the ReplicaSet.
 */
export function newPodFromTemplate(rs: ReplicaSet): Pod {
  const template = rs.spec?.template ?? {};
  const { annotations, finalizers } = template.metadata ?? {};
  const metadata: ObjectMeta = {
    generateName: podsPrefix(rs.metadata?.name ?? ""),
    namespace: rs.metadata?.namespace,
    labels: { ...template.metadata?.labels },
    ownerReferences: [newControllerRef(rs, RS_KIND)],
  };
  if (annotations && Object.keys(annotations).length > 0) metadata.annotations = { ...annotations };
  if (finalizers && finalizers.length > 0) metadata.finalizers = [...finalizers];
  return { apiVersion: "v1", kind: "Pod", metadata, spec: deepClone(template.spec) };
}

/** The burst limit: never more than BURST_REPLICAS creates or deletes in one sync; the next sync does the rest. */
function limitBurst(n: number): number {
  return Math.min(n, BURST_REPLICAS);
}

const involvedObject = (rs: ReplicaSet) => ({
  kind: "ReplicaSet",
  apiVersion: "apps/v1",
  namespace: rs.metadata?.namespace,
  name: rs.metadata?.name ?? "",
  uid: rs.metadata?.uid,
});

const normal = (rs: ReplicaSet, reason: string, message: string): Action => ({
  type: "event",
  involved: involvedObject(rs),
  reason,
  message,
  eventType: "Normal",
});

/**
 * manageReplicas: creates (from the template) or deletes (the best victims) to close the gap between the claimed
 * pods and `spec.replicas`, each followed by its event. Returns the whole difference up to the burst limit; the
 * simulator batches the creates (slow start).
 */
export function manageReplicas(rs: ReplicaSet, pods: readonly Pod[], related: readonly Pod[], now: string): Action[] {
  const actions: Action[] = [];
  const diff = pods.length - (rs.spec?.replicas ?? 1);
  if (diff < 0) {
    for (let i = 0; i < limitBurst(-diff); i++) {
      const pod = newPodFromTemplate(rs);
      actions.push({ type: "create", resource: "pods", object: asObject(pod) });
      actions.push(normal(rs, "SuccessfulCreate", `Created pod: ${pod.metadata?.generateName}`));
    }
  } else if (diff > 0) {
    for (const pod of getPodsToDelete(pods, related, limitBurst(diff), now)) {
      const { namespace, name = "", uid } = pod.metadata ?? {};
      actions.push({ type: "delete", resource: "pods", namespace, name, uid });
      actions.push(normal(rs, "SuccessfulDelete", `Deleted pod: ${name}`));
    }
  }
  return actions;
}

// ---- status (replica_set_utils.go) ----

/**
 * calculateStatus: the counts over the claimed active pods. `fullyLabeledReplicas` counts pods carrying every label of
 * the template (the selector may ask for fewer), `readyReplicas` the ready ones, `availableReplicas` those ready for
 * more than minReadySeconds. `observedGeneration` is the generation this status was computed for. Conditions are
 * carried over (ReplicaFailure is not modelled: create failures happen in the simulator).
 */
export function calculateStatus(rs: ReplicaSet, pods: readonly Pod[], now: string): ReplicaSetStatus {
  const templateLabels = selectorFromSet(rs.spec?.template?.metadata?.labels);
  const minReadySeconds = rs.spec?.minReadySeconds ?? 0;
  let fullyLabeledReplicas = 0;
  let readyReplicas = 0;
  let availableReplicas = 0;
  for (const pod of pods) {
    if (matches(templateLabels, pod.metadata?.labels)) fullyLabeledReplicas++;
    if (isPodReady(pod)) {
      readyReplicas++;
      if (isPodAvailable(pod, minReadySeconds, now)) availableReplicas++;
    }
  }
  const status: ReplicaSetStatus = {
    replicas: pods.length,
    fullyLabeledReplicas,
    readyReplicas,
    availableReplicas,
    observedGeneration: rs.metadata?.generation ?? 0,
  };
  if (rs.status?.conditions) status.conditions = deepClone(rs.status.conditions);
  return status;
}

/**
 * updateReplicaSetStatus's early return: nothing to write when every count is the same and the generation was already
 * observed. Writing anyway would bump resourceVersion and wake every watcher, every sync.
 */
export function statusChanged(rs: ReplicaSet, next: ReplicaSetStatus): boolean {
  const old = rs.status;
  const same =
    (old?.replicas ?? 0) === next.replicas &&
    (old?.fullyLabeledReplicas ?? 0) === (next.fullyLabeledReplicas ?? 0) &&
    (old?.readyReplicas ?? 0) === (next.readyReplicas ?? 0) &&
    (old?.availableReplicas ?? 0) === (next.availableReplicas ?? 0) &&
    (rs.metadata?.generation ?? 0) === (old?.observedGeneration ?? 0) &&
    deepEqual(old?.conditions, next.conditions);
  return !same;
}

// ---- the sync ----

/**
 * Brings one ReplicaSet one step closer to `spec.replicas`. Does NOT modify `view`.
 * Claims pods, then (when the expectations are met and the ReplicaSet is not being deleted) creates or deletes, then
 * writes the status if it changed, and asks to run again when a ready pod will turn available.
 * @returns updates (adopt, release), creates and deletes with their events, updateStatus, requeueAfter
 */
export function syncReplicaSet(view: Readonly<ReplicaSetView>): Action[] {
  const { rs, now, expectations } = view;
  let selector: Selector;
  try {
    selector = labelSelectorAsSelector(rs.spec?.selector);
  } catch {
    return []; // upstream logs the invalid selector and gives up until the object changes
  }
  // Every pod in the namespace is listed, so that pods we own whose labels changed are found and released.
  const active = view.pods.filter(isPodActive);
  const { claimed, actions } = claimPods(rs, selector, active);

  // Claims happen either way; creating and deleting only on a cache that has caught up with our own writes.
  const rsNeedsSync = expectations.add <= 0 && expectations.del <= 0;
  if (rsNeedsSync && !rs.metadata?.deletionTimestamp) {
    const related = getIndirectlyRelatedPods(rs, view.replicaSets ?? [rs], view.pods);
    actions.push(...manageReplicas(rs, claimed, related, now));
  }

  const status = calculateStatus(rs, claimed, now);
  if (statusChanged(rs, status)) {
    actions.push({ type: "updateStatus", resource: "replicasets", object: asObject({ ...rs, status }) });
  }
  const wait = secondsUntilAvailable(rs, claimed, now);
  if (wait !== undefined) actions.push({ type: "requeueAfter", seconds: wait });
  return actions;
}
