/**
 * The taint eviction controller of kube-controller-manager (pkg/controller/tainteviction/taint_eviction.go; named
 * taint-eviction-controller since v1.29), a plain reference part until chapter 13: a pod on a node with NoExecute
 * taints is deleted at once when some taint is not tolerated, or after the shortest tolerationSeconds of the
 * tolerations that match them, counted from when the controller saw the taint; a toleration without seconds keeps it
 * there for good. The deletion first sets the DisruptionTarget condition (reason DeletionByTaintManager), then
 * deletes with the pod's own grace period; a pod whose kubelet is gone stays Terminating, and its ReplicaSet, which
 * no longer counts it, creates a replacement on a healthy node. Removing the taints, or the pod, cancels a scheduled
 * eviction. Events: TaintManagerEviction "Marking for deletion Pod ns/name" and "Cancelling deletion of Pod ns/name".
 */
import { matchingTolerations, type KubeObject, type Node, type Pod, type Taint, type Toleration } from "#kube";
import { keyOf } from "./api.ts";
import { describe, record, type SimContext } from "./context.ts";
import type { EventRecorder } from "./events.ts";
import type { Frozen } from "./informer.ts";
import type { Timer } from "./timers.ts";
import { podsOnNode } from "./views.ts";

export const COMPONENT = "taint-eviction-controller";

const noExecuteTaints = (node: Readonly<Node> | undefined): Taint[] => (node?.spec?.taints ?? []).filter((t) => t.effect === "NoExecute");
const nodeOf = (pod: Readonly<Pod>): string | undefined => pod.spec?.nodeName;
const sameTaints = (a: readonly Taint[], b: readonly Taint[]): boolean =>
  a.length === b.length && a.every((t, i) => t.key === b[i]!.key && t.value === b[i]!.value && t.effect === b[i]!.effect);
const sameTolerations = (a: readonly Toleration[] = [], b: readonly Toleration[] = []): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * getMinTolerationTime in seconds: 0 when no toleration was needed or one says 0 or less, the smallest
 * tolerationSeconds otherwise, and undefined (forever) when none of them has seconds.
 */
export function minTolerationSeconds(used: readonly Toleration[]): number | undefined {
  if (used.length === 0) return 0;
  let min: number | undefined;
  for (const t of used) {
    if (t.tolerationSeconds === undefined || t.tolerationSeconds === null) continue;
    if (t.tolerationSeconds <= 0) return 0;
    min = Math.min(min ?? t.tolerationSeconds, t.tolerationSeconds);
  }
  return min;
}

export class TaintEvictionController {
  /** Scheduled evictions by pod key: when the work was created (its start) and its timer. */
  readonly #work = new Map<string, { createdAt: number; timer: Timer }>();

  constructor(
    private readonly ctx: SimContext,
    private readonly events: EventRecorder,
  ) {
    const later = (label: string, run: () => unknown): void => void ctx.loop.after(0, `${COMPONENT} ${label}`, run);
    ctx.informers.nodes.addHandlers({
      onAdd: (n) => later(n.metadata.name!, () => this.#nodeUpdated(n.metadata.name!)),
      onUpdate: (old, n) => {
        if (!sameTaints(noExecuteTaints(old as Node), noExecuteTaints(n as Node))) later(n.metadata.name!, () => this.#nodeUpdated(n.metadata.name!));
      },
    });
    ctx.informers.pods.addHandlers({
      onAdd: (p) => nodeOf(p as Pod) && later(keyOf(p), () => this.#podUpdated(keyOf(p))),
      onUpdate: (old, p) => {
        const [o, n] = [old as Pod, p as Pod];
        if (nodeOf(o) === nodeOf(n) && sameTolerations(o.spec?.tolerations, n.spec?.tolerations)) return;
        later(keyOf(p), () => this.#podUpdated(keyOf(p)));
      },
      onDelete: (p) => this.#cancel(keyOf(p)),
    });
  }

  /** handleNodeUpdate: every pod of the node, against the node's NoExecute taints now. */
  async #nodeUpdated(name: string): Promise<void> {
    const node = this.ctx.informers.nodes.get(name) as Node | undefined;
    const taints = noExecuteTaints(node);
    for (const pod of podsOnNode(this.ctx.informers.pods, name) as Pod[]) {
      if (taints.length === 0) await this.#cancel(keyOf(pod));
      else await this.#process(pod, taints);
    }
  }

  /** handlePodUpdate: one pod, against its node's NoExecute taints. */
  async #podUpdated(key: string): Promise<void> {
    const pod = this.ctx.informers.pods.get(key) as Pod | undefined;
    const node = pod && nodeOf(pod);
    if (!pod || !node) return;
    const taints = noExecuteTaints(this.ctx.informers.nodes.get(node) as Node | undefined);
    if (taints.length > 0) await this.#process(pod, taints);
  }

  /** processPodOnNode. */
  async #process(pod: Readonly<Pod>, taints: readonly Taint[]): Promise<void> {
    const key = keyOf(pod);
    const now = this.ctx.loop.now();
    const { all, used } = matchingTolerations(taints, pod.spec?.tolerations);
    if (!all) {
      await this.#cancel(key);
      return this.#schedule(key, now, now);
    }
    const seconds = minTolerationSeconds(used);
    if (seconds === undefined) return this.#cancel(key);
    // Work scheduled earlier stands: counting from its start ends no later than counting from now would.
    const scheduled = this.#work.get(key);
    if (scheduled && scheduled.createdAt < now) return;
    if (scheduled) await this.#cancel(key);
    this.#schedule(key, now, now + seconds * 1000);
  }

  #schedule(key: string, createdAt: number, fireAt: number): void {
    const timer = this.ctx.loop.after(fireAt - this.ctx.loop.now(), `${COMPONENT} evict ${key}`, () => this.#evict(key));
    this.#work.set(key, { createdAt, timer });
  }

  async #cancel(key: string): Promise<void> {
    const work = this.#work.get(key);
    if (!work) return;
    this.ctx.loop.timers.cancel(work.timer);
    this.#work.delete(key);
    await this.#event(key, "Cancelling deletion of Pod");
  }

  /** deletePodHandler and addConditionAndDeletePod. */
  async #evict(key: string): Promise<void> {
    this.#work.delete(key);
    const ctx = this.ctx;
    await this.#event(key, "Marking for deletion Pod");
    const [namespace, name] = key.split("/") as [string, string];
    try {
      const pod = await ctx.api.get<KubeObject>("pods", namespace, name);
      const status = (pod.status ?? {}) as { conditions?: { type: string }[] };
      const condition = { type: "DisruptionTarget", status: "True", reason: "DeletionByTaintManager", message: "Taint manager: deleting due to NoExecute taint", lastTransitionTime: ctx.rfc3339() };
      const conditions = [...(status.conditions ?? []).filter((c) => c.type !== "DisruptionTarget"), condition];
      await ctx.api.updateStatus("pods", { ...pod, status: { ...status, conditions } });
      const { object } = await ctx.api.delete<KubeObject>("pods", namespace, name);
      record(ctx, { component: COMPONENT, verb: "evicted", ...describe("pods", object), message: "NoExecute taint not tolerated any longer" });
    } catch {
      // Already gone: nothing to evict.
    }
  }

  #event(key: string, what: string): Promise<void> {
    const [namespace, name] = key.split("/") as [string, string];
    const uid = (this.ctx.informers.pods.get(key) as Frozen | undefined)?.metadata.uid;
    return this.events.record(COMPONENT, { type: "event", involved: { kind: "Pod", namespace, name, uid, apiVersion: "v1" }, reason: "TaintManagerEviction", message: `${what} ${key}`, eventType: "Normal" });
  }
}
