/**
 * The kubelet shell, one per node: the plumbing around the kubelet slot's pure `syncPod` (pkg/kubelet/kubelet.go's
 * syncLoop, pod workers and status manager, reduced). It watches the pods bound to its node, gives each a pod IP
 * from the node's podCIDR, calls `syncPod` with the fake runtime's containers, carries out the runtime actions,
 * writes the status when it changed, resyncs when the runtime will change by itself, and once a deleted pod's
 * containers have stopped deletes it for good (grace 0, uid precondition). A killed node's kubelet does nothing.
 */
import { deepEqual, type Container, type Pod, type PodStatus } from "#kube";
import { keyOf, statusCode } from "./api.ts";
import type { SyncPodFn } from "./components.ts";
import { describe, record, type SimContext } from "./context.ts";
import type { PodIpam } from "./ipam.ts";
import type { EventRecorder } from "./events.ts";
import type { Frozen, Informer, InformerHandlers } from "./informer.ts";
import { WorkQueue } from "./queue.ts";
import { FakeRuntime, type RuntimeAction } from "./runtime.ts";

/** Waiting reasons of a container in backoff: its pod is resynced while they last. */
const BACKOFF_REASONS = new Set(["CrashLoopBackOff", "ImagePullBackOff"]);
const BACKOFF_RESYNC_MS = 10_000;

const nodeOf = (p: Frozen): string | undefined => (p.spec as { nodeName?: string } | undefined)?.nodeName;

/**
 * Each kubelet hears of the pods bound to its node only (upstream's kubelet watches with a spec.nodeName field
 * selector): one handler on the pods informer hands each change to the kubelets of the pod's node, old and new,
 * in the order the kubelets were started, instead of every kubelet looking at every pod.
 */
const routers = new WeakMap<Informer, Map<string, InformerHandlers>>();
function podsByNode(pods: Informer): Map<string, InformerHandlers> {
  let byNode = routers.get(pods);
  if (byNode) return byNode;
  const kubelets = (byNode = new Map<string, InformerHandlers>());
  routers.set(pods, kubelets);
  const order = (names: (string | undefined)[]): InformerHandlers[] => {
    const found = [...new Set(names)].flatMap((n) => (n === undefined ? [] : [kubelets.get(n)].filter((h) => h !== undefined)));
    // Map iteration order is insertion order: the order the kubelets were started in.
    return found.length < 2 ? found : [...kubelets.values()].filter((h) => found.includes(h));
  };
  pods.addHandlers({
    onAdd: (p) => kubelets.get(nodeOf(p) ?? "")?.onAdd?.(p),
    onUpdate: (o, p) => {
      for (const h of order([nodeOf(p), nodeOf(o)])) h.onUpdate?.(o, p);
    },
    onDelete: (p) => kubelets.get(nodeOf(p) ?? "")?.onDelete?.(p),
  });
  return kubelets;
}

export class Kubelet {
  readonly runtime: FakeRuntime;
  readonly queue: WorkQueue;
  readonly component: string;
  alive = true;
  /** How many times it was started again after a stop (reviveNode). */
  lives = 0;
  #wakeups = new Map<string, number>();
  /** Pods with a backoff resync pending, and those whose sync now is one (their BackOff Events are repeated). */
  #backoffResyncs = new Set<string>();
  #resyncing = new Set<string>();

  constructor(
    private readonly ctx: SimContext,
    readonly nodeName: string,
    readonly hostIP: string,
    private readonly ipam: PodIpam,
    private readonly syncPod: SyncPodFn,
    private readonly events: EventRecorder,
  ) {
    this.component = `kubelet/${nodeName}`;
    this.runtime = new FakeRuntime((n) => ctx.names.hex(n));
    this.queue = new WorkQueue(ctx.loop, this.component, (key) => this.#sync(key));
    podsByNode(ctx.informers.pods).set(nodeName, {
      onAdd: (p) => this.queue.add(keyOf(p)),
      onUpdate: (_, p) => this.queue.add(keyOf(p)),
      onDelete: (p) => this.#forget(p.metadata.uid ?? ""),
    });
  }

  #forget(uid: string): void {
    this.runtime.remove(uid);
    this.ipam.release(uid);
  }

  /** Wake this pod's sync at virtual time `at` (once per distinct time). */
  #wakeAt(key: string, at: number): void {
    const pending = this.#wakeups.get(key);
    if (pending !== undefined && pending <= at && pending > this.ctx.loop.now()) return;
    this.#wakeups.set(key, at);
    this.ctx.loop.timers.schedule(at, `${this.component} wake ${key}`, () => {
      if (this.#wakeups.get(key) === at) this.#wakeups.delete(key);
      this.queue.add(key);
    });
  }

  async #sync(key: string): Promise<void> {
    if (!this.alive) return;
    const ctx = this.ctx;
    const pod = ctx.informers.pods.get(key) as Pod | undefined;
    if (!pod || pod.spec?.nodeName !== this.nodeName) return;
    const uid = pod.metadata!.uid!;
    const now = ctx.loop.now();
    const podIP = this.ipam.allocate(uid);
    const result = this.syncPod({ pod, containers: this.runtime.containers(uid, now), now, nowTime: ctx.rfc3339(now), podIP, hostIP: this.hostIP });
    for (const action of result.actions) {
      const spec = [...(pod.spec.initContainers ?? []), ...pod.spec.containers].find((c) => c.name === action.container);
      if (!spec) continue;
      await this.#recordEvents(pod, spec, action);
      if (action.type === "startContainer") this.runtime.start(uid, spec, now);
      else this.runtime.kill(uid, action.container, now, action.reason);
      record(ctx, { component: this.component, verb: action.type === "startContainer" ? "started" : "killed", ...describe("pods", pod), message: `container ${action.container}${action.type === "killContainer" && action.reason === "Unhealthy" ? " (liveness probe failed)" : ""}` });
    }
    const resync = this.#resyncing.delete(key);
    await this.#recordWaiting(pod, result.status, resync);
    this.#scheduleBackoffResync(key, result.status);
    if (!deepEqual(result.status, pod.status)) {
      try {
        const written = await ctx.api.updateStatus("pods", { ...pod, status: result.status } as never);
        record(ctx, { component: this.component, verb: "status", ...describe("pods", written) });
      } catch (err) {
        if (statusCode(err) === 409) this.queue.addAfter(key, 0);
        else if (statusCode(err) !== 404) throw err;
        return;
      }
    }
    const running = this.runtime.containers(uid, now).some((c) => c.state === "running" || c.state === "pulling");
    if (pod.metadata?.deletionTimestamp && !running && result.actions.length === 0) {
      try {
        await ctx.api.delete("pods", pod.metadata.namespace, pod.metadata.name!, { preconditions: { uid }, gracePeriodSeconds: 0 });
        record(ctx, { component: this.component, verb: "deleted", ...describe("pods", pod) });
      } catch (err) {
        if (statusCode(err) !== 404 && statusCode(err) !== 409) throw err;
      }
      return;
    }
    if (result.actions.length) this.queue.addAfter(key, 0);
    const next = this.runtime.nextChangeAt(uid, now);
    if (next !== undefined) this.#wakeAt(key, next);
    if (result.requeueAfterSeconds !== undefined) this.#wakeAt(key, now + Math.round(result.requeueAfterSeconds * 1000));
  }

  /**
   * The Events kubelet records around a container action, as `kubectl describe pod` shows them (wording from
   * pkg/kubelet/events/event.go and kuberuntime_container.go, v1.32).
   */
  async #recordEvents(pod: Pod, spec: Readonly<Container>, action: RuntimeAction): Promise<void> {
    const involved = { kind: "Pod", namespace: pod.metadata!.namespace, name: pod.metadata!.name!, uid: pod.metadata!.uid, apiVersion: "v1" };
    const normal = (reason: string, message: string) => this.events.record(this.component, { type: "event", involved, reason, message, eventType: "Normal" });
    if (action.type === "startContainer") {
      if (this.runtime.hasImage(spec)) await normal("Pulled", `Container image "${spec.image}" already present on machine`);
      else await normal("Pulling", `Pulling image "${spec.image}"`);
      await normal("Created", `Created container: ${spec.name}`);
      await normal("Started", `Started container ${spec.name}`);
    } else if (action.reason === "Unhealthy") {
      await this.events.record(this.component, { type: "event", involved, reason: "Unhealthy", message: "Liveness probe failed", eventType: "Warning" });
      await normal("Killing", `Container ${spec.name} failed liveness probe, will be restarted`);
    } else {
      await normal("Killing", `Stopping container ${spec.name}`);
    }
  }

  /**
   * A pod whose container waits out a backoff is synced again every 10 to 15 s, as upstream's pod worker requeues
   * a sync that failed (pod_workers.go: backOffPeriod 10 s, jitter 0.5); each of those syncs repeats the BackOff
   * Events, which the recorder folds into one with a rising count: `(x5 over 2m)` in `kubectl describe`.
   */
  #scheduleBackoffResync(key: string, status: PodStatus): void {
    const waiting = [...(status.initContainerStatuses ?? []), ...(status.containerStatuses ?? [])].some((c) => BACKOFF_REASONS.has(c.state?.waiting?.reason ?? ""));
    if (!waiting || this.#backoffResyncs.has(key)) return;
    this.#backoffResyncs.add(key);
    const delay = BACKOFF_RESYNC_MS + this.ctx.random.int(BACKOFF_RESYNC_MS / 2);
    this.ctx.loop.after(delay, `${this.component} backoff resync ${key}`, () => {
      this.#backoffResyncs.delete(key);
      this.#resyncing.add(key);
      this.queue.add(key);
    });
  }

  /**
   * The Events of a container waiting for a pull or a restart, as kuberuntime_container.go and images/image_manager.go
   * record them: when it starts waiting, and again at every backoff resync while it still waits.
   */
  async #recordWaiting(pod: Pod, status: PodStatus, resync: boolean): Promise<void> {
    const before = new Map([...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])].map((c) => [c.name, c.state?.waiting?.reason]));
    const involved = { kind: "Pod", namespace: pod.metadata!.namespace, name: pod.metadata!.name!, uid: pod.metadata!.uid, apiVersion: "v1" };
    const event = (eventType: "Normal" | "Warning", reason: string, message: string) => this.events.record(this.component, { type: "event", involved, reason, message, eventType });
    for (const c of [...(status.initContainerStatuses ?? []), ...(status.containerStatuses ?? [])]) {
      const reason = c.state?.waiting?.reason;
      if (!reason || (before.get(c.name) === reason && !(resync && BACKOFF_REASONS.has(reason)))) continue;
      const podName = `${pod.metadata!.name}_${pod.metadata!.namespace}(${pod.metadata!.uid})`;
      if (reason === "CrashLoopBackOff") {
        await event("Warning", "BackOff", `Back-off restarting failed container ${c.name} in pod ${podName}`);
      } else if (reason === "ErrImagePull") {
        await event("Warning", "Failed", `Failed to pull image "${c.image}": ${c.state?.waiting?.message ?? ""}`.trim());
        await event("Warning", "Failed", "Error: ErrImagePull");
      } else if (reason === "ImagePullBackOff") {
        await event("Normal", "BackOff", `Back-off pulling image "${c.image}"`);
        await event("Warning", "Failed", "Error: ImagePullBackOff");
      }
    }
  }
}
