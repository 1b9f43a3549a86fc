/**
 * The pod garbage collector of kube-controller-manager (pkg/controller/podgc/gc_controller.go, v1.32), a plain
 * reference part: every 20 s it force-deletes (grace 0) the pods nobody else will finish off:
 * - pods bound to a node that no longer exists (`kubectl delete node`), once the node has been missing for the 40 s
 *   quarantine: they get the DisruptionTarget condition (reason DeletionByPodGC) and phase Failed first;
 * - terminating pods on a node that is not Ready and carries the `node.kubernetes.io/out-of-service` taint (what an
 *   administrator adds after a node is known to be down: the non-graceful node shutdown of kubernetes.io/docs);
 * - terminating pods that were never scheduled.
 * Left out: finished pods beyond --terminated-pod-gc-threshold (12,500), which no scenario here comes near.
 * A pod evicted from a dead node otherwise stays Terminating for good: its kubelet is not there to confirm.
 */
import { TAINT_OUT_OF_SERVICE, type KubeObject, type Node, type Pod } from "#kube";
import { statusCode } from "./api.ts";
import { describe, record, type SimContext } from "./context.ts";

export const COMPONENT = "pod-garbage-collector";
export const GC_CHECK_PERIOD_MS = 20_000;
export const QUARANTINE_MS = 40_000;

const isReady = (node: Readonly<Node>): boolean => node.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True") ?? false;
const isTerminated = (pod: Readonly<Pod>): boolean => pod.status?.phase === "Succeeded" || pod.status?.phase === "Failed";

export class PodGarbageCollector {
  /** Node names seen missing, and when first. */
  readonly #missingSince = new Map<string, number>();

  constructor(private readonly ctx: SimContext) {
    ctx.loop.every(GC_CHECK_PERIOD_MS, COMPONENT, () => this.gc());
  }

  async gc(): Promise<void> {
    const ctx = this.ctx;
    const pods = ctx.informers.pods.list() as Pod[];
    const nodes = new Map((ctx.informers.nodes.list() as Node[]).map((n) => [n.metadata!.name!, n]));
    for (const pod of pods) {
      if (!pod.metadata?.deletionTimestamp || !pod.spec?.nodeName) continue;
      const node = nodes.get(pod.spec.nodeName);
      if (node && !isReady(node) && (node.spec?.taints ?? []).some((t) => t.key === TAINT_OUT_OF_SERVICE)) await this.#forceDelete(pod, "terminating on an out-of-service node");
    }
    await this.#orphaned(pods, nodes);
    for (const pod of pods) if (pod.metadata?.deletionTimestamp && !pod.spec?.nodeName) await this.#forceDelete(pod, "terminating and never scheduled");
  }

  /** gcOrphaned with its quarantine: a node missing from the cache for 40 s, and confirmed gone by a GET. */
  async #orphaned(pods: readonly Pod[], nodes: ReadonlyMap<string, Node>): Promise<void> {
    const now = this.ctx.loop.now();
    for (const name of [...this.#missingSince.keys()]) if (nodes.has(name)) this.#missingSince.delete(name);
    for (const pod of pods) {
      const name = pod.spec?.nodeName;
      if (name && !nodes.has(name) && !this.#missingSince.has(name)) this.#missingSince.set(name, now);
    }
    for (const [name, since] of this.#missingSince) {
      if (now - since < QUARANTINE_MS) continue;
      try {
        await this.ctx.api.get("nodes", undefined, name);
        continue; // back, or only late in the cache
      } catch (err) {
        if (statusCode(err) !== 404) continue;
      }
      this.#missingSince.delete(name);
      const condition = { type: "DisruptionTarget", status: "True", reason: "DeletionByPodGC", message: "PodGC: node no longer exists" };
      for (const pod of pods) if (pod.spec?.nodeName === name) await this.#forceDelete(pod, `node ${name} no longer exists`, condition);
    }
  }

  /** markFailedAndDeletePodWithCondition: phase Failed (and the condition) unless already finished, then a delete with grace 0. */
  async #forceDelete(pod: Pod, why: string, condition?: { type: string; status: string; reason: string; message: string }): Promise<void> {
    const ctx = this.ctx;
    const meta = pod.metadata!;
    try {
      if (!isTerminated(pod)) {
        const conditions = [...(pod.status?.conditions ?? []).filter((c) => c.type !== condition?.type), ...(condition ? [{ ...condition, lastTransitionTime: ctx.rfc3339() }] : [])];
        await ctx.api.updateStatus<KubeObject>("pods", { ...pod, status: { ...pod.status, phase: "Failed", conditions } } as KubeObject);
      }
      await ctx.api.delete("pods", meta.namespace, meta.name!, { gracePeriodSeconds: 0 });
      record(ctx, { component: COMPONENT, verb: "deleted", ...describe("pods", pod), message: why });
    } catch (err) {
      if (statusCode(err) !== 404 && statusCode(err) !== 409) throw err;
    }
  }
}
