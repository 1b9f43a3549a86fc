/**
 * A scenario's timed steps, each what a person or a fault does to the cluster: apply manifests, scale, set an image,
 * roll back (as `kubectl rollout undo`: copy an older ReplicaSet's template back into the Deployment), delete a pod or
 * any object, cordon/uncordon, kill a node and bring it back, crash a container, or just let time pass.
 */
import { deepClone, getControllerOf, matches, parseSelector, type Deployment, type KubeObject, type Pod, type ReplicaSet } from "#kube";
import { formatSeconds } from "./clock.ts";
import type { Cluster } from "./cluster.ts";
import { describe, record } from "./context.ts";

export interface PodSelector {
  namespace?: string;
  selector?: string;
  name?: string;
  index?: number;
}

export interface Step {
  apply?: unknown[];
  scale?: { deployment?: string; replicaset?: string; namespace?: string; replicas: number };
  setImage?: { deployment: string; namespace?: string; container?: string; image: string };
  rollback?: { deployment: string; namespace?: string; toRevision?: number };
  deletePod?: PodSelector;
  delete?: { resource: string; namespace?: string; name: string; propagationPolicy?: "Background" | "Foreground" | "Orphan" };
  cordon?: string;
  uncordon?: string;
  killNode?: string;
  reviveNode?: string;
  crashContainer?: PodSelector & { container?: string; exitCode?: number };
  advance?: string | number;
}

const REVISION = "deployment.kubernetes.io/revision";

/** The pods a selector names: by name, or the index-th (by name) of those matching the label selector. */
export function selectPods(cluster: Cluster, s: PodSelector): Pod[] {
  const ns = s.namespace ?? "default";
  if (s.name) return [cluster.ctx.informers.pods.get(`${ns}/${s.name}`)].filter(Boolean) as Pod[];
  const selector = s.selector ? parseSelector(s.selector) : [];
  const pods = (cluster.ctx.informers.pods.list(ns) as Pod[]).filter((p) => !p.metadata?.deletionTimestamp && matches(selector, p.metadata?.labels));
  return s.index !== undefined ? pods.slice(s.index, s.index + 1) : pods;
}

async function editDeployment(cluster: Cluster, name: string, namespace = "default", edit: (d: Deployment) => void, verb: string): Promise<void> {
  const live = await cluster.api.get<KubeObject>("deployments", namespace, name);
  const next = deepClone(live);
  edit(next as Deployment);
  const written = await cluster.api.update<KubeObject>("deployments", next);
  record(cluster.ctx, { component: "kubectl", verb, ...describe("deployments", written) });
}

/** Runs one step now. */
export async function applyStep(cluster: Cluster, step: Step, manifests: (m: never) => KubeObject[]): Promise<void> {
  if (step.apply) await cluster.apply(manifests(step.apply as never));
  if (step.scale) {
    const { namespace = "default", replicas } = step.scale;
    const [resource, name] = step.scale.deployment ? ["deployments", step.scale.deployment] : ["replicasets", step.scale.replicaset!];
    const live = await cluster.api.get<KubeObject>(resource, namespace, name);
    const written = await cluster.api.update<KubeObject>(resource, { ...live, spec: { ...(live.spec as object), replicas } });
    record(cluster.ctx, { component: "kubectl", verb: "scaled", ...describe(resource, written), message: `replicas=${replicas}` });
  }
  if (step.setImage) {
    const { deployment, namespace, container, image } = step.setImage;
    await editDeployment(cluster, deployment, namespace, (d) => {
      for (const c of d.spec!.template.spec!.containers) if (!container || c.name === container) c.image = image;
    }, "image set");
  }
  if (step.rollback) {
    const { deployment, namespace = "default", toRevision } = step.rollback;
    const owner = cluster.ctx.informers.deployments.get(`${namespace}/${deployment}`);
    const owned = (cluster.ctx.informers.replicasets.list(namespace) as ReplicaSet[]).filter((rs) => getControllerOf(rs)?.uid === owner?.metadata.uid);
    const byRevision = owned.map((rs) => [Number(rs.metadata?.annotations?.[REVISION] ?? 0), rs] as const).sort((a, b) => b[0] - a[0]);
    const target = toRevision ? byRevision.find(([r]) => r === toRevision) : byRevision[1];
    if (!target) throw new Error(`rollback: deployment ${namespace}/${deployment} has no ${toRevision ? `revision ${toRevision}` : "previous revision"}`);
    await editDeployment(cluster, deployment, namespace, (d) => {
      const template = deepClone(target[1].spec!.template!);
      delete template.metadata?.labels?.["pod-template-hash"];
      d.spec!.template = template;
    }, "rolled back");
  }
  if (step.deletePod) {
    for (const pod of selectPods(cluster, step.deletePod)) {
      await cluster.api.delete("pods", pod.metadata!.namespace, pod.metadata!.name!);
      record(cluster.ctx, { component: "kubectl", verb: "deleted", ...describe("pods", pod) });
    }
  }
  if (step.delete) {
    const { resource, namespace, name, propagationPolicy } = step.delete;
    await cluster.api.delete(resource, namespace, name, propagationPolicy ? { propagationPolicy } : {});
    record(cluster.ctx, { component: "kubectl", verb: "deleted", kind: resource, namespace, name, ...(propagationPolicy ? { message: `propagationPolicy=${propagationPolicy}` } : {}) });
  }
  if (step.cordon) await cluster.cordon(step.cordon, true);
  if (step.uncordon) await cluster.cordon(step.uncordon, false);
  if (step.killNode) cluster.killNode(step.killNode);
  if (step.reviveNode) await cluster.reviveNode(step.reviveNode);
  if (step.crashContainer) {
    const { container, exitCode } = step.crashContainer;
    for (const pod of selectPods(cluster, step.crashContainer)) cluster.crashContainer(pod.metadata!.namespace!, pod.metadata!.name!, container, exitCode);
  }
  if (step.advance !== undefined) record(cluster.ctx, { component: "scenario", verb: "advance", message: `at ${formatSeconds(cluster.now())}` });
}
