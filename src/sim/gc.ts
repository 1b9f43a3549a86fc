/**
 * The garbage collector (pkg/controller/garbagecollector, simplified and said so): instead of upstream's dependency
 * graph built from every resource's metadata, it looks at the owner references of pods, ReplicaSets and Deployments
 * in the informer caches.
 * - Background: a dependent whose owners are all gone (a live GET answers 404 or another uid: isDangling) is deleted.
 * - Foreground: an owner being deleted with the `foregroundDeletion` finalizer has its dependents deleted (in the
 *   foreground too); it keeps the finalizer until no dependent with `blockOwnerDeletion` is left, then loses it.
 * - Orphan: an owner being deleted with the `orphan` finalizer has its owner reference removed from every
 *   dependent (orphanDependents), then loses the finalizer.
 * Owners with several owners partly gone, and the uid-keyed graph's virtual nodes, are left out.
 */
import type { KubeObject, OwnerReference } from "#kube";
import { statusCode } from "./api.ts";
import { describe, record, type SimContext, type Watched } from "./context.ts";
import type { Frozen } from "./informer.ts";
import { WorkQueue } from "./queue.ts";

const COMPONENT = "garbage-collector";
const OWNED: readonly Watched[] = ["pods", "replicasets", "deployments"];
/** The index of dependents by the uid of each of their owners (the graph's owner -> dependents edges). */
export const OWNER_INDEX = "owner";
export const ownerUids = (obj: Frozen): string[] => (obj.metadata.ownerReferences ?? []).map((r) => r.uid);

export class GarbageCollector {
  readonly queue: WorkQueue;

  constructor(private readonly ctx: SimContext) {
    this.queue = new WorkQueue(ctx.loop, COMPONENT, (key) => this.#process(key));
    for (const resource of OWNED) {
      ctx.informers[resource].addIndexers({ [OWNER_INDEX]: ownerUids });
      const enqueue = (obj: Frozen): void => this.queue.add(`${resource}|${obj.metadata.uid}`);
      ctx.informers[resource].addHandlers({
        onAdd: enqueue,
        onUpdate: (_, obj) => {
          enqueue(obj);
          // A dependent changed: its deleting owners may now be free of blockers.
          for (const ref of obj.metadata.ownerReferences ?? []) this.#enqueueUid(ref.uid);
        },
        onDelete: (obj) => {
          for (const dep of this.#dependents(obj.metadata.uid ?? "")) this.queue.add(`${dep.resource}|${dep.obj.metadata.uid}`);
          for (const ref of obj.metadata.ownerReferences ?? []) this.#enqueueUid(ref.uid);
        },
      });
    }
  }

  #enqueueUid(uid: string): void {
    for (const resource of OWNED) if (this.ctx.informers[resource].byUid(uid)) this.queue.add(`${resource}|${uid}`);
  }

  #dependents(uid: string): { resource: Watched; obj: Frozen }[] {
    return OWNED.flatMap((resource) => this.ctx.informers[resource].byIndex(OWNER_INDEX, uid).map((obj) => ({ resource, obj })));
  }

  async #process(key: string): Promise<void> {
    const [resource, uid] = key.split("|") as [Watched, string];
    const obj = this.ctx.informers[resource].byUid(uid);
    if (!obj) return;
    const finalizers = obj.metadata.finalizers ?? [];
    if (obj.metadata.deletionTimestamp && finalizers.includes("orphan")) return this.#orphan(resource, obj);
    if (obj.metadata.deletionTimestamp && finalizers.includes("foregroundDeletion")) return this.#foreground(resource, obj);
    const refs = obj.metadata.ownerReferences ?? [];
    if (refs.length === 0 || obj.metadata.deletionTimestamp) return;
    const dangling = await Promise.all(refs.map((r) => this.#isDangling(obj, r)));
    if (!dangling.every(Boolean)) {
      // An owner being deleted in the foreground takes this dependent with it.
      const fg = refs.some((r) => this.#cached(r)?.metadata.finalizers?.includes("foregroundDeletion"));
      if (fg) await this.#delete(resource, obj, "Foreground");
      return;
    }
    await this.#delete(resource, obj, "Background");
  }

  #cached(ref: OwnerReference): Frozen | undefined {
    for (const resource of OWNED) {
      const o = this.ctx.informers[resource].byUid(ref.uid);
      if (o) return o;
    }
    return undefined;
  }

  /** isDangling: the owner is gone, or a different object (another uid) now has its name. Asks the API, not the cache. */
  async #isDangling(obj: Frozen, ref: OwnerReference): Promise<boolean> {
    const resource = { ReplicaSet: "replicasets", Deployment: "deployments", Pod: "pods" }[ref.kind];
    if (!resource) return false;
    try {
      const owner = await this.ctx.api.get(resource, obj.metadata.namespace, ref.name);
      return owner.metadata?.uid !== ref.uid;
    } catch (err) {
      return statusCode(err) === 404;
    }
  }

  async #delete(resource: string, obj: Frozen, policy: "Background" | "Foreground"): Promise<void> {
    try {
      await this.ctx.api.delete(resource, obj.metadata.namespace, obj.metadata.name!, {
        preconditions: { uid: obj.metadata.uid! },
        propagationPolicy: policy,
      });
      record(this.ctx, { component: COMPONENT, verb: "deleted", ...describe(resource, obj), message: `propagationPolicy=${policy}` });
    } catch (err) {
      if (statusCode(err) !== 404 && statusCode(err) !== 409) throw err;
    }
  }

  async #orphan(resource: Watched, owner: Frozen): Promise<void> {
    for (const dep of this.#dependents(owner.metadata.uid!)) {
      const refs = dep.obj.metadata.ownerReferences!.filter((r) => r.uid !== owner.metadata.uid);
      const metadata = { ...dep.obj.metadata, ownerReferences: refs.length ? refs : undefined };
      if (!refs.length) delete metadata.ownerReferences;
      if (!(await this.#write(dep.resource, { ...dep.obj, metadata } as KubeObject, "orphaned"))) return this.queue.addAfter(`${resource}|${owner.metadata.uid}`, 1000);
    }
    await this.#removeFinalizer(resource, owner, "orphan");
  }

  async #foreground(resource: Watched, owner: Frozen): Promise<void> {
    const deps = this.#dependents(owner.metadata.uid!);
    for (const dep of deps) if (!dep.obj.metadata.deletionTimestamp) await this.#delete(dep.resource, dep.obj, "Foreground");
    const blocking = deps.some((d) => d.obj.metadata.ownerReferences?.some((r) => r.uid === owner.metadata.uid && r.blockOwnerDeletion));
    if (!blocking) await this.#removeFinalizer(resource, owner, "foregroundDeletion");
  }

  async #removeFinalizer(resource: Watched, owner: Frozen, finalizer: string): Promise<void> {
    const finalizers = (owner.metadata.finalizers ?? []).filter((f) => f !== finalizer);
    const metadata = { ...owner.metadata, finalizers };
    if (!(await this.#write(resource, { ...owner, metadata } as KubeObject, `removed finalizer ${finalizer}`))) {
      this.queue.addAfter(`${resource}|${owner.metadata.uid}`, 1000);
    }
  }

  async #write(resource: string, obj: KubeObject, message: string): Promise<boolean> {
    try {
      const written = await this.ctx.api.update(resource, obj);
      record(this.ctx, { component: COMPONENT, verb: "updated", ...describe(resource, written), message });
      return true;
    } catch (err) {
      if (statusCode(err) === 404) return true;
      if (statusCode(err) === 409) return false;
      throw err;
    }
  }
}
