/**
 * The simulator's stand-in for chapter 8's `syncDeployment`, until that chapter lands: enough of
 * pkg/controller/deployment to run a Deployment at all. It finds or creates the ReplicaSet of the current template
 * (named `<deployment>-<pod-template-hash>`, ComputeHash as FNV-32a of the template, SafeEncodeString'd), scales it to
 * spec.replicas, scales every other owned ReplicaSet to 0 at once (no rolling update, no maxSurge/maxUnavailable, no
 * revisionHistoryLimit cleanup: chapter 8's work) and writes replicas/updated/ready/available counts.
 */
import { deepClone, deepEqual, getControllerOf, newControllerRef, type Action, type Deployment, type ReplicaSet } from "#kube";
import type { DeploymentView } from "../components.ts";

const REVISION = "deployment.kubernetes.io/revision";

/** FNV-32a of the template's JSON, in upstream's SafeEncodeString alphabet (no vowels, no 0/1/3). */
export function podTemplateHash(template: unknown): string {
  let h = 0x811c9dc5;
  for (const ch of JSON.stringify(template)) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  const alphabet = "bcdfghjklmnpqrstvwxz2456789";
  return String(h).split("").map((d) => alphabet[Number(d)]!).join("").slice(0, 10);
}

export function syncDeployment(view: Readonly<DeploymentView>): Action[] {
  const d = view.deployment as Deployment;
  if (d.metadata?.deletionTimestamp) return [];
  const replicas = d.spec?.replicas ?? 1;
  const owned = view.replicaSets.filter((rs) => getControllerOf(rs)?.uid === d.metadata?.uid) as ReplicaSet[];
  const hash = podTemplateHash(d.spec?.template);
  const current = owned.find((rs) => rs.metadata?.labels?.["pod-template-hash"] === hash);
  const revision = Math.max(0, ...owned.map((rs) => Number(rs.metadata?.annotations?.[REVISION] ?? 0)));
  const actions: Action[] = [];
  const name = d.metadata!.name!;
  const event = (message: string): Action => ({
    type: "event",
    involved: { kind: "Deployment", apiVersion: "apps/v1", namespace: d.metadata!.namespace!, name, uid: d.metadata!.uid! },
    reason: "ScalingReplicaSet",
    message,
    eventType: "Normal",
  });
  if (!current) {
    const labels = { ...d.spec?.template?.metadata?.labels, "pod-template-hash": hash };
    const rs: ReplicaSet = {
      apiVersion: "apps/v1",
      kind: "ReplicaSet",
      metadata: {
        name: `${name}-${hash}`,
        namespace: d.metadata!.namespace!,
        labels,
        annotations: { [REVISION]: String(revision + 1), "deployment.kubernetes.io/desired-replicas": String(replicas) },
        ownerReferences: [newControllerRef(d, { apiVersion: "apps/v1", kind: "Deployment" })],
      },
      spec: {
        replicas,
        selector: { ...d.spec?.selector, matchLabels: { ...d.spec?.selector?.matchLabels, "pod-template-hash": hash } },
        template: { ...d.spec?.template, metadata: { ...d.spec?.template?.metadata, labels } },
      },
    };
    actions.push({ type: "create", resource: "replicasets", object: rs as never }, event(`Scaled up replica set ${name}-${hash} to ${replicas}`));
  } else if (current.spec?.replicas !== replicas) {
    const rs = deepClone(current);
    rs.spec!.replicas = replicas;
    const verb = (current.spec?.replicas ?? 0) < replicas ? "up" : "down";
    actions.push({ type: "update", resource: "replicasets", object: rs as never }, event(`Scaled ${verb} replica set ${rs.metadata!.name} to ${replicas} from ${current.spec?.replicas ?? 0}`));
  }
  for (const old of owned) {
    if (old === current || (old.spec?.replicas ?? 0) === 0) continue;
    const rs = deepClone(old);
    rs.spec!.replicas = 0;
    actions.push({ type: "update", resource: "replicasets", object: rs as never }, event(`Scaled down replica set ${rs.metadata!.name} to 0 from ${old.spec?.replicas ?? 0}`));
  }
  const sum = (f: (rs: ReplicaSet) => number | undefined) => owned.reduce((n, rs) => n + (f(rs) ?? 0), 0);
  const available = sum((rs) => rs.status?.availableReplicas);
  const status = {
    observedGeneration: d.metadata?.generation ?? 0,
    replicas: sum((rs) => rs.status?.replicas),
    updatedReplicas: current?.status?.replicas ?? 0,
    readyReplicas: sum((rs) => rs.status?.readyReplicas),
    availableReplicas: available,
    ...(sum((rs) => rs.status?.replicas) - available > 0 ? { unavailableReplicas: sum((rs) => rs.status?.replicas) - available } : {}),
  };
  const cleaned = Object.fromEntries(Object.entries(status).filter(([, v]) => v !== 0)); // omitempty
  const oldStatus = { ...d.status };
  delete oldStatus.conditions;
  if (!deepEqual(cleaned, oldStatus)) actions.push({ type: "updateStatus", resource: "deployments", object: { ...d, status: { ...d.status, ...Object.fromEntries(Object.keys(status).map((k) => [k, undefined])), ...cleaned } } as never });
  return actions;
}
