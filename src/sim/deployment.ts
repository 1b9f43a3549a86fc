/**
 * The Deployment controller's shell (pkg/controller/deployment/deployment_controller.go): the plumbing around the
 * slot's pure `syncDeployment`. A Deployment change enqueues it; a ReplicaSet change enqueues its controlling
 * Deployment (addReplicaSet/updateReplicaSet/deleteReplicaSet); a pod deletion enqueues the Deployment that owns the
 * pod's ReplicaSet (deletePod, which Recreate waits on). A 409 from a stale view requeues the key.
 */
import { getControllerOf, type Deployment, type ReplicaSet } from "#kube";
import { keyOf } from "./api.ts";
import { applyActions } from "./apply.ts";
import type { SyncDeploymentFn } from "./components.ts";
import type { SimContext } from "./context.ts";
import type { EventRecorder } from "./events.ts";
import type { Frozen } from "./informer.ts";
import { WorkQueue } from "./queue.ts";
import { indexPods, podsForDeployment } from "./views.ts";

const COMPONENT = "deployment-controller";

export class DeploymentController {
  readonly queue: WorkQueue;

  constructor(
    private readonly ctx: SimContext,
    private readonly events: EventRecorder,
    private readonly sync: SyncDeploymentFn,
  ) {
    this.queue = new WorkQueue(ctx.loop, COMPONENT, (key) => this.#syncKey(key));
    indexPods(ctx.informers.pods);
    const owner = (obj: Frozen, kind: string): string | undefined => {
      const ref = getControllerOf(obj);
      return ref?.kind === kind ? `${obj.metadata.namespace}/${ref.name}` : undefined;
    };
    const rsChanged = (rs: Frozen): void => {
      const key = owner(rs, "Deployment");
      if (key) this.queue.add(key);
    };
    ctx.informers.deployments.addHandlers({
      onAdd: (d) => this.queue.add(keyOf(d)),
      onUpdate: (_, d) => this.queue.add(keyOf(d)),
      onDelete: (d) => this.queue.add(keyOf(d)),
    });
    ctx.informers.replicasets.addHandlers({ onAdd: rsChanged, onUpdate: (o, rs) => (rsChanged(rs), rsChanged(o)), onDelete: rsChanged });
    ctx.informers.pods.addHandlers({
      onDelete: (pod) => {
        const rsKey = owner(pod, "ReplicaSet");
        const rs = rsKey && ctx.informers.replicasets.get(rsKey);
        if (rs) rsChanged(rs);
      },
    });
  }

  async #syncKey(key: string): Promise<void> {
    const ctx = this.ctx;
    const deployment = ctx.informers.deployments.get(key) as Deployment | undefined;
    if (!deployment) return;
    const namespace = deployment.metadata!.namespace;
    const actions = this.sync({
      deployment,
      replicaSets: ctx.informers.replicasets.list(namespace) as ReplicaSet[],
      pods: podsForDeployment(ctx.informers.pods, namespace, deployment.spec?.selector),
      now: ctx.rfc3339(),
    });
    const result = await applyActions(ctx, this.events, COMPONENT, actions);
    if (result.conflict) this.queue.addAfter(key, 1000);
    if (result.requeueAfter !== undefined) this.queue.addAfter(key, result.requeueAfter * 1000);
  }
}
