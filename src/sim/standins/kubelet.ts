/**
 * The simulator's stand-in for chapter 5's `syncPod`, until that chapter lands: a pure function of the pod, the fake
 * runtime's containers and the time that returns runtime actions and the pod's status (pkg/kubelet/kubelet.go SyncPod,
 * kubelet_pods.go generateAPIPodStatus and getPhase, simplified). Starts containers, restarts them per restartPolicy
 * with CrashLoopBackOff (10 s doubling to 300 s; no reset after 10 min), retries failed pulls with ImagePullBackOff,
 * kills a container whose liveness probe fails, stops everything when the pod is being deleted. Init containers,
 * the backoff reset and probe periods are left to chapter 5.
 */
import type { ContainerStatus, PodCondition, PodStatus } from "#kube";
import type { KubeletResult, KubeletView } from "../components.ts";
import type { RuntimeAction, RuntimeContainer } from "../runtime.ts";

const backoffSeconds = (failures: number): number => Math.min(10 * 2 ** Math.max(0, failures - 1), 300);

export function syncPod(view: Readonly<KubeletView>): KubeletResult {
  const { pod, containers, now, nowTime } = view;
  const deleting = pod.metadata?.deletionTimestamp !== undefined;
  const restartPolicy = pod.spec?.restartPolicy ?? "Always";
  const actions: RuntimeAction[] = [];
  const statuses: ContainerStatus[] = [];
  const waits: number[] = [];
  let terminalCount = 0;
  let failed = false;

  for (const spec of pod.spec?.containers ?? []) {
    const runs = containers.filter((c) => c.name === spec.name);
    const latest = runs.at(-1);
    const started = runs.filter((c) => c.startedAt !== undefined);
    const restartCount = Math.max(0, started.length - 1);
    const lastTerminated = started.filter((c) => c.state === "exited").at(-1);
    const base = { name: spec.name, image: spec.image ?? "", imageID: "", restartCount, started: false, ready: false };
    const lastState = lastTerminated && lastTerminated !== latest ? { terminated: terminated(lastTerminated, view) } : {};
    if (deleting) {
      if (latest && (latest.state === "running" || latest.state === "pulling")) actions.push({ type: "killContainer", container: spec.name });
      statuses.push({ ...base, lastState, state: latest?.state === "exited" ? { terminated: terminated(latest, view) } : { waiting: { reason: "ContainerCreating" } } });
      continue;
    }
    if (!latest) {
      actions.push({ type: "startContainer", container: spec.name });
      statuses.push({ ...base, lastState: {}, state: { waiting: { reason: "ContainerCreating" } } });
      continue;
    }
    if (latest.state === "pulling") {
      statuses.push({ ...base, lastState, state: { waiting: { reason: "ContainerCreating" } } });
      continue;
    }
    if (latest.state === "pullFailed") {
      const failures = runs.length - started.length;
      const retryAt = latest.finishedAt! + backoffSeconds(failures) * 1000;
      if (now >= retryAt) actions.push({ type: "startContainer", container: spec.name });
      else waits.push(retryAt - now);
      const reason = failures === 1 && now < retryAt ? "ErrImagePull" : "ImagePullBackOff";
      const message = reason === "ErrImagePull" ? latest.message : `Back-off pulling image "${spec.image}"`;
      statuses.push({ ...base, lastState, state: { waiting: { reason, message } } });
      continue;
    }
    if (latest.state === "running") {
      const ready = spec.readinessProbe ? latest.ready : true;
      if (!latest.live && spec.livenessProbe) actions.push({ type: "killContainer", container: spec.name, reason: "Unhealthy" });
      statuses.push({ ...base, containerID: latest.id, started: true, ready, lastState, state: { running: { startedAt: time(view, latest.startedAt!) } } });
      continue;
    }
    // Exited: restart per restartPolicy, after the CrashLoopBackOff delay.
    const restart = restartPolicy === "Always" || (restartPolicy === "OnFailure" && latest.exitCode !== 0);
    if (!restart) {
      terminalCount++;
      if (latest.exitCode !== 0) failed = true;
      statuses.push({ ...base, containerID: latest.id, lastState, state: { terminated: terminated(latest, view) } });
      continue;
    }
    const delay = backoffSeconds(started.length);
    const restartAt = latest.finishedAt! + delay * 1000;
    if (now >= restartAt) {
      actions.push({ type: "startContainer", container: spec.name });
      statuses.push({ ...base, containerID: latest.id, lastState: { terminated: terminated(latest, view) }, state: { waiting: { reason: "ContainerCreating" } } });
    } else {
      waits.push(restartAt - now);
      const message = `back-off ${delay}s restarting failed container=${spec.name} pod=${pod.metadata?.name}_${pod.metadata?.namespace}(${pod.metadata?.uid})`;
      statuses.push({ ...base, containerID: latest.id, lastState: { terminated: terminated(latest, view) }, state: { waiting: { reason: "CrashLoopBackOff", message } } });
    }
  }

  const all = statuses.length;
  const everStarted = statuses.some((s) => s.state?.running || s.lastState?.terminated || s.state?.terminated);
  const phase =
    all > 0 && terminalCount === all ? (failed ? "Failed" : "Succeeded") : everStarted ? "Running" : "Pending";
  const containersReady = all > 0 && statuses.every((s) => s.ready);
  const old = pod.status ?? {};
  const condition = (type: string, ok: boolean, reason?: string): PodCondition => {
    const status = ok ? "True" : "False";
    const prev = old.conditions?.find((c) => c.type === type);
    return {
      type,
      status,
      lastTransitionTime: prev?.status === status && prev.lastTransitionTime ? prev.lastTransitionTime : nowTime,
      ...(reason && !ok ? { reason } : {}),
    };
  };
  const status: PodStatus = {
    phase,
    conditions: [
      condition("Initialized", true),
      condition("Ready", containersReady && phase === "Running", terminalCount === all && all > 0 ? "PodCompleted" : "ContainersNotReady"),
      condition("ContainersReady", containersReady && phase === "Running", terminalCount === all && all > 0 ? "PodCompleted" : "ContainersNotReady"),
      condition("PodScheduled", true),
    ],
    hostIP: view.hostIP,
    hostIPs: [{ ip: view.hostIP }],
    podIP: view.podIP,
    podIPs: [{ ip: view.podIP }],
    startTime: old.startTime ?? nowTime,
    containerStatuses: statuses,
    qosClass: old.qosClass ?? "BestEffort",
  };
  return { actions, status, ...(waits.length ? { requeueAfterSeconds: Math.min(...waits) / 1000 } : {}) };
}

function time(view: Readonly<KubeletView>, ms: number): string {
  // nowTime is the RFC 3339 form of now; shift it by the difference.
  return new Date(Date.parse(view.nowTime) - view.now + ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

function terminated(c: RuntimeContainer, view: Readonly<KubeletView>) {
  return {
    exitCode: c.exitCode ?? 0,
    reason: c.reason ?? "Completed",
    ...(c.startedAt !== undefined ? { startedAt: time(view, c.startedAt) } : {}),
    finishedAt: time(view, c.finishedAt ?? view.now),
    containerID: c.id,
  };
}
