/**
 * A scenario's expectations, checked against the informer caches (what the cluster's API holds): how many pods
 * (by namespace, selector, owner, phase, readiness, node), a deployment's status fields, how many objects of a
 * resource exist, whether an event with a reason was recorded. Each check returns a message when it fails.
 */
import { deepEqual, getControllerOf, matches, parseSelector, type Pod } from "#kube";
import { formatSeconds } from "./clock.ts";
import type { Cluster } from "./cluster.ts";
import type { Watched } from "./context.ts";
import type { Frozen } from "./informer.ts";

export interface Expectation {
  pods?: { namespace?: string; selector?: string; owner?: string; phase?: string; ready?: boolean; node?: string; count: number };
  deployment?: { name: string; namespace?: string; status: Record<string, unknown> };
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

const isReady = (p: Pod): boolean => p.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True") ?? false;

export function checkExpectation(cluster: Cluster, e: Expectation): string | undefined {
  const at = `at T=${formatSeconds(cluster.now())}`;
  const { informers } = cluster.ctx;
  if (e.pods) {
    const { namespace = "default", selector, owner, phase, ready, node, count } = e.pods;
    const sel = selector ? parseSelector(selector) : [];
    const pods = (informers.pods.list(namespace) as Pod[]).filter(
      (p) =>
        matches(sel, p.metadata?.labels) &&
        (!owner || ownedBy(cluster, p as Frozen, owner)) &&
        (!phase || (p.status?.phase ?? "Pending") === phase) &&
        (ready === undefined || isReady(p) === ready) &&
        (!node || p.spec?.nodeName === node),
    );
    if (pods.length !== count) {
      const what = JSON.stringify(e.pods);
      const seen = (informers.pods.list(namespace) as Pod[]).map((p) => `${p.metadata?.name} ${p.status?.phase ?? "Pending"}${isReady(p) ? " ready" : ""}${p.metadata?.deletionTimestamp ? " terminating" : ""}`);
      return `${at}: expected ${count} pods matching ${what}, found ${pods.length} (pods: ${seen.join(", ") || "none"})`;
    }
  }
  if (e.deployment) {
    const { name, namespace = "default", status } = e.deployment;
    const d = informers.deployments.get(`${namespace}/${name}`);
    if (!d) return `${at}: deployment ${namespace}/${name} does not exist`;
    const actual = (d.status ?? {}) as Record<string, unknown>;
    for (const [field, want] of Object.entries(status)) {
      if (!deepEqual(actual[field] ?? (typeof want === "number" ? 0 : undefined), want)) {
        return `${at}: deployment ${namespace}/${name} status.${field} is ${JSON.stringify(actual[field])}, expected ${JSON.stringify(want)}`;
      }
    }
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
