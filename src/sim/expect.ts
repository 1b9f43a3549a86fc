/**
 * A scenario's expectations, checked against the informer caches (what the cluster's API holds): how many pods
 * (by namespace, selector, owner, phase, readiness, node), a deployment's status fields, revision, history and
 * `kubectl rollout status` verdict, one of its ReplicaSets by revision, a container's restart count and state, a
 * node's Ready condition and taints, how many objects of a resource exist, whether an event with a reason was
 * recorded. Two read the trace instead, because they are about what happened over time: `rollout` (the sequence of
 * old/new ReplicaSet sizes a rollout went through, from the Deployment's ScalingReplicaSet events) and `restarts`
 * (when the kubelet restarted a container). Each check returns a message when it fails.
 */
import { deepEqual, getControllerOf, matches, parseSelector, type Deployment, type Node, type Pod, type ReplicaSet } from "#kube";
import { formatSeconds, parseDuration } from "./clock.ts";
import type { Cluster } from "./cluster.ts";
import type { Watched } from "./context.ts";
import type { Frozen } from "./informer.ts";

export interface Expectation {
  pods?: { namespace?: string; selector?: string; owner?: string; phase?: string; ready?: boolean; terminating?: boolean; node?: string; image?: string; count: number };
  deployment?: {
    name: string;
    namespace?: string;
    status?: Record<string, unknown>;
    /** The deployment.kubernetes.io/revision annotation. */
    revision?: number;
    /** The revisions of the ReplicaSets it controls, ascending (what `kubectl rollout history` lists). */
    history?: number[];
    /** What `kubectl rollout status` would conclude now. */
    rolloutStatus?: RolloutState;
  };
  /** The ReplicaSet of `deployment` whose revision annotation is `revision`. */
  replicaSet?: {
    deployment: string;
    namespace?: string;
    revision: number;
    replicas?: number;
    image?: string;
    annotations?: Record<string, string>;
    status?: Record<string, unknown>;
  };
  /**
   * The (old, new) spec.replicas pairs the rollout to `revision` went through: new is the ReplicaSet that carries
   * that revision, old the sum of the Deployment's other ReplicaSets; one pair after each size change from the moment
   * the new ReplicaSet has the revision until a later revision appears (repeats dropped).
   */
  rollout?: { deployment: string; namespace?: string; revision: number; sequence: [number, number][] };
  /** One container of one pod (the pod's first container if none is named). */
  container?: {
    pod: string;
    namespace?: string;
    name?: string;
    restartCount?: number;
    state?: "waiting" | "running" | "terminated";
    /** The waiting or terminated reason. */
    reason?: string;
    /** A substring of the waiting or terminated message. */
    message?: string;
    lastExitCode?: number;
  };
  /** When the kubelet restarted the container: every start after the first, in seconds or durations. */
  restarts?: { pod: string; namespace?: string; container?: string; at: (string | number)[] };
  node?: { name: string; ready?: "True" | "False" | "Unknown"; taints?: string[] };
  exists?: { resource: string; namespace?: string; selector?: string; count: number };
  event?: { reason: string; namespace?: string; message?: string };
}

/** `Deployment/web`: the pod's controller, or its controller's controller. */
function ownedBy(cluster: Cluster, obj: Frozen, owner: string): boolean {
  const [kind, name] = owner.split("/");
  let current: Frozen | undefined = obj;
  for (let depth = 0; current && depth < 3; depth++) {
    const ref = getControllerOf(current);
    if (!ref) return false;
    if (ref.kind === kind && ref.name === name) return true;
    const resource = ref.kind === "ReplicaSet" ? "replicasets" : ref.kind === "Deployment" ? "deployments" : undefined;
    current = resource ? cluster.ctx.informers[resource].get(`${current.metadata.namespace}/${ref.name}`) : undefined;
  }
  return false;
}

const REVISION = "deployment.kubernetes.io/revision";
const revisionOf = (o: Frozen | undefined): number | undefined => {
  const v = o?.metadata.annotations?.[REVISION];
  return v !== undefined && /^\d+$/.test(v) ? Number(v) : undefined;
};

export type RolloutState = "done" | "waiting" | "failed";

/**
 * kubectl's rule for `kubectl rollout status deployment/NAME` (staging/src/k8s.io/kubectl/pkg/polymorphichelpers/
 * rollout_status.go), on the status fields: the same rule as chapter 8's `rolloutStatus`, written again here because
 * the simulator never imports a solution.
 */
export function rolloutState(d: Deployment): { state: RolloutState; message: string } {
  const name = d.metadata?.name ?? "";
  const s = d.status ?? {};
  if ((d.metadata?.generation ?? 0) > (s.observedGeneration ?? 0)) return { state: "waiting", message: "Waiting for deployment spec update to be observed..." };
  if (s.conditions?.find((c) => c.type === "Progressing")?.reason === "ProgressDeadlineExceeded") return { state: "failed", message: `deployment "${name}" exceeded its progress deadline` };
  const updated = s.updatedReplicas ?? 0;
  const replicas = d.spec?.replicas;
  if (replicas !== undefined && updated < replicas) return { state: "waiting", message: `Waiting for deployment "${name}" rollout to finish: ${updated} out of ${replicas} new replicas have been updated...` };
  if ((s.replicas ?? 0) > updated) return { state: "waiting", message: `Waiting for deployment "${name}" rollout to finish: ${(s.replicas ?? 0) - updated} old replicas are pending termination...` };
  if ((s.availableReplicas ?? 0) < updated) return { state: "waiting", message: `Waiting for deployment "${name}" rollout to finish: ${s.availableReplicas ?? 0} of ${updated} updated replicas are available...` };
  return { state: "done", message: `deployment "${name}" successfully rolled out` };
}

/** The ReplicaSets the Deployment controls, as the caches hold them now. */
function replicaSetsOf(cluster: Cluster, namespace: string, deployment: string): ReplicaSet[] {
  const d = cluster.ctx.informers.deployments.get(`${namespace}/${deployment}`);
  return (cluster.ctx.informers.replicasets.list(namespace) as ReplicaSet[]).filter((rs) => d && getControllerOf(rs as Frozen)?.uid === d.metadata.uid);
}

const SCALED = /^Normal ScalingReplicaSet: Scaled (?:up|down) replica set (\S+) to (\d+)\b/;

/**
 * The (old, new) pairs of a rollout, from the trace: each ReplicaSet's size as the Deployment's ScalingReplicaSet
 * events state it (a ReplicaSet created with 0 replicas gets no event and counts as 0), and the new ReplicaSet as the
 * first of the Deployment's ReplicaSets seen carrying `revision`; it ends where one of them carries a later revision
 * (the next rollout, or a rollback). Undefined if none ever carried `revision`.
 */
export function rolloutSequence(cluster: Cluster, namespace: string, deployment: string, revision: number): [number, number][] | undefined {
  const sizes = new Map<string, number>();
  let newRS: string | undefined;
  const sequence: [number, number][] = [];
  for (const e of cluster.trace.entries) {
    if (e.namespace !== namespace) continue;
    if (e.kind === "ReplicaSet" && e.owner?.kind === "Deployment" && e.owner.name === deployment && e.revision !== undefined) {
      if (newRS === undefined && e.revision === String(revision)) newRS = e.name;
      // A later revision (the next rollout, a rollback) ends this one.
      if (newRS !== undefined && Number(e.revision) > revision) break;
    }
    if (e.verb !== "event" || e.kind !== "Deployment" || e.name !== deployment) continue;
    const m = SCALED.exec(e.message ?? "");
    if (!m) continue;
    sizes.set(m[1]!, Number(m[2]));
    if (newRS === undefined) continue;
    let old = 0;
    for (const [rs, n] of sizes) if (rs !== newRS) old += n;
    const pair: [number, number] = [old, sizes.get(newRS) ?? 0];
    const last = sequence.at(-1);
    if (!last || last[0] !== pair[0] || last[1] !== pair[1]) sequence.push(pair);
  }
  return newRS === undefined ? undefined : sequence;
}

const pairs = (sequence: readonly (readonly number[])[]): string => sequence.map(([o, n]) => `(${o},${n})`).join(" ") || "nothing";

const isReady = (p: Pod): boolean => p.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True") ?? false;

export function checkExpectation(cluster: Cluster, e: Expectation): string | undefined {
  const at = `at T=${formatSeconds(cluster.now())}`;
  const { informers } = cluster.ctx;
  if (e.pods) {
    const { namespace = "default", selector, owner, phase, ready, terminating, node, image, count } = e.pods;
    const sel = selector ? parseSelector(selector) : [];
    const pods = (informers.pods.list(namespace) as Pod[]).filter(
      (p) =>
        matches(sel, p.metadata?.labels) &&
        (!owner || ownedBy(cluster, p as Frozen, owner)) &&
        (!phase || (p.status?.phase ?? "Pending") === phase) &&
        (ready === undefined || isReady(p) === ready) &&
        (terminating === undefined || Boolean(p.metadata?.deletionTimestamp) === terminating) &&
        (!node || p.spec?.nodeName === node) &&
        (!image || (p.spec?.containers ?? []).every((c) => c.image === image)),
    );
    if (pods.length !== count) {
      const what = JSON.stringify(e.pods);
      const seen = (informers.pods.list(namespace) as Pod[]).map((p) => `${p.metadata?.name} ${p.status?.phase ?? "Pending"}${isReady(p) ? " ready" : ""}${p.metadata?.deletionTimestamp ? " terminating" : ""}`);
      return `${at}: expected ${count} pods matching ${what}, found ${pods.length} (pods: ${seen.join(", ") || "none"})`;
    }
  }
  if (e.deployment) {
    const { name, namespace = "default", status = {}, revision, history, rolloutStatus } = e.deployment;
    const d = informers.deployments.get(`${namespace}/${name}`);
    if (!d) return `${at}: deployment ${namespace}/${name} does not exist`;
    const actual = (d.status ?? {}) as Record<string, unknown>;
    for (const [field, want] of Object.entries(status)) {
      if (!deepEqual(actual[field] ?? (typeof want === "number" ? 0 : undefined), want)) {
        return `${at}: deployment ${namespace}/${name} status.${field} is ${JSON.stringify(actual[field])}, expected ${JSON.stringify(want)}`;
      }
    }
    if (revision !== undefined && revisionOf(d) !== revision) {
      return `${at}: deployment ${namespace}/${name} is at revision ${d.metadata.annotations?.[REVISION] ?? "(none)"}, expected ${revision}`;
    }
    if (history) {
      const found = replicaSetsOf(cluster, namespace, name).map((rs) => revisionOf(rs as Frozen) ?? 0).sort((a, b) => a - b);
      if (!deepEqual(found, history)) return `${at}: deployment ${namespace}/${name} has ReplicaSets of revisions [${found.join(", ")}], expected [${history.join(", ")}]`;
    }
    if (rolloutStatus) {
      const { state, message } = rolloutState(d as Deployment);
      if (state !== rolloutStatus) return `${at}: kubectl rollout status deployment/${name} would say ${state} (${message}), expected ${rolloutStatus}`;
    }
  }
  if (e.replicaSet) {
    const { deployment, namespace = "default", revision, replicas, image, annotations, status } = e.replicaSet;
    const all = replicaSetsOf(cluster, namespace, deployment);
    const rs = all.find((r) => revisionOf(r as Frozen) === revision);
    const what = `the ReplicaSet of deployment ${namespace}/${deployment} at revision ${revision}`;
    if (!rs) return `${at}: no ReplicaSet of deployment ${namespace}/${deployment} has revision ${revision} (revisions: ${all.map((r) => revisionOf(r as Frozen) ?? "none").join(", ") || "no ReplicaSets"})`;
    const name = rs.metadata?.name;
    if (replicas !== undefined && (rs.spec?.replicas ?? 1) !== replicas) return `${at}: ${what} (${name}) has spec.replicas ${rs.spec?.replicas ?? 1}, expected ${replicas}`;
    const images = rs.spec?.template?.spec?.containers.map((c) => c.image) ?? [];
    if (image !== undefined && !images.every((i) => i === image)) return `${at}: ${what} (${name}) runs ${images.join(", ")}, expected ${image}`;
    for (const [key, want] of Object.entries(annotations ?? {})) {
      const got = rs.metadata?.annotations?.[key];
      if (got !== want) return `${at}: ${what} (${name}) has annotation ${key}=${JSON.stringify(got)}, expected ${JSON.stringify(want)}`;
    }
    const actual = (rs.status ?? {}) as Record<string, unknown>;
    for (const [field, want] of Object.entries(status ?? {})) {
      if (!deepEqual(actual[field] ?? (typeof want === "number" ? 0 : undefined), want)) {
        return `${at}: ${what} (${name}) status.${field} is ${JSON.stringify(actual[field])}, expected ${JSON.stringify(want)}`;
      }
    }
  }
  if (e.rollout) {
    const { deployment, namespace = "default", revision, sequence } = e.rollout;
    const found = rolloutSequence(cluster, namespace, deployment, revision);
    if (!found) return `${at}: no ReplicaSet of deployment ${namespace}/${deployment} has had revision ${revision}`;
    if (!deepEqual(found, sequence)) {
      return `${at}: the rollout of deployment ${namespace}/${deployment} to revision ${revision} went (old,new) ${pairs(found)}, expected ${pairs(sequence)}`;
    }
  }
  if (e.container) {
    const { pod: podName, namespace = "default", name, restartCount, state, reason, message, lastExitCode } = e.container;
    const pod = informers.pods.get(`${namespace}/${podName}`) as Pod | undefined;
    if (!pod) return `${at}: pod ${namespace}/${podName} does not exist`;
    const cname = name ?? pod.spec?.containers[0]?.name;
    const cs = pod.status?.containerStatuses?.find((c) => c.name === cname);
    const what = `container ${cname} of pod ${namespace}/${podName}`;
    if (!cs) return `${at}: ${what} has no status`;
    if (restartCount !== undefined && cs.restartCount !== restartCount) return `${at}: ${what} has restartCount ${cs.restartCount}, expected ${restartCount}`;
    const current = cs.state?.waiting ? "waiting" : cs.state?.running ? "running" : cs.state?.terminated ? "terminated" : "unknown";
    const detail = cs.state?.waiting ?? cs.state?.terminated;
    const shown = `${current}${detail?.reason ? ` (${detail.reason}${detail.message ? `: ${detail.message}` : ""})` : ""}`;
    if (state !== undefined && current !== state) return `${at}: ${what} is ${shown}, expected ${state}`;
    if (reason !== undefined && detail?.reason !== reason) return `${at}: ${what} is ${shown}, expected the reason ${reason}`;
    if (message !== undefined && !(detail?.message ?? "").includes(message)) return `${at}: ${what} is ${shown}, expected a message containing ${JSON.stringify(message)}`;
    if (lastExitCode !== undefined && cs.lastState?.terminated?.exitCode !== lastExitCode) {
      return `${at}: ${what} last terminated with ${cs.lastState?.terminated?.exitCode ?? "nothing"}, expected exit code ${lastExitCode}`;
    }
  }
  if (e.restarts) {
    const { pod, namespace = "default", container, at: want } = e.restarts;
    const starts = cluster.trace.entries
      .filter((t) => t.component.startsWith("kubelet/") && t.verb === "started" && t.kind === "Pod" && t.namespace === namespace && t.name === pod && (!container || t.message === `container ${container}`))
      .map((t) => t.t);
    const found = starts.slice(1);
    const expected = want.map(parseDuration);
    if (!deepEqual(found, expected)) {
      const list = (ms: number[]) => ms.map((t) => formatSeconds(t)).join(", ") || "none";
      return `${at}: ${container ? `container ${container} of ` : ""}pod ${namespace}/${pod} was restarted at ${list(found)}, expected ${list(expected)}`;
    }
  }
  if (e.node) {
    const { name, ready, taints } = e.node;
    const node = informers.nodes.get(name) as Node | undefined;
    if (!node) return `${at}: node ${name} does not exist`;
    const condition = node.status?.conditions?.find((c) => c.type === "Ready");
    if (ready !== undefined && condition?.status !== ready) {
      return `${at}: node ${name} is Ready=${condition?.status ?? "(none)"}${condition?.reason ? ` (${condition.reason})` : ""}, expected Ready=${ready}`;
    }
    const found = (node.spec?.taints ?? []).map((t) => `${t.key}:${t.effect}`);
    if (taints && !deepEqual(found, taints)) return `${at}: node ${name} has taints [${found.join(", ")}], expected [${taints.join(", ")}]`;
  }
  if (e.exists) {
    const { resource, namespace, selector, count } = e.exists;
    const informer = informers[resource as Watched];
    if (!informer) return `${at}: cannot count ${resource}: the simulator does not cache it`;
    const sel = selector ? parseSelector(selector) : [];
    const found = informer.list(namespace).filter((o) => matches(sel, o.metadata.labels)).length;
    if (found !== count) return `${at}: expected ${count} ${resource}${namespace ? ` in ${namespace}` : ""}, found ${found}`;
  }
  if (e.event) {
    const { reason, namespace, message } = e.event;
    const found = informers.events.list(namespace).some((ev) => ev.reason === reason && (!message || String(ev.message ?? "").includes(message)));
    if (!found) return `${at}: no event with reason ${reason}${message ? ` and a message containing ${JSON.stringify(message)}` : ""}`;
  }
  return undefined;
}
