/**
 * Namespaces (pkg/controller/namespace/deletion, simplified): the four a cluster starts with, and deletion. A
 * namespace being deleted (deletionTimestamp set; or already gone, if the apiserver slot removes it at once) has its
 * status.phase set to Terminating, everything in it deleted, resource by resource, and then its `kubernetes`
 * finalizer removed (upstream's /finalize subresource; here an update of spec.finalizers) so it goes too.
 */
import type { KubeObject } from "#kube";
import { keyOf, statusCode } from "./api.ts";
import { describe, record, type SimContext } from "./context.ts";
import type { Frozen } from "./informer.ts";
import { WorkQueue } from "./queue.ts";

export const INITIAL_NAMESPACES = ["default", "kube-node-lease", "kube-public", "kube-system"];
/** What the namespace controller empties, dependents before owners' kinds do not matter here: the GC is not needed. */
const NAMESPACED = ["deployments", "replicasets", "pods", "services", "leases", "events", "configmaps", "endpointslices"];
const COMPONENT = "namespace-controller";

export const namespaceObject = (name: string): KubeObject => ({
  apiVersion: "v1",
  kind: "Namespace",
  metadata: { name, labels: { "kubernetes.io/metadata.name": name } },
  spec: { finalizers: ["kubernetes"] },
  status: { phase: "Active" },
});

export class NamespaceController {
  readonly queue: WorkQueue;
  constructor(private readonly ctx: SimContext) {
    this.queue = new WorkQueue(ctx.loop, COMPONENT, (name) => this.#sync(name));
    ctx.informers.namespaces.addHandlers({
      onUpdate: (_, ns) => ns.metadata.deletionTimestamp && this.queue.add(keyOf(ns)),
      onDelete: (ns) => this.queue.add(keyOf(ns)),
    });
  }

  async #sync(name: string): Promise<void> {
    const ctx = this.ctx;
    const ns = ctx.informers.namespaces.get(name);
    if (ns && !ns.metadata.deletionTimestamp) return;
    if (ns && (ns.status as { phase?: string } | undefined)?.phase !== "Terminating") {
      await this.#tryWrite(() => ctx.api.updateStatus("namespaces", { ...ns, status: { phase: "Terminating" } } as KubeObject));
    }
    let left = 0;
    for (const resource of NAMESPACED) {
      let items: KubeObject[];
      try {
        items = (await ctx.api.list<KubeObject>(resource, { namespace: name })).items;
      } catch {
        continue; // a resource the apiserver slot does not serve
      }
      for (const item of items) {
        left++;
        if (item.metadata.deletionTimestamp) continue;
        await this.#tryWrite(() => ctx.api.delete(resource, name, item.metadata.name!, { preconditions: { uid: item.metadata.uid! }, propagationPolicy: "Background" }));
        record(ctx, { component: COMPONENT, verb: "deleted", ...describe(resource, item) });
      }
    }
    if (left > 0) return this.queue.addAfter(name, 1000);
    const current = ctx.informers.namespaces.get(name) as Frozen | undefined;
    if (!current) return;
    const spec = { ...(current.spec as object), finalizers: [] };
    const metadata = { ...current.metadata, finalizers: (current.metadata.finalizers ?? []).filter((f) => f !== "kubernetes") };
    await this.#tryWrite(() => ctx.api.update("namespaces", { ...current, metadata, spec } as KubeObject));
    await this.#tryWrite(() => ctx.api.delete("namespaces", undefined, name));
    record(ctx, { component: COMPONENT, verb: "finalized", kind: "Namespace", name });
  }

  async #tryWrite(write: () => Promise<unknown>): Promise<void> {
    try {
      await write();
    } catch (err) {
      if (statusCode(err) !== 404 && statusCode(err) !== 409) throw err;
    }
  }
}
