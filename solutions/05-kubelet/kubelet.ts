/**
 * Chapter 5: the kubelet's sync of one pod, against a fake container runtime.
 *
 * `syncPod` looks at a pod bound to this node and at what the container runtime reports for its containers (every
 * attempt, oldest first), and returns what to ask the runtime to do (start or kill containers), the pod status to
 * write, and when to look again. It is pure: the kubelet's memory between syncs (the restart backoff, the image pull
 * backoff, the probe results) is replayed from the runtime's attempts and the time, so the same view always gives
 * the same result.
 *
 * We follow Kubernetes v1.32, kubernetes/kubernetes:
 * - pkg/kubelet/kuberuntime/kuberuntime_manager.go: computePodActions, SyncPod, doBackOff
 * - pkg/kubelet/kubelet_pods.go: generateAPIPodStatus, convertToAPIContainerStatuses, getPhase
 * - pkg/kubelet/status/generate.go: the Initialized, ContainersReady and Ready conditions
 * - pkg/kubelet/images/image_manager.go: EnsureImageExists (ErrImagePull, ImagePullBackOff)
 * - pkg/kubelet/prober/worker.go: doProbe (initialDelaySeconds, periodSeconds, the thresholds)
 * - staging/src/k8s.io/client-go/util/flowcontrol/backoff.go: Next, IsInBackOffSince, hasExpired
 */
import type { Container, ContainerStatus, Pod, PodCondition, PodStatus, Probe } from "#kube";
import type { ContainerState, ContainerStateTerminated } from "kubernetes-types/core/v1.js";

// ---- the slot's contract (the simulator's src/sim/components.ts and src/sim/runtime.ts, declared here) ----

/** One attempt of one container, as the fake runtime reports it at `now` (what CRI's ContainerStatus carries). */
export interface RuntimeContainer {
  /** `containerd://<64 hex>` */
  id: string;
  name: string;
  image: string;
  /** 0 for the first run of this container in the pod, then 1, 2, ... (CRI's attempt). */
  attempt: number;
  state: "pulling" | "pullFailed" | "running" | "exited";
  createdAt: number;
  startedAt?: number;
  finishedAt?: number;
  exitCode?: number;
  /** For exited: Completed, Error; for pullFailed: ErrImagePull. */
  reason?: string;
  message?: string;
  /** Passing its readiness check now. */
  ready: boolean;
  /** Passing its liveness check now. */
  live: boolean;
  /** Since when it has passed its readiness check (present while `ready`). */
  readySince?: number;
  /** Since when it has failed its liveness check (present while not `live`). */
  unhealthySince?: number;
}

export type RuntimeAction =
  /** Pull the image if needed, create and start the container (a new attempt). */
  | { type: "startContainer"; container: string }
  /** Stop a running (or pulling) container. */
  | { type: "killContainer"; container: string; reason?: "Killing" | "Unhealthy" };

export interface KubeletView {
  pod: Pod;
  /** What the runtime reports for this pod's containers, every attempt, oldest first. */
  containers: RuntimeContainer[];
  /** Virtual milliseconds (the runtime's timestamps use the same scale). */
  now: number;
  /** RFC 3339 form of `now`. */
  nowTime: string;
  podIP: string;
  hostIP: string;
}

export interface KubeletResult {
  actions: RuntimeAction[];
  status: PodStatus;
  /** Sync again after this many seconds (a backoff or probe to wait for), even if nothing changes. */
  requeueAfterSeconds?: number;
}

// ---- the numbers (pkg/kubelet/kubelet.go, v1.32) ----

/** backOffPeriod: the first restart delay, the first image pull delay, and the pod worker's retry after a failed sync. */
export const BACKOFF_PERIOD_MS = 10_000;
/** MaxContainerBackOff. KubeletCrashLoopBackOffMax (alpha in v1.32, off) makes it a per-node setting. */
export const MAX_CONTAINER_BACKOFF_MS = 300_000;
/** MaxImageBackOff. */
export const MAX_IMAGE_BACKOFF_MS = 300_000;

// ---- flowcontrol.Backoff, replayed ----

/** One key's entry of a flowcontrol.Backoff: the current delay and when Next last moved it. */
export interface BackoffEntry {
  backoff: number;
  lastUpdate: number;
}

/** After 2*max without an update the entry counts as gone: the item is "stable" (flowcontrol hasExpired). */
export const hasExpired = (eventTime: number, lastUpdate: number, max: number): boolean => eventTime - lastUpdate > max * 2;

/**
 * Backoff.Next(id, eventTime) at time `now`: a missing or expired entry starts at the initial delay; otherwise the
 * delay doubles, never past `max`. `lastUpdate` is the clock, not the event.
 */
export function backoffNext(entry: BackoffEntry | undefined, eventTime: number, now: number, max: number): BackoffEntry {
  if (!entry || hasExpired(eventTime, entry.lastUpdate, max)) return { backoff: BACKOFF_PERIOD_MS, lastUpdate: now };
  return { backoff: Math.min(entry.backoff * 2, max), lastUpdate: now };
}

/**
 * The container's restart backoff entry (key `<pod>_<ns>_<uid>_<container>_<hash>` upstream), as the kubelet holds
 * it: each restart called Next with the previous run's finish time as the event, at the time it started the next
 * attempt. `runs` are the container's attempts that were not failed pulls, oldest first.
 */
export function backoffFor(runs: readonly RuntimeContainer[]): BackoffEntry | undefined {
  let entry: BackoffEntry | undefined;
  for (let i = 1; i < runs.length; i++) {
    const restartedAt = runs[i]!.createdAt;
    entry = backoffNext(entry, runs[i - 1]!.finishedAt ?? restartedAt, restartedAt, MAX_CONTAINER_BACKOFF_MS);
  }
  return entry;
}

/**
 * doBackOff: may the exited container be restarted now? IsInBackOffSince(key, finishedAt): the entry exists, has not
 * expired at the finish time, and less than its delay has passed since the finish. When it may, SyncPod calls Next.
 */
export function doBackOff(entry: BackoffEntry | undefined, finishedAt: number, now: number): { inBackOff: boolean; until: number } {
  if (!entry || hasExpired(finishedAt, entry.lastUpdate, MAX_CONTAINER_BACKOFF_MS)) return { inBackOff: false, until: now };
  const until = finishedAt + entry.backoff;
  return { inBackOff: now < until, until };
}

/** The image pull backoff entry for one image of the pod (key `<uid>_<image>`): Next at every failed pull. */
export function imageBackoffFor(failedPulls: readonly RuntimeContainer[]): BackoffEntry | undefined {
  let entry: BackoffEntry | undefined;
  for (const pull of failedPulls) entry = backoffNext(entry, pull.finishedAt!, pull.finishedAt!, MAX_IMAGE_BACKOFF_MS);
  return entry;
}

/** Go's time.Duration.String for whole seconds: 10s, 1m20s, 5m0s (how the back-off message prints the delay). */
export function goDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${s % 60}s`;
}

/** format.Pod: `name_namespace(uid)`. */
const formatPod = (pod: Pod): string => `${pod.metadata?.name}_${pod.metadata?.namespace ?? "default"}(${pod.metadata?.uid ?? ""})`;

// ---- restart policy ----

/**
 * ShouldContainerBeRestarted for a container whose newest attempt has stopped (exit code `exitCode`), or that has
 * never run (`exitCode` undefined): a container that never ran is always started; Never restarts nothing; OnFailure
 * restarts only a non-zero exit; Always restarts every exit.
 */
export function shouldContainerBeRestarted(restartPolicy: string, exitCode: number | undefined): boolean {
  if (exitCode === undefined) return true;
  if (restartPolicy === "Never") return false;
  if (restartPolicy === "OnFailure") return exitCode !== 0;
  return true;
}

// ---- probes (pkg/kubelet/prober/worker.go) ----

/** The probe defaults the API server fills in (pkg/apis/core/v1/defaults.go SetDefaults_Probe). */
const period = (p: Readonly<Probe>): number => (p.periodSeconds ?? 10) * 1000;

/**
 * When a probe result that holds from `since` on reaches `threshold` consecutive results. The worker probes at
 * `startedAt + initialDelaySeconds`, then every `periodSeconds`; a probe earlier than the initial delay is not run.
 */
export function probeThresholdAt(probe: Readonly<Probe>, startedAt: number, since: number, threshold: number): number {
  const first = startedAt + (probe.initialDelaySeconds ?? 0) * 1000;
  const firstCounted = since <= first ? first : first + Math.ceil((since - first) / period(probe)) * period(probe);
  return firstCounted + (threshold - 1) * period(probe);
}

/** Readiness: ready once `successThreshold` probes in a row have passed (no probe: ready while running). */
export function readyAt(spec: Readonly<Container>, run: RuntimeContainer): number | undefined {
  if (run.state !== "running") return undefined;
  if (!spec.readinessProbe) return run.startedAt;
  if (!run.ready) return undefined;
  return probeThresholdAt(spec.readinessProbe, run.startedAt!, run.readySince ?? run.startedAt!, spec.readinessProbe.successThreshold ?? 1);
}

/** Liveness: the container is killed once `failureThreshold` probes in a row have failed. */
export function livenessKillAt(spec: Readonly<Container>, run: RuntimeContainer): number | undefined {
  if (run.state !== "running" || !spec.livenessProbe || run.live) return undefined;
  return probeThresholdAt(spec.livenessProbe, run.startedAt!, run.unhealthySince ?? run.startedAt!, spec.livenessProbe.failureThreshold ?? 3);
}

// ---- one container: what to do and what to report ----

/** What this sync decided about one container. */
interface ContainerDecision {
  status: ContainerStatus;
  start?: boolean;
  kill?: "Killing" | "Unhealthy";
  /** Milliseconds from now at which something about it changes by time alone. */
  wake?: number;
}

const toTime = (view: Readonly<KubeletView>, ms: number): string =>
  new Date(Date.parse(view.nowTime) - view.now + ms).toISOString().replace(/\.\d{3}Z$/, "Z");

function terminated(view: Readonly<KubeletView>, run: RuntimeContainer): { terminated: ContainerStateTerminated } {
  return {
    terminated: {
      exitCode: run.exitCode ?? 0,
      reason: run.reason ?? (run.exitCode ? "Error" : "Completed"),
      ...(run.startedAt !== undefined ? { startedAt: toTime(view, run.startedAt) } : {}),
      finishedAt: toTime(view, run.finishedAt ?? view.now),
      containerID: run.id,
    },
  };
}

/**
 * The container as the runtime reports it (convertToAPIContainerStatuses): the newest container it created gives the
 * state, the one before it the last state. A pull in progress or failed created nothing yet.
 */
function runtimeStatus(view: Readonly<KubeletView>, spec: Readonly<Container>, attempts: RuntimeContainer[], hasInit: boolean): ContainerStatus {
  const created = attempts.filter((a) => a.startedAt !== undefined);
  const newest = created.at(-1);
  const previous = created.at(-2);
  const state: ContainerState = !newest
    ? { waiting: { reason: hasInit ? "PodInitializing" : "ContainerCreating" } }
    : newest.state === "running"
      ? { running: { startedAt: toTime(view, newest.startedAt!) } }
      : terminated(view, newest);
  return {
    name: spec.name,
    image: spec.image ?? "",
    imageID: "",
    ...(newest ? { containerID: newest.id } : {}),
    restartCount: newest?.attempt ?? 0,
    started: newest?.state === "running",
    ready: false,
    state,
    lastState: previous?.state === "exited" ? terminated(view, previous) : {},
  };
}

/** A waiting reason this sync arrived at (the kubelet's reasonCache), over the runtime's state. */
function waitingOver(status: ContainerStatus, reason: string, message: string): ContainerStatus {
  const lastState = status.state?.terminated ? status.state : status.lastState;
  return { ...status, started: false, ready: false, state: { waiting: { reason, message } }, lastState: lastState ?? {} };
}

/**
 * computePodActions and SyncPod for one container: start it, restart it after its backoff, retry its image after the
 * pull backoff, kill it when its liveness probe has failed enough, and report it.
 */
export function computeContainerActions(
  view: Readonly<KubeletView>,
  spec: Readonly<Container>,
  init: boolean,
): ContainerDecision {
  const { pod, now } = view;
  const attempts = view.containers.filter((c) => c.name === spec.name);
  const runs = attempts.filter((c) => c.state !== "pullFailed");
  const latest = attempts.at(-1);
  const status = runtimeStatus(view, spec, attempts, (pod.spec?.initContainers ?? []).length > 0);
  const restartPolicy = pod.spec?.restartPolicy ?? "Always";

  if (!latest) return { status, start: true };

  if (latest.state === "pulling") return { status };

  if (latest.state === "pullFailed") {
    // EnsureImageExists: a failed pull is ErrImagePull; while the image's backoff holds, the pod worker's retries
    // (every backOffPeriod after a failed sync) find ImagePullBackOff; once it has passed, pull again.
    const entry = imageBackoffFor(view.containers.filter((c) => c.state === "pullFailed" && c.image === latest.image))!;
    const retryAt = entry.lastUpdate + entry.backoff;
    if (now >= retryAt) return { status: waitingOver(status, "ErrImagePull", latest.message ?? ""), start: true };
    const errorUntil = latest.finishedAt! + BACKOFF_PERIOD_MS;
    if (now < errorUntil) return { status: waitingOver(status, "ErrImagePull", latest.message ?? ""), wake: errorUntil - now };
    return { status: waitingOver(status, "ImagePullBackOff", `Back-off pulling image "${spec.image ?? ""}"`), wake: retryAt - now };
  }

  if (latest.state === "running") {
    const ready = init ? undefined : readyAt(spec, latest);
    const killAt = init ? undefined : livenessKillAt(spec, latest);
    const out: ContainerDecision = { status: { ...status, ready: ready !== undefined && now >= ready } };
    if (killAt !== undefined && now >= killAt) return { ...out, kill: "Unhealthy" };
    const waits = [ready, killAt].filter((t): t is number => t !== undefined && t > now).map((t) => t - now);
    return waits.length ? { ...out, wake: Math.min(...waits) } : out;
  }

  // Exited. An init container that succeeded is done (and counts as ready).
  if (init && latest.exitCode === 0) return { status: { ...status, ready: true } };
  if (!shouldContainerBeRestarted(restartPolicy, latest.exitCode ?? 0)) {
    return { status };
  }
  const { inBackOff, until } = doBackOff(backoffFor(runs), latest.finishedAt ?? now, now);
  if (!inBackOff) return { status, start: true };
  const delay = backoffFor(runs)!.backoff;
  const message = `back-off ${goDuration(delay)} restarting failed container=${spec.name} pod=${formatPod(pod)}`;
  return { status: waitingOver(status, "CrashLoopBackOff", message), wake: until - now };
}

// ---- the pod ----

/**
 * getPhase (kubelet_pods.go, v1.32): Pending until every init container has succeeded and every container has
 * started; Running while one runs or one will be restarted; Succeeded or Failed once all have stopped for good.
 */
export function getPhase(
  pod: Readonly<Pod>,
  initStatuses: readonly ContainerStatus[],
  statuses: readonly ContainerStatus[],
  podIsTerminal: boolean,
): string {
  const restartPolicy = pod.spec?.restartPolicy ?? "Always";
  let pendingInitialization = 0;
  let failedInitialization = 0;
  for (const c of pod.spec?.initContainers ?? []) {
    const s = initStatuses.find((x) => x.name === c.name);
    if (!s || s.state?.running) pendingInitialization++;
    else if (s.state?.terminated) failedInitialization += s.state.terminated.exitCode !== 0 ? 1 : 0;
    else if (s.lastState?.terminated) failedInitialization += s.lastState.terminated.exitCode !== 0 ? 1 : 0;
    else pendingInitialization++;
  }
  let unknown = 0;
  let running = 0;
  let waiting = 0;
  let stopped = 0;
  let succeeded = 0;
  for (const c of pod.spec?.containers ?? []) {
    const s = statuses.find((x) => x.name === c.name);
    if (!s) unknown++;
    else if (s.state?.running) running++;
    else if (s.state?.terminated) {
      stopped++;
      if (s.state.terminated.exitCode === 0) succeeded++;
    } else if (s.lastState?.terminated) stopped++;
    else waiting++;
  }
  if (failedInitialization > 0 && restartPolicy === "Never") return "Failed";
  if (pendingInitialization > 0 || waiting > 0) return "Pending";
  if (running > 0 && unknown === 0) return "Running";
  if (running === 0 && stopped > 0 && unknown === 0) {
    if (podIsTerminal) return stopped === succeeded ? "Succeeded" : "Failed";
    if (restartPolicy === "Always") return "Running";
    if (stopped === succeeded) return "Succeeded";
    if (restartPolicy === "Never") return "Failed";
    return "Running";
  }
  return "Pending";
}

const names = (list: string[]): string => `[${list.join(" ")}]`;

/**
 * The kubelet's conditions (status/generate.go), in the order generateAPIPodStatus appends them:
 * PodReadyToStartContainers (beta and on by default since v1.29), Initialized, Ready, ContainersReady, PodScheduled.
 */
export function generateConditions(
  pod: Readonly<Pod>,
  phase: string,
  initStatuses: readonly ContainerStatus[],
  statuses: readonly ContainerStatus[],
  sandboxReady: boolean,
): PodCondition[] {
  const terminal = phase === "Succeeded" || phase === "Failed";
  const terminalReason = phase === "Succeeded" ? "PodCompleted" : "PodFailed";

  const unready = (pod.spec?.containers ?? []).filter((c) => !statuses.find((s) => s.name === c.name)?.ready).map((c) => c.name);
  const containersReady: PodCondition = terminal
    ? { type: "ContainersReady", status: "False", reason: terminalReason }
    : unready.length
      ? { type: "ContainersReady", status: "False", reason: "ContainersNotReady", message: `containers with unready status: ${names(unready)}` }
      : { type: "ContainersReady", status: "True" };
  const ready: PodCondition = { ...containersReady, type: "Ready" };

  const incomplete = (pod.spec?.initContainers ?? [])
    .filter((c) => initStatuses.find((s) => s.name === c.name)?.state?.terminated?.exitCode !== 0)
    .map((c) => c.name);
  const anyStarted = statuses.some((s) => s.state?.running || s.state?.terminated);
  const initialized: PodCondition =
    phase === "Succeeded"
      ? { type: "Initialized", status: "True", reason: "PodCompleted" }
      : anyStarted || incomplete.length === 0
        ? { type: "Initialized", status: "True" }
        : { type: "Initialized", status: "False", reason: "ContainersNotInitialized", message: `containers with incomplete status: ${names(incomplete)}` };

  return [
    { type: "PodReadyToStartContainers", status: sandboxReady ? "True" : "False" },
    initialized,
    ready,
    containersReady,
    { type: "PodScheduled", status: "True" },
  ];
}

const KUBELET_CONDITIONS = new Set(["PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled"]);

/** The status manager keeps a condition's lastTransitionTime while its status stays the same. */
function withTransitionTimes(old: readonly PodCondition[], fresh: PodCondition[], nowTime: string): PodCondition[] {
  return fresh.map((c) => {
    const prev = old.find((o) => o.type === c.type);
    return { ...c, lastTransitionTime: prev?.status === c.status && prev.lastTransitionTime ? prev.lastTransitionTime : nowTime };
  });
}

/** The QoS class the API server stamps at creation (kept when present). */
function qosClass(pod: Readonly<Pod>): string {
  const all = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])];
  const guaranteed = all.every((c) =>
    ["cpu", "memory"].every((r) => c.resources?.limits?.[r] !== undefined && (c.resources.requests?.[r] ?? c.resources.limits[r]) === c.resources.limits[r]),
  );
  if (all.length && guaranteed) return "Guaranteed";
  return all.some((c) => Object.keys(c.resources?.requests ?? {}).length || Object.keys(c.resources?.limits ?? {}).length) ? "Burstable" : "BestEffort";
}

/** generateAPIPodStatus: phase, conditions, addresses, container statuses. */
export function generateAPIPodStatus(
  view: Readonly<KubeletView>,
  initStatuses: ContainerStatus[],
  statuses: ContainerStatus[],
  podIsTerminal: boolean,
): PodStatus {
  const { pod, nowTime } = view;
  const old = pod.status ?? {};
  let phase = getPhase(pod, initStatuses, statuses, podIsTerminal);
  // Pods do not leave a terminal phase.
  if (old.phase === "Succeeded" || old.phase === "Failed") phase = old.phase;
  const sandboxReady = !(podIsTerminal || phase === "Succeeded" || phase === "Failed");
  const oldConditions = old.conditions ?? [];
  return {
    phase,
    conditions: [
      ...oldConditions.filter((c) => !KUBELET_CONDITIONS.has(c.type)),
      ...withTransitionTimes(oldConditions, generateConditions(pod, phase, initStatuses, statuses, sandboxReady), nowTime),
    ],
    hostIP: view.hostIP,
    hostIPs: [{ ip: view.hostIP }],
    podIP: view.podIP,
    podIPs: [{ ip: view.podIP }],
    startTime: old.startTime ?? nowTime,
    ...(initStatuses.length ? { initContainerStatuses: initStatuses } : {}),
    containerStatuses: statuses,
    qosClass: old.qosClass ?? qosClass(pod),
  };
}

/**
 * computePodActions: a deleted pod has everything killed; otherwise init containers run one at a time, in order,
 * each to success, before any app container starts; then every app container is looked after on its own.
 */
export function computePodActions(view: Readonly<KubeletView>): { decisions: ContainerDecision[]; initDecisions: ContainerDecision[]; podIsTerminal: boolean } {
  const { pod, containers } = view;
  const spec = pod.spec!;
  const initSpecs = spec.initContainers ?? [];
  const active = (name: string) => containers.some((c) => c.name === name && (c.state === "running" || c.state === "pulling"));
  const oldPhase = pod.status?.phase;

  if (pod.metadata?.deletionTimestamp || oldPhase === "Succeeded" || oldPhase === "Failed") {
    // Graceful termination: stop whatever still runs, start nothing; done once nothing runs.
    const hold = (c: Container, init: boolean): ContainerDecision => {
      const status = runtimeStatus(view, c, containers.filter((x) => x.name === c.name), initSpecs.length > 0);
      return { status: init && status.state?.terminated?.exitCode === 0 ? { ...status, ready: true } : status, ...(active(c.name) ? { kill: "Killing" as const } : {}) };
    };
    const all = [...initSpecs, ...spec.containers];
    return {
      initDecisions: initSpecs.map((c) => hold(c, true)),
      decisions: spec.containers.map((c) => hold(c, false)),
      podIsTerminal: !all.some((c) => active(c.name)),
    };
  }

  // Init containers: the first one that has not succeeded is the only one looked after.
  const initDecisions: ContainerDecision[] = [];
  let initialized = true;
  for (const c of initSpecs) {
    if (!initialized) {
      initDecisions.push({ status: runtimeStatus(view, c, containers.filter((x) => x.name === c.name), true) });
      continue;
    }
    const d = computeContainerActions(view, c, true);
    initDecisions.push(d);
    if (!(d.status.state?.terminated?.exitCode === 0)) initialized = false;
  }
  const initFailed =
    spec.restartPolicy === "Never" && initDecisions.some((d) => (d.status.state?.terminated?.exitCode ?? 0) !== 0);
  const decisions = spec.containers.map((c) =>
    initialized ? computeContainerActions(view, c, false) : { status: runtimeStatus(view, c, containers.filter((x) => x.name === c.name), true) },
  );
  return { initDecisions, decisions, podIsTerminal: initFailed };
}

/** Brings one pod's containers toward its spec and reports its status. Does NOT modify `view`. */
export function syncPod(view: Readonly<KubeletView>): KubeletResult {
  const { initDecisions, decisions, podIsTerminal } = computePodActions(view);
  const all = [...initDecisions, ...decisions];
  const specs = [...(view.pod.spec?.initContainers ?? []), ...(view.pod.spec?.containers ?? [])];
  const actions: RuntimeAction[] = [
    ...all.flatMap((d, i) => (d.kill ? [{ type: "killContainer" as const, container: specs[i]!.name, reason: d.kill }] : [])),
    ...all.flatMap((d, i) => (d.start ? [{ type: "startContainer" as const, container: specs[i]!.name }] : [])),
  ];
  const status = generateAPIPodStatus(view, initDecisions.map((d) => d.status), decisions.map((d) => d.status), podIsTerminal);
  const wakes = all.flatMap((d) => (d.wake !== undefined ? [d.wake] : []));
  return { actions, status, ...(wakes.length ? { requeueAfterSeconds: Math.min(...wakes) / 1000 } : {}) };
}
