/**
 * The scheduler's shell (pkg/scheduler/schedule_one.go, internal/queue/scheduling_queue.go, internal/cache): the
 * plumbing around the slot's pure `schedule`. Unscheduled pods wait in an active queue (FIFO by creation time here,
 * where upstream sorts by priority); each cycle schedules one pod against the nodes and the scheduler's cache, in
 * which a pod is assumed on its node as soon as it is picked, before the bind is observed. A pod that fits nowhere
 * gets PodScheduled=False (reason Unschedulable) and a FailedScheduling event, and waits among the unschedulable
 * pods until the cluster changes (a node added or changed, a pod deleted) or 5 minutes pass
 * (podMaxInUnschedulablePodsDuration). Ties between best nodes are broken by the seeded random source.
 */
import type { Node, Pod, PodCondition } from "#kube";
import { keyOf, statusCode } from "./api.ts";
import { applyActions } from "./apply.ts";
import type { SchedulerComponent } from "./components.ts";
import { describe, record, type SimContext } from "./context.ts";
import type { EventRecorder } from "./events.ts";
import type { Frozen } from "./informer.ts";

const COMPONENT = "default-scheduler";
export const UNSCHEDULABLE_FLUSH_MS = 5 * 60_000;

const unscheduled = (p: Frozen): boolean => {
  const spec = p.spec as { nodeName?: string; schedulerName?: string } | undefined;
  const phase = (p.status as { phase?: string } | undefined)?.phase;
  return !spec?.nodeName && (spec?.schedulerName ?? "default-scheduler") === COMPONENT && !p.metadata.deletionTimestamp && phase !== "Succeeded" && phase !== "Failed";
};

export class Scheduler {
  #active: string[] = [];
  #unschedulable = new Set<string>();
  /** Pods picked but whose binding the watch has not shown yet: key -> node. */
  readonly assumed = new Map<string, string>();
  #startIndex = 0;
  #scheduled = false;

  constructor(
    private readonly ctx: SimContext,
    private readonly events: EventRecorder,
    private readonly scheduler: SchedulerComponent,
    private readonly percentageOfNodesToScore?: number,
  ) {
    const moveAll = (): void => {
      for (const key of [...this.#unschedulable].sort()) this.#activate(key);
      this.#unschedulable.clear();
    };
    ctx.informers.pods.addHandlers({
      onAdd: (p) => unscheduled(p) && this.#activate(keyOf(p)),
      onUpdate: (_, p) => {
        if (!unscheduled(p)) this.assumed.delete(keyOf(p));
      },
      onDelete: (p) => {
        this.assumed.delete(keyOf(p));
        this.#unschedulable.delete(keyOf(p));
        if ((p.spec as { nodeName?: string }).nodeName) moveAll();
      },
    });
    ctx.informers.nodes.addHandlers({ onAdd: moveAll, onUpdate: moveAll });
    const flush = (): void => {
      moveAll();
      ctx.loop.after(UNSCHEDULABLE_FLUSH_MS, "scheduler flush unschedulable", flush);
    };
    ctx.loop.after(UNSCHEDULABLE_FLUSH_MS, "scheduler flush unschedulable", flush);
  }

  #activate(key: string): void {
    if (this.#active.includes(key)) return;
    this.#active.push(key);
    this.#kick();
  }

  #kick(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    this.ctx.loop.after(0, "scheduler cycle", async () => {
      this.#scheduled = false;
      await this.#scheduleOne();
      if (this.#active.length) this.#kick();
    });
  }

  /** The next pod: the oldest by creationTimestamp, then by key. */
  #pop(): Pod | undefined {
    const pods = this.#active
      .map((key) => this.ctx.informers.pods.get(key))
      .filter((p): p is Frozen => p !== undefined && unscheduled(p) && !this.assumed.has(keyOf(p)));
    pods.sort((a, b) => {
      const [ta, tb] = [a.metadata.creationTimestamp ?? "", b.metadata.creationTimestamp ?? ""];
      return ta < tb ? -1 : ta > tb ? 1 : keyOf(a) < keyOf(b) ? -1 : 1;
    });
    this.#active = pods.slice(1).map(keyOf);
    return pods[0] as Pod | undefined;
  }

  async #scheduleOne(): Promise<void> {
    const ctx = this.ctx;
    const pod = this.#pop();
    if (!pod) return;
    const key = keyOf(pod);
    const nodes = ctx.informers.nodes.list() as Node[];
    // The cache: bound pods and assumed ones, not those that have finished.
    const pods = (ctx.informers.pods.list() as Pod[])
      .map((p) => {
        const node = this.assumed.get(keyOf(p));
        return node && !p.spec?.nodeName ? ({ ...p, spec: { ...p.spec, nodeName: node } } as Pod) : p;
      })
      .filter((p) => p.spec?.nodeName && p.status?.phase !== "Succeeded" && p.status?.phase !== "Failed");
    const result = this.scheduler.schedule({
      pod,
      nodeInfos: this.scheduler.newSnapshot(pods, nodes),
      startIndex: this.#startIndex,
      pick: (candidates) => ctx.random.pick(candidates),
      ...(this.percentageOfNodesToScore !== undefined ? { percentageOfNodesToScore: this.percentageOfNodesToScore } : {}),
    });
    this.#startIndex = result.nextStartIndex;
    const involved = { kind: "Pod", namespace: pod.metadata!.namespace, name: pod.metadata!.name!, uid: pod.metadata!.uid, apiVersion: "v1" };
    if (!result.node) {
      const message = result.message ?? `0/${nodes.length} nodes are available.`;
      this.#unschedulable.add(key);
      record(ctx, { component: COMPONENT, verb: "unschedulable", ...describe("pods", pod), message });
      await this.#setCondition(pod, { type: "PodScheduled", status: "False", reason: "Unschedulable", message });
      await applyActions(ctx, this.events, COMPONENT, [{ type: "event", involved, reason: "FailedScheduling", message, eventType: "Warning" }]);
      return;
    }
    this.assumed.set(key, result.node);
    const bind = await applyActions(ctx, this.events, COMPONENT, [
      { type: "bind", namespace: involved.namespace!, name: involved.name, ...(involved.uid ? { uid: involved.uid } : {}), node: result.node },
    ]);
    if (bind.failed !== undefined) {
      // ForgetPod: the binding failed, the pod goes back to the queue.
      this.assumed.delete(key);
      if (bind.failed !== 404) this.ctx.loop.after(1000, "scheduler retry", () => this.#activate(key));
      return;
    }
    await applyActions(ctx, this.events, COMPONENT, [
      { type: "event", involved, reason: "Scheduled", message: `Successfully assigned ${key} to ${result.node}`, eventType: "Normal" },
    ]);
  }

  async #setCondition(pod: Pod, condition: PodCondition): Promise<void> {
    const conditions = (pod.status?.conditions ?? []).filter((c) => c.type !== condition.type);
    const old = pod.status?.conditions?.find((c) => c.type === condition.type);
    const same = old?.status === condition.status && old.reason === condition.reason && old.message === condition.message;
    if (same) return;
    const lastTransitionTime = old?.status === condition.status && old.lastTransitionTime ? old.lastTransitionTime : this.ctx.rfc3339();
    try {
      await this.ctx.api.updateStatus("pods", { ...pod, status: { phase: "Pending", ...pod.status, conditions: [...conditions, { ...condition, lastProbeTime: undefined, lastTransitionTime }].map(stripUndefined) } } as never);
    } catch (err) {
      if (statusCode(err) !== 404 && statusCode(err) !== 409) throw err;
    }
  }
}

const stripUndefined = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
