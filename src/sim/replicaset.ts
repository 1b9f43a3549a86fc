/**
 * The ReplicaSet controller's shell (pkg/controller/replicaset/replica_set.go): the plumbing around the slot's pure
 * `syncReplicaSet`. A ReplicaSet change enqueues it; a pod change enqueues its controller owner, or, for an orphan,
 * every ReplicaSet whose selector matches (getPodReplicaSets), so it can be adopted. Expectations are set from the
 * actions returned and lowered as the watch observes the pods. Creations go out in slow-start batches (1, 2, 4, ...;
 * slowStartBatch), stopping at the first failure; what was skipped lowers the expectations again.
 */
import { getControllerOf, labelSelectorMatches, type Action, type ReplicaSet } from "#kube";
import { keyOf, statusCode } from "./api.ts";
import { applyActions, applyUnit, traceFailure, units, type Unit } from "./apply.ts";
import type { SyncReplicaSetFn } from "./components.ts";
import type { SimContext } from "./context.ts";
import type { EventRecorder } from "./events.ts";
import { ControllerExpectations } from "./expectations.ts";
import type { Frozen } from "./informer.ts";
import { WorkQueue } from "./queue.ts";
import { indexPods, podsForReplicaSet } from "./views.ts";

const COMPONENT = "replicaset-controller";

export class ReplicaSetController {
  readonly queue: WorkQueue;
  readonly expectations: ControllerExpectations;

  constructor(
    private readonly ctx: SimContext,
    private readonly events: EventRecorder,
    private readonly sync: SyncReplicaSetFn,
  ) {
    this.expectations = new ControllerExpectations(() => ctx.loop.now());
    this.queue = new WorkQueue(ctx.loop, COMPONENT, (key) => this.#syncKey(key));
    const { replicasets, pods } = ctx.informers;
    indexPods(pods);
    replicasets.addHandlers({
      onAdd: (rs) => this.queue.add(keyOf(rs)),
      onUpdate: (_, rs) => this.queue.add(keyOf(rs)),
      onDelete: (rs) => {
        this.expectations.delete(keyOf(rs));
        this.queue.add(keyOf(rs));
      },
    });
    pods.addHandlers({
      onAdd: (pod) => {
        const owner = this.#owner(pod);
        if (owner && !pod.metadata.deletionTimestamp) this.expectations.creationObserved(owner);
        this.#enqueueFor(pod);
      },
      onUpdate: (old, pod) => {
        const owner = this.#owner(pod);
        if (owner && pod.metadata.deletionTimestamp && !old.metadata.deletionTimestamp) this.expectations.deletionObserved(owner);
        this.#enqueueFor(pod);
        if (this.#owner(old) !== owner) this.#enqueueFor(old);
      },
      onDelete: (pod) => {
        const owner = this.#owner(pod);
        if (owner && !pod.metadata.deletionTimestamp) this.expectations.deletionObserved(owner);
        this.#enqueueFor(pod);
      },
    });
  }

  /** The key of the ReplicaSet controlling the pod, if any. */
  #owner(pod: Frozen): string | undefined {
    const ref = getControllerOf(pod);
    return ref?.kind === "ReplicaSet" ? `${pod.metadata.namespace}/${ref.name}` : undefined;
  }

  #enqueueFor(pod: Frozen): void {
    const owner = this.#owner(pod);
    if (owner) return this.queue.add(owner);
    if (getControllerOf(pod)) return;
    for (const rs of this.ctx.informers.replicasets.list(pod.metadata.namespace) as ReplicaSet[]) {
      if (labelSelectorMatches(rs.spec?.selector, pod.metadata.labels)) this.queue.add(keyOf(rs));
    }
  }

  async #syncKey(key: string): Promise<void> {
    const ctx = this.ctx;
    const rs = ctx.informers.replicasets.get(key) as ReplicaSet | undefined;
    if (!rs) return;
    const namespace = rs.metadata!.namespace;
    const replicaSets = ctx.informers.replicasets.list(namespace) as ReplicaSet[];
    const actions = this.sync({
      rs,
      pods: podsForReplicaSet(ctx.informers.pods, rs, replicaSets),
      now: ctx.rfc3339(),
      expectations: this.expectations.pending(key),
      replicaSets,
    });
    const all = units(actions);
    const creates = all.filter((u) => u.write.type === "create" && u.write.resource === "pods");
    const deletes = all.filter((u) => u.write.type === "delete" && u.write.resource === "pods");
    if (creates.length || deletes.length) this.expectations.set(key, creates.length, deletes.length);
    await this.#slowStart(creates);
    let retry = false;
    for (const unit of deletes) {
      try {
        await applyUnit(ctx, this.events, COMPONENT, unit);
      } catch (err) {
        traceFailure(ctx, COMPONENT, unit.write, err);
        // A delete that failed will never be observed by the watch (unless the pod was already gone).
        if (statusCode(err) !== 404) {
          this.expectations.deletionObserved(key);
          retry = true;
        }
      }
    }
    const rest = all.filter((u) => !creates.includes(u) && !deletes.includes(u)).flatMap((u) => (u.report ? [u.write, u.report] : [u.write]));
    const result = await applyActions(ctx, this.events, COMPONENT, rest);
    if (retry || result.conflict || (result.failed !== undefined && result.failed !== 404)) this.queue.addAfter(key, 1000);
    if (result.requeueAfter !== undefined) this.queue.addAfter(key, result.requeueAfter * 1000);
  }

  /** slowStartBatch: batches of 1, 2, 4, ... creations; a failure stops it and the rest are never issued. */
  async #slowStart(creates: Unit[]): Promise<void> {
    let done = 0;
    for (let batch = 1; done < creates.length; batch *= 2) {
      const slice = creates.slice(done, done + batch);
      const results = await Promise.allSettled(slice.map((u) => applyUnit(this.ctx, this.events, COMPONENT, u)));
      done += slice.length;
      const failures = results.flatMap((r, i) => (r.status === "rejected" ? [[slice[i]!.write, r.reason] as const] : []));
      for (const [action, err] of failures) {
        traceFailure(this.ctx, COMPONENT, action, err);
        this.#createSkipped(action);
      }
      if (failures.length) {
        for (const skipped of creates.slice(done)) this.#createSkipped(skipped.write);
        return;
      }
    }
  }

  #createSkipped(action: Action): void {
    if (action.type !== "create") return;
    const ref = (action.object.metadata as { ownerReferences?: { name: string; controller?: boolean }[]; namespace?: string }) ?? {};
    const owner = ref.ownerReferences?.find((r) => r.controller);
    if (owner) this.expectations.creationObserved(`${ref.namespace ?? "default"}/${owner.name}`);
  }
}
