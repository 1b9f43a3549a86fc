/**
 * Chapter 8: the Deployment controller, one sync of one Deployment.
 *
 * `syncDeployment` is kube-controller-manager's deployment controller (kubernetes/kubernetes
 * pkg/controller/deployment) with the plumbing taken out: it gets what the informer caches hold as a read-only view
 * and returns actions. It claims ReplicaSets, finds or creates the ReplicaSet of the current pod template, rolls pods
 * over from the old ReplicaSets to the new one (RollingUpdate or Recreate), scales proportionally when `spec.replicas`
 * changes mid-rollout, deletes old ReplicaSets beyond `revisionHistoryLimit`, and writes the status and conditions.
 *
 * Behaviour pinned to Kubernetes v1.32: deployment_controller.go (syncDeployment, getReplicaSetsForDeployment,
 * getPodMapForDeployment), sync.go (getAllReplicaSetsAndSyncRevision, getNewReplicaSet, scale, scaleReplicaSet,
 * cleanupDeployment, calculateStatus, isScalingEvent), rolling.go, recreate.go, progress.go (syncRolloutStatus,
 * requeueStuckDeployment), util/deployment_util.go, pkg/controller/controller_utils.go (ComputeHash, the ReplicaSet
 * sort orders), pkg/controller/controller_ref_manager.go (ClaimObject), and kubectl's
 * staging/src/k8s.io/kubectl/pkg/polymorphichelpers/rollout_status.go for `rolloutStatus`.
 *
 * One sync, one write per object. Upstream writes as it goes: a sync may update the same ReplicaSet twice (adopt it,
 * then scale it) and the Deployment's status twice (a new condition, then the counts). Here the writes to one object
 * are merged into one action that carries the final state, in the place of its first write, and the ScalingReplicaSet
 * events follow in the order upstream records them. The values each step reads are the ones upstream's step reads.
 *
 * Split with the simulator (which plays upstream's informers, workqueue and API client):
 * - A `create` of the new ReplicaSet is followed by its `Scaled up replica set ...` event, recorded only if the create
 *   succeeds. An update's event follows the update.
 * - The Deployment's revision annotation is written with its status (`updateStatus`), as upstream does: the apps/v1
 *   status strategy keeps metadata changes other than labels.
 * - `requeueAfter` asks for the progress check upstream schedules with enqueueAfter (requeueStuckDeployment).
 *   minReadySeconds needs no requeue here: the ReplicaSet controller requeues itself and its status update wakes us.
 * - Left out: the deprecated `rollbackTo` (extensions/v1beta1; kubectl rolls back by patching the template) and the
 *   ReplicaSetCreateError condition (the create's failure is known only when the simulator applies it).
 */
import type { Action, Deployment, DeploymentCondition, DeploymentStatus, LabelSelector, Pod, PodTemplateSpec, ReplicaSet } from "#kube";
import { deepClone, deepEqual, getControllerOf, isControlledBy, labelSelectorMatches, newControllerRef } from "#kube";
import { todo } from "#kube";

/** Everything one sync reads, as the informer caches hold it. Read-only: the checker freezes it. */
export interface DeploymentView {
  deployment: Deployment;
  /** Every ReplicaSet in the Deployment's namespace, whoever owns it. */
  replicaSets: ReplicaSet[];
  /** Every pod in the namespace (Recreate waits until the old ones are gone). */
  pods: Pod[];
  /** The virtual clock, RFC 3339: condition times and the progress deadline. */
  now: string;
}

/** What the simulator sends to the API server (src/kube/actions.ts). */
type ApiObject = Extract<Action, { type: "create" }>["object"];
/** maxSurge and maxUnavailable: a count (`1`) or a percentage of spec.replicas (`"25%"`). */
export type IntOrString = number | string;

/** The label that tells the pods of one template from another's (apps/v1 DefaultDeploymentUniqueLabelKey). */
export const POD_TEMPLATE_HASH = "pod-template-hash";
/** Annotations the controller keeps on ReplicaSets (and the revision on the Deployment too). */
export const REVISION = "deployment.kubernetes.io/revision";
export const REVISION_HISTORY = "deployment.kubernetes.io/revision-history";
export const DESIRED_REPLICAS = "deployment.kubernetes.io/desired-replicas";
export const MAX_REPLICAS = "deployment.kubernetes.io/max-replicas";
/** Annotations never copied from the Deployment to its new ReplicaSet (annotationsToSkip). */
const ANNOTATIONS_TO_SKIP = new Set([
  "kubectl.kubernetes.io/last-applied-configuration",
  REVISION,
  REVISION_HISTORY,
  DESIRED_REPLICAS,
  MAX_REPLICAS,
  "deprecated.deployment.rollback.to",
]);
/** The revision-history annotation stops growing at this many characters (sync.go maxRevHistoryLengthInChars). */
const MAX_REV_HISTORY_LENGTH_IN_CHARS = 2000;
/** math.MaxInt32: a revisionHistoryLimit or progressDeadlineSeconds of this value means "none". */
const MAX_INT32 = 2147483647;
const DEPLOYMENT_KIND = { apiVersion: "apps/v1", kind: "Deployment" };

/** Condition reasons (deployment_util.go). */
export const REASONS = {
  NewReplicaSetCreated: "NewReplicaSetCreated",
  FoundNewReplicaSet: "FoundNewReplicaSet",
  ReplicaSetUpdated: "ReplicaSetUpdated",
  NewReplicaSetAvailable: "NewReplicaSetAvailable",
  ProgressDeadlineExceeded: "ProgressDeadlineExceeded",
  DeploymentPaused: "DeploymentPaused",
  DeploymentResumed: "DeploymentResumed",
  MinimumReplicasAvailable: "MinimumReplicasAvailable",
  MinimumReplicasUnavailable: "MinimumReplicasUnavailable",
} as const;

// ---- the spec, as the API server defaults it (SetDefaults_Deployment) ----

const replicasOf = (d: Deployment): number => d.spec?.replicas ?? 1;
const rsReplicas = (rs: ReplicaSet): number => rs.spec?.replicas ?? 1;
const isRollingUpdate = (d: Deployment): boolean => (d.spec?.strategy?.type ?? "RollingUpdate") === "RollingUpdate";
const hasProgressDeadline = (d: Deployment): boolean => (d.spec?.progressDeadlineSeconds ?? 600) !== MAX_INT32;
const hasRevisionHistoryLimit = (d: Deployment): boolean => (d.spec?.revisionHistoryLimit ?? 10) !== MAX_INT32;
const nameOf = (o: { metadata?: { name?: string } }): string => o.metadata?.name ?? "";
const asObject = (o: ReplicaSet | Deployment): ApiObject => o as unknown as ApiObject;

// ---- maxSurge and maxUnavailable (deployment_util.go ResolveFenceposts, intstr.GetScaledValueFromIntOrPercent) ----

/**
 * An IntOrString as a count: an integer as it is, a percentage of `total` rounded up or down.
 * @example getScaledValueFromIntOrPercent("25%", 10, true) === 3
 */
export function getScaledValueFromIntOrPercent(value: IntOrString, total: number, roundUp: boolean): number {
  if (typeof value === "number") return value;
  if (!value.endsWith("%")) throw new Error(`invalid value for IntOrString: invalid type: string is not a percentage`);
  const digits = value.slice(0, -1);
  if (!/^[+-]?\d+$/.test(digits)) throw new Error(`invalid value for IntOrString: invalid value "${value}"`);
  const scaled = (Number(digits) * total) / 100;
  return roundUp ? Math.ceil(scaled) : Math.floor(scaled);
}

/**
 * ResolveFenceposts: maxSurge and maxUnavailable as pod counts for `desired` replicas. A missing value counts as 0.
 * Surge rounds up and unavailable rounds down, so a percentage never makes a rollout less safe than asked. When both
 * come out 0 (1 replica at 25%/25%), nothing could move; unavailable becomes 1 (surge may be blocked by a quota).
 * @example resolveFenceposts("25%", "25%", 10) // { surge: 3, unavailable: 2 }
 */
export function resolveFenceposts(maxSurge: IntOrString | undefined, maxUnavailable: IntOrString | undefined, desired: number): { surge: number; unavailable: number } {
  // TODO: surge rounds up and unavailable rounds down (getScaledValueFromIntOrPercent with roundUp true, then false;
  // a missing value counts as 0). When both come out 0, make unavailable 1.
  return todo("resolve maxSurge and maxUnavailable");
}

/** The rolling-update parameters with the API's defaults (25% each) for a view built by hand. */
function rollingUpdateOf(d: Deployment): { maxSurge: IntOrString; maxUnavailable: IntOrString } {
  const ru = d.spec?.strategy?.rollingUpdate;
  return { maxSurge: ru?.maxSurge ?? "25%", maxUnavailable: ru?.maxUnavailable ?? "25%" };
}

/** MaxSurge: how many pods above spec.replicas a rolling update may run; 0 for Recreate. */
export function maxSurge(d: Deployment): number {
  if (!isRollingUpdate(d)) return 0;
  const ru = rollingUpdateOf(d);
  return resolveFenceposts(ru.maxSurge, ru.maxUnavailable, replicasOf(d)).surge;
}

/** MaxUnavailable: how many of spec.replicas may be unavailable; never more than spec.replicas, 0 for Recreate. */
export function maxUnavailable(d: Deployment): number {
  if (!isRollingUpdate(d) || replicasOf(d) === 0) return 0;
  const ru = rollingUpdateOf(d);
  return Math.min(resolveFenceposts(ru.maxSurge, ru.maxUnavailable, replicasOf(d)).unavailable, replicasOf(d));
}

// ---- the pod-template-hash (controller_utils.go ComputeHash, apimachinery rand.SafeEncodeString) ----

/** The template as canonical JSON data: keys sorted, null and undefined dropped (Go's zero values). */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const v = (value as Record<string, unknown>)[key];
    if (v !== undefined && v !== null) out[key] = canonical(v);
  }
  return out;
}

/** Upstream's alphabet for names: no vowels (no words), no 0, 1 or 3 (no look-alikes). */
const SAFE_ALPHANUMS = "bcdfghjklmnpqrstvwxz2456789";

/** SafeEncodeString: each character to the alphabet by its byte value, so a decimal string becomes letters and digits. */
export const safeEncodeString = (s: string): string => [...s].map((c) => SAFE_ALPHANUMS[c.charCodeAt(0) % SAFE_ALPHANUMS.length]).join("");

/**
 * The pod-template-hash of a template: FNV-1a (32 bit) over the template's canonical JSON, then collisionCount as
 * 8 little-endian bytes when set, written in decimal through SafeEncodeString. Upstream hashes the Go structure
 * (DeepHashObject, a spew dump), which no JavaScript can reproduce: the same template gets another hash on a real
 * cluster. What matters is kept: equal templates, equal hashes; a collisionCount bump, a new hash.
 * @example computeHash({ metadata: { labels: { app: "web" } } }) // ten characters from "bcdfghjklmnpqrstvwxz2456789"
 */
export function computeHash(template: unknown, collisionCount?: number): string {
  let hash = 0x811c9dc5;
  const write = (bytes: Iterable<number>): void => {
    for (const b of bytes) hash = Math.imul(hash ^ b, 0x01000193) >>> 0;
  };
  write(new TextEncoder().encode(JSON.stringify(canonical(template))));
  if (collisionCount !== undefined) {
    const n = collisionCount >>> 0;
    write([n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, n >>> 24, 0, 0, 0, 0]);
  }
  return safeEncodeString(String(hash));
}

/** EqualIgnoreHash: the two templates are the same once the pod-template-hash label is taken out of both. */
export function equalIgnoreHash(a: PodTemplateSpec | undefined, b: PodTemplateSpec | undefined): boolean {
  const strip = (t: PodTemplateSpec | undefined): unknown => {
    const labels = { ...t?.metadata?.labels };
    delete labels[POD_TEMPLATE_HASH];
    return canonical({ ...t, metadata: { ...t?.metadata, labels: Object.keys(labels).length > 0 ? labels : undefined } });
  };
  return deepEqual(strip(a), strip(b));
}

// ---- ReplicaSet lists (controller_utils.go, deployment_util.go) ----

/** A timestamp in milliseconds; a missing one is Go's zero time, earlier than any other. */
const timeOf = (rs: ReplicaSet): number => {
  const t = rs.metadata?.creationTimestamp;
  return t ? Date.parse(t) : Number.NEGATIVE_INFINITY;
};
const byName = (a: ReplicaSet, b: ReplicaSet): number => (nameOf(a) < nameOf(b) ? -1 : nameOf(a) > nameOf(b) ? 1 : 0);

/** ReplicaSetsByCreationTimestamp: oldest first, then by name. */
export function byCreationTimestamp(a: ReplicaSet, b: ReplicaSet): number {
  const ta = timeOf(a);
  const tb = timeOf(b);
  return ta === tb ? byName(a, b) : ta < tb ? -1 : 1;
}
/** ReplicaSetsBySizeOlder: largest first, the older first among equals (who scales down first). */
const bySizeOlder = (a: ReplicaSet, b: ReplicaSet): number => rsReplicas(b) - rsReplicas(a) || byCreationTimestamp(a, b);
/** ReplicaSetsBySizeNewer: largest first, the newer first among equals (who scales up first). */
const bySizeNewer = (a: ReplicaSet, b: ReplicaSet): number => rsReplicas(b) - rsReplicas(a) || byCreationTimestamp(b, a);

/** The revision annotation as a number: 0 when missing, undefined when it is not an integer. */
export function revision(rs: ReplicaSet): number | undefined {
  const v = rs.metadata?.annotations?.[REVISION];
  if (v === undefined) return 0;
  return /^[+-]?\d+$/.test(v) ? Number(v) : undefined;
}
/** ReplicaSetsByRevision: lowest revision first (creation time when equal or unreadable). */
const byRevision = (a: ReplicaSet, b: ReplicaSet): number => {
  const ra = revision(a);
  const rb = revision(b);
  return ra === undefined || rb === undefined || ra === rb ? byCreationTimestamp(a, b) : ra - rb;
};

/** MaxRevision: the highest revision among `rss` (unreadable ones skipped), 0 for none. */
export function maxRevision(rss: readonly ReplicaSet[]): number {
  return rss.reduce((max, rs) => Math.max(max, revision(rs) ?? 0), 0);
}

const filterActiveReplicaSets = (rss: readonly (ReplicaSet | undefined)[]): ReplicaSet[] =>
  rss.filter((rs): rs is ReplicaSet => rs !== undefined && rsReplicas(rs) > 0);
const sum = (rss: readonly (ReplicaSet | undefined)[], f: (rs: ReplicaSet) => number | undefined): number =>
  rss.reduce((n, rs) => n + (rs ? (f(rs) ?? 0) : 0), 0);
/** GetReplicaCountForReplicaSets: the pods the ReplicaSets ask for (spec). */
const getReplicaCountForReplicaSets = (rss: readonly (ReplicaSet | undefined)[]): number => sum(rss, rsReplicas);
/** GetAvailableReplicaCountForReplicaSets: the pods they report available (status). */
const getAvailableReplicaCountForReplicaSets = (rss: readonly (ReplicaSet | undefined)[]): number => sum(rss, (rs) => rs.status?.availableReplicas);

/** FindNewReplicaSet: the oldest ReplicaSet whose template is the Deployment's, hash label aside. */
export function findNewReplicaSet(d: Deployment, rsList: readonly ReplicaSet[]): ReplicaSet | undefined {
  return [...rsList].sort(byCreationTimestamp).find((rs) => equalIgnoreHash(rs.spec?.template, d.spec?.template));
}

/** FindOldReplicaSets: every ReplicaSet but the new one, oldest first. */
export function findOldReplicaSets(d: Deployment, rsList: readonly ReplicaSet[]): ReplicaSet[] {
  const newRS = findNewReplicaSet(d, rsList);
  return [...rsList].sort(byCreationTimestamp).filter((rs) => rs !== newRS);
}

/** FindActiveOrLatest: the one ReplicaSet with pods, the newest when none has any, undefined when several have. */
export function findActiveOrLatest(newRS: ReplicaSet | undefined, oldRSs: readonly ReplicaSet[]): ReplicaSet | undefined {
  if (!newRS && oldRSs.length === 0) return undefined;
  const newestFirst = [...oldRSs].sort((a, b) => byCreationTimestamp(b, a));
  const active = filterActiveReplicaSets([...newestFirst, newRS]);
  if (active.length === 0) return newRS ?? newestFirst[0];
  return active.length === 1 ? active[0] : undefined;
}

// ---- annotations (deployment_util.go) ----

const parseInt32 = (v: string | undefined): number | undefined => (v !== undefined && /^[+-]?\d+$/.test(v) ? Number(v) : undefined);

/** SetReplicasAnnotations: desired-replicas and max-replicas, which proportional scaling reads later. */
export function setReplicasAnnotations(rs: ReplicaSet, desired: number, max: number): boolean {
  const annotations = (rs.metadata!.annotations ??= {});
  let updated = false;
  if (annotations[DESIRED_REPLICAS] !== String(desired)) {
    annotations[DESIRED_REPLICAS] = String(desired);
    updated = true;
  }
  if (annotations[MAX_REPLICAS] !== String(max)) {
    annotations[MAX_REPLICAS] = String(max);
    updated = true;
  }
  return updated;
}

const replicasAnnotationsNeedUpdate = (rs: ReplicaSet, desired: number, max: number): boolean =>
  rs.metadata?.annotations?.[DESIRED_REPLICAS] !== String(desired) || rs.metadata?.annotations?.[MAX_REPLICAS] !== String(max);

/**
 * SetNewReplicaSetAnnotations: copies the Deployment's own annotations (kubernetes.io/change-cause among them) to the
 * new ReplicaSet, raises its revision to `newRevision` when it is lower, and, for a ReplicaSet about to be created,
 * sets the replicas annotations. Changes `rs`; returns whether anything changed.
 */
export function setNewReplicaSetAnnotations(d: Deployment, rs: ReplicaSet, newRevision: string, exists: boolean): boolean {
  const annotations = (rs.metadata!.annotations ??= {});
  let changed = false;
  for (const [k, v] of Object.entries(d.metadata?.annotations ?? {})) {
    if (ANNOTATIONS_TO_SKIP.has(k) || annotations[k] === v) continue;
    annotations[k] = v;
    changed = true;
  }
  // TODO: the revision. Read the old one (missing or "" is 0; not an integer: return false). When it is lower than
  // `newRevision`, set `newRevision` (changed) and, if it had one, append the old number to REVISION_HISTORY
  // (comma-separated; drop the oldest entries while it would exceed MAX_REV_HISTORY_LENGTH_IN_CHARS).
  todo("raise the revision, remember the old one");
  if (!exists && setReplicasAnnotations(rs, replicasOf(d), replicasOf(d) + maxSurge(d))) changed = true;
  return changed;
}

/** SetDeploymentRevision: the Deployment carries its new ReplicaSet's revision too. */
function setDeploymentRevision(d: Deployment, rev: string): boolean {
  const annotations = (d.metadata!.annotations ??= {});
  if (annotations[REVISION] === rev) return false;
  annotations[REVISION] = rev;
  return true;
}

// ---- conditions (deployment_util.go) ----

export function getDeploymentCondition(status: DeploymentStatus | undefined, type: string): DeploymentCondition | undefined {
  return status?.conditions?.find((c) => c.type === type);
}

export function newDeploymentCondition(type: string, status: string, reason: string, message: string, now: string): DeploymentCondition {
  return { type, status, lastUpdateTime: now, lastTransitionTime: now, reason, message };
}

/**
 * SetDeploymentCondition: nothing changes when status and reason are the same; a new reason with the same status keeps
 * lastTransitionTime; the condition moves to the end of the list.
 */
export function setDeploymentCondition(status: DeploymentStatus, condition: DeploymentCondition): void {
  const current = getDeploymentCondition(status, condition.type);
  if (current && current.status === condition.status && current.reason === condition.reason) return;
  const next = { ...condition };
  if (current && current.status === condition.status) next.lastTransitionTime = current.lastTransitionTime;
  status.conditions = [...(status.conditions ?? []).filter((c) => c.type !== condition.type), next];
}

function removeDeploymentCondition(status: DeploymentStatus, type: string): void {
  const rest = (status.conditions ?? []).filter((c) => c.type !== type);
  if (rest.length > 0) status.conditions = rest;
  else delete status.conditions;
}

/** DeploymentComplete: every replica is updated and available, and the status is of the current generation. */
export function deploymentComplete(d: Deployment, status: DeploymentStatus | undefined): boolean {
  const replicas = replicasOf(d);
  return (
    (status?.updatedReplicas ?? 0) === replicas &&
    (status?.replicas ?? 0) === replicas &&
    (status?.availableReplicas ?? 0) === replicas &&
    (status?.observedGeneration ?? 0) >= (d.metadata?.generation ?? 0)
  );
}

/** DeploymentProgressing: more updated, ready or available pods than last time, or fewer old ones. */
export function deploymentProgressing(d: Deployment, next: DeploymentStatus): boolean {
  const old = d.status ?? {};
  const oldOld = (old.replicas ?? 0) - (old.updatedReplicas ?? 0);
  const newOld = (next.replicas ?? 0) - (next.updatedReplicas ?? 0);
  return (
    (next.updatedReplicas ?? 0) > (old.updatedReplicas ?? 0) ||
    newOld < oldOld ||
    (next.readyReplicas ?? 0) > (old.readyReplicas ?? 0) ||
    (next.availableReplicas ?? 0) > (old.availableReplicas ?? 0)
  );
}

/** DeploymentTimedOut: no progress recorded for progressDeadlineSeconds (strictly more), or already timed out. */
export function deploymentTimedOut(d: Deployment, next: DeploymentStatus, now: string): boolean {
  if (!hasProgressDeadline(d)) return false;
  const condition = getDeploymentCondition(next, "Progressing");
  if (!condition || condition.reason === REASONS.NewReplicaSetAvailable) return false;
  if (condition.reason === REASONS.ProgressDeadlineExceeded) return true;
  const from = condition.lastUpdateTime ? Date.parse(condition.lastUpdateTime) : Number.NEGATIVE_INFINITY;
  return from + (d.spec?.progressDeadlineSeconds ?? 600) * 1000 < Date.parse(now);
}

// ---- status (sync.go calculateStatus) ----

/**
 * calculateStatus: the counts summed over the ReplicaSets, and the Available condition. `replicas`, `updatedReplicas`,
 * `readyReplicas` and `availableReplicas` come from the ReplicaSets' status; `unavailableReplicas` is what their spec
 * asks for minus what is available. Zero counts are left out, as Go's omitempty leaves them out of the JSON.
 * @param newRS the new ReplicaSet, undefined if it does not exist (yet)
 */
export function calculateStatus(allRSs: readonly (ReplicaSet | undefined)[], newRS: ReplicaSet | undefined, d: Deployment, now: string): DeploymentStatus {
  // TODO: observedGeneration, replicas, updatedReplicas (the new ReplicaSet's status.replicas), readyReplicas,
  // availableReplicas, unavailableReplicas (spec sum minus available, never below 0), zero counts left out; carry
  // collisionCount and copies of the conditions; then Available True MinimumReplicasAvailable when available >=
  // spec.replicas - maxUnavailable, else False MinimumReplicasUnavailable (setDeploymentCondition).
  return todo("the status counts and the Available condition");
}

// ---- one sync ----

/** What one sync has decided so far. `d` is our copy: its status and revision annotation change as upstream's do. */
interface SyncState {
  d: Deployment;
  now: string;
  /** Every ReplicaSet in the namespace: a name already taken means a hash collision. */
  all: readonly ReplicaSet[];
  actions: Action[];
  /** Where each ReplicaSet's create or update is in `actions`: a later write to it replaces the object there. */
  written: Map<string, number>;
  requeueAfter?: number;
}

function writeReplicaSet(s: SyncState, rs: ReplicaSet): void {
  const at = s.written.get(nameOf(rs));
  if (at === undefined) {
    s.written.set(nameOf(rs), s.actions.length);
    s.actions.push({ type: "update", resource: "replicasets", object: asObject(rs) });
  } else {
    const previous = s.actions[at]!;
    s.actions[at] = { ...previous, object: asObject(rs) } as Action;
  }
}

function recordEvent(s: SyncState, eventType: "Normal" | "Warning", reason: string, message: string): void {
  const m = s.d.metadata ?? {};
  s.actions.push({
    type: "event",
    involved: { kind: "Deployment", apiVersion: "apps/v1", namespace: m.namespace ?? "default", name: m.name ?? "", uid: m.uid },
    reason,
    message,
    eventType,
  });
}

/**
 * getReplicaSetsForDeployment (ClaimReplicaSets): ours while the selector matches; ours but no longer matching, released;
 * an orphan that matches and is not being deleted, adopted. Another controller's ReplicaSet is never touched, and a
 * Deployment being deleted neither adopts nor releases.
 */
function getReplicaSetsForDeployment(s: SyncState, replicaSets: readonly ReplicaSet[]): ReplicaSet[] {
  const d = s.d;
  const deleting = Boolean(d.metadata?.deletionTimestamp);
  const claimed: ReplicaSet[] = [];
  for (const rs of replicaSets) {
    const ref = getControllerOf(rs);
    const match = labelSelectorMatches(d.spec?.selector, rs.metadata?.labels);
    if (ref) {
      if (ref.uid !== d.metadata?.uid) continue;
      if (match) claimed.push(rs);
      else if (!deleting) {
        const released = deepClone(rs);
        released.metadata!.ownerReferences = rs.metadata!.ownerReferences!.filter((r) => r.uid !== d.metadata?.uid);
        if (released.metadata!.ownerReferences.length === 0) delete released.metadata!.ownerReferences;
        writeReplicaSet(s, released);
      }
      continue;
    }
    if (deleting || !match || rs.metadata?.deletionTimestamp) continue;
    if (d.metadata?.namespace && rs.metadata?.namespace !== d.metadata.namespace) continue;
    const adopted = deepClone(rs);
    const others = (rs.metadata?.ownerReferences ?? []).filter((r) => r.uid !== d.metadata?.uid);
    adopted.metadata!.ownerReferences = [...others, newControllerRef(d, DEPLOYMENT_KIND)];
    writeReplicaSet(s, adopted);
    claimed.push(adopted);
  }
  return claimed;
}

/** getPodMapForDeployment: the pods the selector matches, by the uid of the claimed ReplicaSet controlling them. */
function getPodMapForDeployment(d: Deployment, rsList: readonly ReplicaSet[], pods: readonly Pod[]): Map<string, Pod[]> {
  const podMap = new Map<string, Pod[]>(rsList.map((rs) => [rs.metadata?.uid ?? "", []]));
  for (const pod of pods) {
    if (!labelSelectorMatches(d.spec?.selector, pod.metadata?.labels)) continue;
    const ref = getControllerOf(pod);
    if (ref) podMap.get(ref.uid)?.push(pod);
  }
  return podMap;
}

/** The ReplicaSet's template, labels and selector with `pod-template-hash: hash` (CloneAndAddLabel, CloneSelectorAndAddLabel). */
function cloneSelectorAndAddLabel(selector: LabelSelector | undefined, hash: string): LabelSelector {
  return { ...deepClone(selector ?? {}), matchLabels: { ...selector?.matchLabels, [POD_TEMPLATE_HASH]: hash } };
}

/**
 * NewRSNewReplicas: how big the new ReplicaSet may be now. Recreate: spec.replicas at once. RollingUpdate: up to
 * spec.replicas + maxSurge pods in all (counting what every ReplicaSet asks for), never beyond spec.replicas.
 */
export function newRSNewReplicas(d: Deployment, allRSs: readonly ReplicaSet[], newRS: ReplicaSet): number {
  if (!isRollingUpdate(d)) return replicasOf(d);
  // TODO: maxSurge rounded up from rollingUpdateOf(d); if what all ReplicaSets ask for already reaches
  // spec.replicas + maxSurge, keep the new one's size; else grow it by the room left, but not beyond spec.replicas.
  return todo("how big may the new ReplicaSet be now?");
}

/**
 * The ReplicaSet to create for the Deployment's template: named `<deployment>-<hash>`, the hash added to its labels,
 * its selector and its template's labels (so its pods never match another template's ReplicaSet), owned by the
 * Deployment, sized by newRSNewReplicas, annotated with `newRevision` and the replicas annotations.
 */
export function newReplicaSet(d: Deployment, oldRSs: readonly ReplicaSet[], newRevision: string): ReplicaSet {
  // TODO: hash the template (computeHash with status.collisionCount), add `pod-template-hash: <hash>` to the labels,
  // the selector (cloneSelectorAndAddLabel) and the template's labels; name it `<deployment>-<hash>`, owned by the
  // Deployment (newControllerRef with DEPLOYMENT_KIND), minReadySeconds as the Deployment's; size it with
  // newRSNewReplicas and annotate it with setNewReplicaSetAnnotations(d, rs, newRevision, false).
  return todo("the new ReplicaSet");
}

/**
 * getNewReplicaSet: the ReplicaSet of the current template. An existing one gets the newest revision (a rollback brings
 * an old one back this way) and the Deployment's annotations; if that changed it, it is written and this sync says no
 * more about revisions. Otherwise the Deployment takes its revision. With `createIfNotExisted`, a missing one is
 * created as `<deployment>-<hash>`. Returns "collision" when that name is taken by another template.
 */
function getNewReplicaSet(s: SyncState, rsList: readonly ReplicaSet[], oldRSs: readonly ReplicaSet[], createIfNotExisted: boolean): ReplicaSet | undefined | "collision" {
  const d = s.d;
  const existing = findNewReplicaSet(d, rsList);
  const newRevision = String(maxRevision(oldRSs) + 1);

  if (existing) {
    const rsCopy = deepClone(existing);
    const annotationsUpdated = setNewReplicaSetAnnotations(d, rsCopy, newRevision, true);
    const minReadySeconds = d.spec?.minReadySeconds ?? 0;
    if (annotationsUpdated || (rsCopy.spec?.minReadySeconds ?? 0) !== minReadySeconds) {
      if (minReadySeconds) rsCopy.spec!.minReadySeconds = minReadySeconds;
      else delete rsCopy.spec!.minReadySeconds;
      writeReplicaSet(s, rsCopy);
      return rsCopy;
    }
    setDeploymentRevision(d, rsCopy.metadata?.annotations?.[REVISION] ?? "");
    if (hasProgressDeadline(d) && !getDeploymentCondition(d.status, "Progressing")) {
      const condition = newDeploymentCondition("Progressing", "True", REASONS.FoundNewReplicaSet, `Found new replica set "${nameOf(rsCopy)}"`, s.now);
      setDeploymentCondition((d.status ??= {}), condition);
    }
    return rsCopy;
  }
  if (!createIfNotExisted) return undefined;

  const newRS = newReplicaSet(d, oldRSs, newRevision);
  const name = nameOf(newRS);
  const newReplicasCount = rsReplicas(newRS);

  // The name is taken: ours with this template (a stale view), or a hash collision, which the next sync solves with
  // another hash (collisionCount goes into it).
  const taken = s.all.find((rs) => nameOf(rs) === name && rs.metadata?.namespace === d.metadata?.namespace);
  if (taken && !(isControlledBy(taken, d) && equalIgnoreHash(d.spec?.template, taken.spec?.template))) {
    d.status = { ...d.status, collisionCount: (d.status?.collisionCount ?? 0) + 1 };
    return "collision";
  }
  if (!taken) {
    s.written.set(name, s.actions.length);
    s.actions.push({ type: "create", resource: "replicasets", object: asObject(newRS) });
    if (newReplicasCount > 0) recordEvent(s, "Normal", "ScalingReplicaSet", `Scaled up replica set ${name} to ${newReplicasCount}`);
  }
  setDeploymentRevision(d, newRevision);
  if (!taken && hasProgressDeadline(d)) {
    const condition = newDeploymentCondition("Progressing", "True", REASONS.NewReplicaSetCreated, `Created new replica set "${name}"`, s.now);
    setDeploymentCondition((d.status ??= {}), condition);
  }
  return taken ?? newRS;
}

/**
 * getAllReplicaSetsAndSyncRevision: the new ReplicaSet (created if asked and missing) and all the old ones, oldest
 * first. undefined when the sync must stop (a hash collision, written to the status).
 */
function getAllReplicaSetsAndSyncRevision(s: SyncState, rsList: readonly ReplicaSet[], createIfNotExisted: boolean): { newRS: ReplicaSet | undefined; oldRSs: ReplicaSet[] } | undefined {
  const oldRSs = findOldReplicaSets(s.d, rsList);
  const newRS = getNewReplicaSet(s, rsList, oldRSs, createIfNotExisted);
  return newRS === "collision" ? undefined : { newRS, oldRSs };
}

/** scaleReplicaSet: writes the new size and the replicas annotations; the event only when the size changed. */
function scaleReplicaSet(s: SyncState, rs: ReplicaSet, newScale: number, operation: string): { scaled: boolean; rs: ReplicaSet } {
  const d = s.d;
  const sizeNeedsUpdate = rsReplicas(rs) !== newScale;
  const desired = replicasOf(d);
  const max = desired + maxSurge(d);
  if (!sizeNeedsUpdate && !replicasAnnotationsNeedUpdate(rs, desired, max)) return { scaled: false, rs };
  const oldScale = rsReplicas(rs);
  const copy = deepClone(rs);
  copy.spec = { ...copy.spec!, replicas: newScale };
  setReplicasAnnotations(copy, desired, max);
  writeReplicaSet(s, copy);
  if (sizeNeedsUpdate) recordEvent(s, "Normal", "ScalingReplicaSet", `Scaled ${operation} replica set ${nameOf(copy)} to ${newScale} from ${oldScale}`);
  return { scaled: sizeNeedsUpdate, rs: copy };
}

function scaleReplicaSetAndRecordEvent(s: SyncState, rs: ReplicaSet, newScale: number): { scaled: boolean; rs: ReplicaSet } {
  if (rsReplicas(rs) === newScale) return { scaled: false, rs };
  return scaleReplicaSet(s, rs, newScale, rsReplicas(rs) < newScale ? "up" : "down");
}

/** IsSaturated: the new ReplicaSet has all the replicas, was sized for this spec.replicas, and all are available. */
export function isSaturated(d: Deployment, rs: ReplicaSet | undefined): boolean {
  if (!rs) return false;
  const desired = parseInt32(rs.metadata?.annotations?.[DESIRED_REPLICAS]);
  if (desired === undefined) return false;
  const replicas = replicasOf(d);
  return rsReplicas(rs) === replicas && desired === replicas && (rs.status?.availableReplicas ?? 0) === replicas;
}

/**
 * GetProportion: this ReplicaSet's share of `toAdd`, as its size scaled from the max-replicas it was sized for to
 * the Deployment's new maximum (getReplicaSetFraction), clamped so the shares never exceed what is left.
 */
export function getProportion(rs: ReplicaSet, d: Deployment, toAdd: number, added: number): number {
  if (rsReplicas(rs) === 0 || toAdd === 0 || toAdd === added) return 0;
  const fraction = getReplicaSetFraction(rs, d);
  const allowed = toAdd - added;
  return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
}

function getReplicaSetFraction(rs: ReplicaSet, d: Deployment): number {
  if (replicasOf(d) === 0) return -rsReplicas(rs);
  const deploymentMaxReplicas = replicasOf(d) + maxSurge(d);
  let before = parseInt32(rs.metadata?.annotations?.[MAX_REPLICAS]);
  // Without the annotation (someone scaled the ReplicaSet by hand), the Deployment's current size stands in.
  if (before === undefined) before = d.status?.replicas ?? 0;
  if (before === 0) return 0;
  return Math.round((rsReplicas(rs) * deploymentMaxReplicas) / before) - rsReplicas(rs);
}

/**
 * scale: a change of spec.replicas outside a rollout step. One active ReplicaSet takes the whole new size; a saturated
 * new ReplicaSet means the old ones go to 0; in the middle of a rolling update every active ReplicaSet grows or shrinks
 * in proportion, so the rollout neither speeds up nor slows down, and the rounding leftover goes to the largest.
 */
function scale(s: SyncState, newRS: ReplicaSet | undefined, oldRSs: readonly ReplicaSet[]): void {
  const d = s.d;
  const replicas = replicasOf(d);
  const activeOrLatest = findActiveOrLatest(newRS, oldRSs);
  if (activeOrLatest) {
    if (rsReplicas(activeOrLatest) !== replicas) scaleReplicaSetAndRecordEvent(s, activeOrLatest, replicas);
    return;
  }
  if (isSaturated(d, newRS)) {
    for (const old of filterActiveReplicaSets(oldRSs)) scaleReplicaSetAndRecordEvent(s, old, 0);
    return;
  }
  if (!isRollingUpdate(d)) return;

  // TODO: proportional scaling. allowedSize = spec.replicas + maxSurge (0 when spec.replicas is 0); toAdd = allowedSize
  // minus what the active ReplicaSets ask for. Sort bySizeNewer to add, bySizeOlder to remove; give each its
  // getProportion (counting what is already added), the leftover to the first (not below 0), then scaleReplicaSet
  // each with the operation "up" or "down".
  todo("split the change in proportion");
}

/**
 * cleanupDeployment: keeps revisionHistoryLimit old ReplicaSets. The lowest revisions go first, and only those with no
 * pods asked for, none running, and a status of their current generation; one being deleted is not counted.
 */
function cleanupDeployment(s: SyncState, oldRSs: readonly ReplicaSet[]): void {
  const d = s.d;
  if (!hasRevisionHistoryLimit(d)) return;
  // TODO: old ReplicaSets not being deleted, beyond revisionHistoryLimit (default 10): sort byRevision and look at
  // the first `diff`; delete one only if spec.replicas and status.replicas are 0 and its status is of its generation.
  todo("clean up the revision history");
}

/** syncDeploymentStatus: the status from calculateStatus, conditions other than Available untouched. */
function syncDeploymentStatus(s: SyncState, allRSs: readonly (ReplicaSet | undefined)[], newRS: ReplicaSet | undefined): void {
  s.d.status = calculateStatus(allRSs, newRS, s.d, s.now);
}

/**
 * syncRolloutStatus (progress.go): calculateStatus plus the Progressing condition. Complete: NewReplicaSetAvailable.
 * Progress since the last status: ReplicaSetUpdated with a fresh lastUpdateTime. Neither for longer than
 * progressDeadlineSeconds: ProgressDeadlineExceeded. Without a change to write, it asks to look again at the deadline.
 */
function syncRolloutStatus(s: SyncState, allRSs: readonly (ReplicaSet | undefined)[], newRS: ReplicaSet | undefined): void {
  const d = s.d;
  const newStatus = calculateStatus(allRSs, newRS, d, s.now);
  if (!hasProgressDeadline(d)) removeDeploymentCondition(newStatus, "Progressing");

  const currentCond = getDeploymentCondition(d.status, "Progressing");
  const isCompleteDeployment = (newStatus.replicas ?? 0) === (newStatus.updatedReplicas ?? 0) && currentCond?.reason === REASONS.NewReplicaSetAvailable;
  if (hasProgressDeadline(d) && !isCompleteDeployment) {
    const subject = newRS ? `ReplicaSet "${nameOf(newRS)}"` : `Deployment "${nameOf(d)}"`;
    if (deploymentComplete(d, newStatus)) {
      const condition = newDeploymentCondition("Progressing", "True", REASONS.NewReplicaSetAvailable, `${subject} has successfully progressed.`, s.now);
      setDeploymentCondition(newStatus, condition);
    } else if (deploymentProgressing(d, newStatus)) {
      const condition = newDeploymentCondition("Progressing", "True", REASONS.ReplicaSetUpdated, `${subject} is progressing.`, s.now);
      if (currentCond) {
        if (currentCond.status === "True") condition.lastTransitionTime = currentCond.lastTransitionTime;
        removeDeploymentCondition(newStatus, "Progressing");
      }
      setDeploymentCondition(newStatus, condition);
    } else if (deploymentTimedOut(d, newStatus, s.now)) {
      const condition = newDeploymentCondition("Progressing", "False", REASONS.ProgressDeadlineExceeded, `${subject} has timed out progressing.`, s.now);
      setDeploymentCondition(newStatus, condition);
    }
  }

  // A ReplicaFailure on the new ReplicaSet (else on an old one) is copied to the Deployment.
  const failure = [newRS, ...allRSs].flatMap((rs) => rs?.status?.conditions ?? []).find((c) => c.type === "ReplicaFailure");
  if (failure) {
    const { type, status, reason, message, lastTransitionTime } = failure;
    setDeploymentCondition(newStatus, { type, status, reason, message, lastTransitionTime, lastUpdateTime: lastTransitionTime });
  } else removeDeploymentCondition(newStatus, "ReplicaFailure");

  if (deepEqual(d.status, newStatus)) {
    requeueStuckDeployment(s, newStatus);
    return;
  }
  d.status = newStatus;
}

/** requeueStuckDeployment: look again one second after lastUpdateTime + progressDeadlineSeconds. */
function requeueStuckDeployment(s: SyncState, newStatus: DeploymentStatus): void {
  const d = s.d;
  const currentCond = getDeploymentCondition(d.status, "Progressing");
  if (!hasProgressDeadline(d) || !currentCond) return;
  if (deploymentComplete(d, newStatus) || currentCond.reason === REASONS.ProgressDeadlineExceeded) return;
  const lastUpdate = currentCond.lastUpdateTime ? Date.parse(currentCond.lastUpdateTime) : Number.NEGATIVE_INFINITY;
  const after = (lastUpdate + (d.spec?.progressDeadlineSeconds ?? 600) * 1000 - Date.parse(s.now)) / 1000;
  // Under a second: upstream requeues at once (rate-limited); a second is enough to be past the line.
  s.requeueAfter = after < 1 ? 1 : after + 1;
}

// ---- RollingUpdate (rolling.go) ----

/** reconcileNewReplicaSet: scales the new ReplicaSet up within maxSurge (or down to spec.replicas). */
function reconcileNewReplicaSet(s: SyncState, allRSs: readonly ReplicaSet[], newRS: ReplicaSet): boolean {
  const replicas = replicasOf(s.d);
  if (rsReplicas(newRS) === replicas) return false;
  if (rsReplicas(newRS) > replicas) return scaleReplicaSetAndRecordEvent(s, newRS, replicas).scaled;
  return scaleReplicaSetAndRecordEvent(s, newRS, newRSNewReplicas(s.d, allRSs, newRS)).scaled;
}

/**
 * reconcileOldReplicaSets: how many old pods may go without dropping below spec.replicas - maxUnavailable available,
 * counting the new ReplicaSet's unavailable pods as already missing. Unhealthy old pods go first (they cost no
 * availability), then available ones.
 */
function reconcileOldReplicaSets(s: SyncState, allRSs: readonly ReplicaSet[], oldRSs: ReplicaSet[], newRS: ReplicaSet): boolean {
  const d = s.d;
  if (getReplicaCountForReplicaSets(oldRSs) === 0) return false;
  // TODO: maxScaledDown = all pods asked for - minAvailable (spec.replicas - maxUnavailable) - the new ReplicaSet's
  // unavailable pods; nothing when it is <= 0. Then cleanupUnhealthyReplicas first, and
  // scaleDownOldReplicaSetsForRollingUpdate over what it returns. Return whether anything was scaled down.
  return todo("scale old ReplicaSets down within maxUnavailable");
}

/** cleanupUnhealthyReplicas: scales old ReplicaSets down by their unavailable pods, oldest first, up to maxCleanupCount. */
function cleanupUnhealthyReplicas(s: SyncState, oldRSs: readonly ReplicaSet[], maxCleanupCount: number): { oldRSs: ReplicaSet[]; cleanupCount: number } {
  const sorted = [...oldRSs].sort(byCreationTimestamp);
  let totalScaledDown = 0;
  for (let i = 0; i < sorted.length; i++) {
    if (totalScaledDown >= maxCleanupCount) break;
    const target = sorted[i]!;
    const unhealthy = rsReplicas(target) - (target.status?.availableReplicas ?? 0);
    if (rsReplicas(target) === 0 || unhealthy === 0) continue;
    const scaledDownCount = Math.min(maxCleanupCount - totalScaledDown, unhealthy);
    sorted[i] = scaleReplicaSetAndRecordEvent(s, target, rsReplicas(target) - scaledDownCount).rs;
    totalScaledDown += scaledDownCount;
  }
  return { oldRSs: sorted, cleanupCount: totalScaledDown };
}

/** scaleDownOldReplicaSetsForRollingUpdate: scales old ReplicaSets down, oldest first, by what is available beyond minAvailable. */
function scaleDownOldReplicaSetsForRollingUpdate(s: SyncState, allRSs: readonly ReplicaSet[], oldRSs: readonly ReplicaSet[]): number {
  const d = s.d;
  const minAvailable = replicasOf(d) - maxUnavailable(d);
  const availablePodCount = getAvailableReplicaCountForReplicaSets(allRSs);
  if (availablePodCount <= minAvailable) return 0;
  const totalScaleDownCount = availablePodCount - minAvailable;
  let totalScaledDown = 0;
  for (const target of [...oldRSs].sort(byCreationTimestamp)) {
    if (totalScaledDown >= totalScaleDownCount) break;
    if (rsReplicas(target) === 0) continue;
    const scaleDownCount = Math.min(rsReplicas(target), totalScaleDownCount - totalScaledDown);
    scaleReplicaSetAndRecordEvent(s, target, rsReplicas(target) - scaleDownCount);
    totalScaledDown += scaleDownCount;
  }
  return totalScaledDown;
}

/** rolloutRolling: one step of a rolling update: scale the new ReplicaSet up if it can, else the old ones down. */
function rolloutRolling(s: SyncState, rsList: readonly ReplicaSet[]): void {
  const got = getAllReplicaSetsAndSyncRevision(s, rsList, true);
  if (!got) return;
  const { oldRSs } = got;
  const newRS = got.newRS!;
  const allRSs = [...oldRSs, newRS];
  if (reconcileNewReplicaSet(s, allRSs, newRS)) return syncRolloutStatus(s, allRSs, newRS);
  if (reconcileOldReplicaSets(s, allRSs, filterActiveReplicaSets(oldRSs), newRS)) return syncRolloutStatus(s, allRSs, newRS);
  if (deploymentComplete(s.d, s.d.status)) cleanupDeployment(s, oldRSs);
  syncRolloutStatus(s, allRSs, newRS);
}

// ---- Recreate (recreate.go) ----

/** oldPodsRunning: an old ReplicaSet still reports pods, or a pod of one is in any phase but Succeeded or Failed. */
function oldPodsRunning(newRS: ReplicaSet | undefined, oldRSs: readonly ReplicaSet[], podMap: ReadonlyMap<string, Pod[]>): boolean {
  if (sum(oldRSs, (rs) => rs.status?.replicas) > 0) return true;
  for (const [uid, pods] of podMap) {
    if (newRS && newRS.metadata?.uid === uid) continue;
    if (pods.some((pod) => pod.status?.phase !== "Succeeded" && pod.status?.phase !== "Failed")) return true;
  }
  return false;
}

/** scaleDownOldReplicaSetsForRecreate: every old ReplicaSet with pods to 0 at once. */
function scaleDownOldReplicaSetsForRecreate(s: SyncState, oldRSs: readonly ReplicaSet[]): boolean {
  let scaled = false;
  for (const rs of oldRSs) if (scaleReplicaSetAndRecordEvent(s, rs, 0).scaled) scaled = true;
  return scaled;
}

/** scaleUpNewReplicaSetForRecreate: the new ReplicaSet to spec.replicas in one step. */
function scaleUpNewReplicaSetForRecreate(s: SyncState, newRS: ReplicaSet): boolean {
  return scaleReplicaSetAndRecordEvent(s, newRS, replicasOf(s.d)).scaled;
}

/**
 * rolloutRecreate: every old ReplicaSet to 0; then nothing until no old pod runs; only then the new ReplicaSet is
 * created (or found) and scaled to spec.replicas. There is never a moment with old and new pods together.
 */
function rolloutRecreate(s: SyncState, rsList: readonly ReplicaSet[], podMap: ReadonlyMap<string, Pod[]>): void {
  // TODO: get the ReplicaSets without creating; scaleDownOldReplicaSetsForRecreate the active old ones (if that
  // scaled anything, syncRolloutStatus and stop); while oldPodsRunning, only syncRolloutStatus; then get them again
  // with createIfNotExisted (stop if undefined), scaleUpNewReplicaSetForRecreate, clean up when the status says
  // deploymentComplete, and syncRolloutStatus.
  todo("Recreate: old to 0, wait, then new");
}

// ---- the entry point (deployment_controller.go syncDeployment) ----

/** checkPausedConditions: Progressing Unknown DeploymentPaused / DeploymentResumed, so a pause never times out. */
function checkPausedConditions(s: SyncState): void {
  const d = s.d;
  if (!hasProgressDeadline(d)) return;
  const cond = getDeploymentCondition(d.status, "Progressing");
  if (cond?.reason === REASONS.ProgressDeadlineExceeded) return;
  const pausedCondExists = cond?.reason === REASONS.DeploymentPaused;
  if (d.spec?.paused && !pausedCondExists) {
    setDeploymentCondition((d.status ??= {}), newDeploymentCondition("Progressing", "Unknown", REASONS.DeploymentPaused, "Deployment is paused", s.now));
  } else if (!d.spec?.paused && pausedCondExists) {
    setDeploymentCondition((d.status ??= {}), newDeploymentCondition("Progressing", "Unknown", REASONS.DeploymentResumed, "Deployment is resumed", s.now));
  }
}

/** isScalingEvent: an active ReplicaSet was sized for another spec.replicas (its desired-replicas annotation). */
function isScalingEvent(s: SyncState, rsList: readonly ReplicaSet[]): boolean {
  const { newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(s, rsList, false)!;
  return filterActiveReplicaSets([...oldRSs, newRS]).some((rs) => {
    const desired = parseInt32(rs.metadata?.annotations?.[DESIRED_REPLICAS]);
    return desired !== undefined && desired !== replicasOf(s.d);
  });
}

/** syncStatusOnly: a Deployment being deleted gets its counts and Available condition, nothing scaled. */
function syncStatusOnly(s: SyncState, rsList: readonly ReplicaSet[]): void {
  const { newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(s, rsList, false)!;
  syncDeploymentStatus(s, [...oldRSs, newRS], newRS);
}

/** sync: scaling (and, while paused, history clean-up), no rollout step; the Progressing condition stays as it is. */
function sync(s: SyncState, rsList: readonly ReplicaSet[]): void {
  const { newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(s, rsList, false)!;
  scale(s, newRS, oldRSs);
  if (s.d.spec?.paused) cleanupDeployment(s, oldRSs);
  syncDeploymentStatus(s, [...oldRSs, newRS], newRS);
}

/**
 * Brings one Deployment one step closer to its spec. Does NOT modify `view`.
 * @returns ReplicaSet creates, updates and deletes with their ScalingReplicaSet events, the Deployment's status (and
 *   revision annotation) when it changed, and a requeueAfter for the progress deadline
 * @example syncDeployment({ deployment: web, replicaSets: [], pods: [], now }) // web has 3 replicas, no ReplicaSet yet
 * // [create web-<hash> (replicas 3), event "Scaled up replica set web-<hash> to 3", updateStatus (NewReplicaSetCreated)]
 */
export function syncDeployment(view: Readonly<DeploymentView>): Action[] {
  const s: SyncState = { d: deepClone(view.deployment), now: view.now, all: view.replicaSets, actions: [], written: new Map() };
  const d = s.d;
  if (d.spec?.selector && deepEqual(d.spec.selector, {})) {
    recordEvent(s, "Warning", "SelectingAll", "This deployment is selecting all pods. A non-empty selector is required.");
    if ((d.status?.observedGeneration ?? 0) < (d.metadata?.generation ?? 0)) d.status = { ...d.status, observedGeneration: d.metadata?.generation };
    return finish(s, view.deployment);
  }
  const rsList = getReplicaSetsForDeployment(s, view.replicaSets);
  const podMap = getPodMapForDeployment(d, rsList, view.pods);
  if (d.metadata?.deletionTimestamp) {
    syncStatusOnly(s, rsList);
    return finish(s, view.deployment);
  }
  checkPausedConditions(s);
  if (d.spec?.paused || isScalingEvent(s, rsList)) sync(s, rsList);
  else if (d.spec?.strategy?.type === "Recreate") rolloutRecreate(s, rsList, podMap);
  else rolloutRolling(s, rsList);
  return finish(s, view.deployment);
}

/** The Deployment's status write, when the status or the revision annotation changed, then the requeue. */
function finish(s: SyncState, original: Deployment): Action[] {
  const revisionChanged = original.metadata?.annotations?.[REVISION] !== s.d.metadata?.annotations?.[REVISION];
  if (revisionChanged || !deepEqual(original.status ?? {}, s.d.status ?? {})) {
    s.actions.push({ type: "updateStatus", resource: "deployments", object: asObject(s.d) });
  }
  if (s.requeueAfter !== undefined) s.actions.push({ type: "requeueAfter", seconds: s.requeueAfter });
  return s.actions;
}

// ---- kubectl rollout status (rollout_status.go DeploymentStatusViewer) ----

export interface RolloutStatus {
  /** `done`: rolled out; `waiting`: not yet, watch on; `failed`: stop with an error. */
  state: "done" | "waiting" | "failed";
  message: string;
}

/**
 * kubectl's rule for `kubectl rollout status deployment/NAME`: nothing is judged until the controller has observed
 * the current generation; then a ProgressDeadlineExceeded condition fails, and three inequalities say what is still
 * missing, in this order. (kubectl ends each message with a newline; ours do not.)
 * @param revision `--revision`: fail unless the Deployment is at this revision (0: any)
 * @example rolloutStatus(web) // { state: "done", message: 'deployment "web" successfully rolled out' }
 */
export function rolloutStatus(deployment: Deployment, revision = 0): RolloutStatus {
  const name = nameOf(deployment);
  const status = deployment.status ?? {};
  if (revision > 0) {
    const running = parseInt32(deployment.metadata?.annotations?.[REVISION] ?? "0");
    if (running === undefined) return { state: "failed", message: `cannot get the revision of deployment "${name}"` };
    if (running !== revision) return { state: "failed", message: `desired revision (${revision}) is different from the running revision (${running})` };
  }
  // TODO: kubectl's chain (wire-facts.md): wait for the spec to be observed; a ProgressDeadlineExceeded Progressing
  // condition fails; then updated < spec.replicas, replicas > updated, available < updated each wait with their
  // message; otherwise done. The messages are in the lesson, word for word.
  return todo("kubectl rollout status");
}
