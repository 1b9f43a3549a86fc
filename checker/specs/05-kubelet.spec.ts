/**
 * Chapter 5's checks: `syncPod(view)`, the kubelet's sync of one pod against a fake container runtime (Kubernetes
 * v1.32). Table cases pin the phases per restartPolicy (kubelet_pods.go getPhase), the restart backoff of
 * flowcontrol.Backoff as the kubelet uses it (10 s doubling to 300 s, first restart at once, reset after 2 * 300 s
 * without a failure), the CrashLoopBackOff message, ErrImagePull and ImagePullBackOff, the probe timing of
 * prober/worker.go, the conditions of status/generate.go, init containers and graceful termination. The timelines
 * are built here: a small runtime in this file starts, runs, crashes and kills containers in virtual time. A
 * property then drives random pods through that runtime and compares every sync with the reference.
 */
import fc from "fast-check";
import type { Container, Pod, PodStatus, Probe } from "#kube";
import { inClusterCheck } from "../in-cluster.ts";
import { type CheckContext, defineSpec } from "../spec.ts";
import type * as Solution from "../../solutions/05-kubelet/kubelet.ts";
import type { KubeletResult, KubeletView, RuntimeContainer } from "../../solutions/05-kubelet/kubelet.ts";
import type { SyncPodFn } from "../../src/sim/components.ts";

type Impl = typeof Solution;
type Ctx = CheckContext<Impl>;

/** The simulator loads the module by path: its syncPod must fit the slot (a type check, nothing runs). */
const fitsSlot = (m: Impl): SyncPodFn => m.syncPod;
void fitsSlot;

const BASE = Date.UTC(2026, 0, 1);
const T = (ms: number): string => new Date(BASE + ms).toISOString().replace(/\.\d{3}Z$/, "Z");
const S = 1000;

function pod(name: string, containers: Container[], spec: Partial<NonNullable<Pod["spec"]>> = {}, status?: PodStatus): Pod {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace: "default", uid: `uid-${name}` },
    spec: { nodeName: "node-1", restartPolicy: "Always", ...spec, containers },
    status: status ?? {
      phase: "Pending",
      conditions: [{ type: "PodScheduled", status: "True", lastTransitionTime: T(-S) }],
      qosClass: "BestEffort",
    },
  };
}

const view = (p: Pod, containers: RuntimeContainer[], now: number): KubeletView => ({
  pod: p,
  containers,
  now,
  nowTime: T(now),
  podIP: "10.244.1.5",
  hostIP: "192.168.49.2",
});

/** One attempt, as the runtime reports it. */
function attempt(name: string, n: number, o: Partial<RuntimeContainer> & Pick<RuntimeContainer, "state" | "createdAt">): RuntimeContainer {
  const ready = o.ready ?? false;
  return { id: `containerd://${name}-${n}`, name, image: o.image ?? "nginx:1.27", attempt: n, live: true, ...o, ready };
}
const running = (name: string, n: number, startedAt: number, o: Partial<RuntimeContainer> = {}): RuntimeContainer =>
  attempt(name, n, { state: "running", createdAt: startedAt, startedAt, ready: true, readySince: startedAt, ...o });
const exited = (name: string, n: number, startedAt: number, finishedAt: number, exitCode: number, o: Partial<RuntimeContainer> = {}): RuntimeContainer =>
  attempt(name, n, { state: "exited", createdAt: startedAt, startedAt, finishedAt, exitCode, reason: exitCode === 0 ? "Completed" : "Error", ...o });

/**
 * A crash loop as the kubelet would have run it: run i starts, exits with code 1 two seconds later, and run i+1
 * starts `delays[i]` seconds after that.
 */
function crashRuns(n: number, delays = [0, 10, 20, 40, 80, 160, 300, 300, 300]): RuntimeContainer[] {
  const out: RuntimeContainer[] = [];
  let t = 0;
  for (let i = 0; i < n; i++) {
    out.push(exited("app", i, t, t + 2 * S, 1, { image: "kube-workbook/crash:1" }));
    t += 2 * S + delays[i]! * S;
  }
  return out;
}

// ---- a small runtime in virtual time (the checks' own; the simulator has its own) ----

interface Behaviour {
  pullMs: number;
  pullError?: string;
  runMs?: number;
  exitCode?: number;
  /** The app answers its readiness check this long after it starts; undefined: never. */
  readyAfterMs?: number;
  /** The app stops answering its liveness check this long after it starts. */
  unhealthyAfterMs?: number;
}

function behaviour(image: string, c: Container): Behaviour {
  if (image.startsWith("no-such-image")) return { pullMs: S, pullError: `rpc error: code = NotFound desc = failed to pull and unpack image "${image}": not found` };
  if (image.startsWith("kube-workbook/crash:")) return { pullMs: S, runMs: 2 * S, exitCode: Number(image.split(":")[1]), readyAfterMs: 0 };
  if (image.startsWith("kube-workbook/unready")) return { pullMs: S };
  if (image.startsWith("kube-workbook/liveness-fail")) return { pullMs: S, readyAfterMs: 0, unhealthyAfterMs: 20 * S };
  if (image.startsWith("busybox")) {
    const sleep = /sleep (\d+)/.exec([...(c.command ?? []), ...(c.args ?? [])].join(" "));
    return { pullMs: S, runMs: sleep ? Number(sleep[1]) * S : S, exitCode: 0, readyAfterMs: 0 };
  }
  return { pullMs: S, readyAfterMs: 0 };
}

interface Timeline {
  name: string;
  image: string;
  attempt: number;
  createdAt: number;
  pulledAt: number;
  b: Behaviour;
  killedAt?: number;
  killExit?: number;
}

class MiniRuntime {
  timelines: Timeline[] = [];
  pulled = new Set<string>();

  start(c: Container, now: number): void {
    const image = c.image ?? "";
    const b = behaviour(image, c);
    const n = this.timelines.filter((t) => t.name === c.name && !t.b.pullError).length;
    const pulledAt = now + (this.pulled.has(image) && !b.pullError ? 0 : b.pullMs);
    if (!b.pullError) this.pulled.add(image);
    this.timelines.push({ name: c.name, image, attempt: n, createdAt: now, pulledAt, b });
  }

  kill(name: string, now: number, reason?: string): void {
    for (const t of this.timelines) {
      const s = this.stateAt(t, now, 0).state;
      if (t.name === name && (s === "running" || s === "pulling")) [t.killedAt, t.killExit] = [now, reason === "Unhealthy" ? 137 : 0];
    }
  }

  stateAt(t: Timeline, now: number, i: number): RuntimeContainer {
    const base = { id: `containerd://${t.name}-${i}`, name: t.name, image: t.image, attempt: t.attempt, createdAt: t.createdAt, ready: false, live: true };
    if (t.b.pullError) {
      if (now < t.pulledAt && t.killedAt === undefined) return { ...base, state: "pulling" };
      return { ...base, state: "pullFailed", finishedAt: Math.min(t.pulledAt, t.killedAt ?? Infinity), reason: "ErrImagePull", message: t.b.pullError };
    }
    if (t.killedAt !== undefined && t.killedAt < t.pulledAt) return { ...base, state: "exited", finishedAt: t.killedAt, exitCode: 0, reason: "ContainerCannotRun" };
    if (now < t.pulledAt) return { ...base, state: "pulling" };
    const exitAt = t.b.runMs === undefined ? Infinity : t.pulledAt + t.b.runMs;
    const stopAt = Math.min(t.killedAt ?? Infinity, exitAt);
    if (now >= stopAt) {
      const code = t.killedAt !== undefined && t.killedAt <= exitAt ? t.killExit! : t.b.exitCode!;
      return { ...base, state: "exited", startedAt: t.pulledAt, finishedAt: stopAt, exitCode: code, reason: code === 0 ? "Completed" : "Error" };
    }
    const readyAt = t.b.readyAfterMs === undefined ? undefined : t.pulledAt + t.b.readyAfterMs;
    const sickAt = t.b.unhealthyAfterMs === undefined ? undefined : t.pulledAt + t.b.unhealthyAfterMs;
    const ready = readyAt !== undefined && now >= readyAt;
    const live = sickAt === undefined || now < sickAt;
    return { ...base, state: "running", startedAt: t.pulledAt, ready, live, ...(ready ? { readySince: readyAt } : {}), ...(live ? {} : { unhealthySince: sickAt }) };
  }

  at(now: number): RuntimeContainer[] {
    return this.timelines.map((t, i) => this.stateAt(t, now, i));
  }

  nextChange(now: number): number | undefined {
    const times = this.timelines
      .filter((t) => t.killedAt === undefined)
      .flatMap((t) => [t.pulledAt, t.b.runMs === undefined ? undefined : t.pulledAt + t.b.runMs, t.pulledAt + (t.b.readyAfterMs ?? 0), t.b.unhealthyAfterMs === undefined ? undefined : t.pulledAt + t.b.unhealthyAfterMs])
      .filter((x): x is number => x !== undefined && x > now);
    return times.length ? Math.min(...times) : undefined;
  }
}

interface Step {
  view: KubeletView;
  result: KubeletResult;
}

/**
 * Runs a pod in the mini runtime with `syncPod` until `until`, as the simulator's kubelet shell does: carry out the
 * actions, write the status back, sync again at once after acting, when the runtime changes, when asked, or at the
 * extra times given.
 */
function drive(syncPod: (v: KubeletView) => KubeletResult, start: Pod, until: number, extra: number[] = [], deleteAt?: number): Step[] {
  const rt = new MiniRuntime();
  let p: Pod = structuredClone(start);
  const steps: Step[] = [];
  let t = 0;
  let sameInstant = 0;
  while (t <= until && steps.length < 400) {
    if (deleteAt !== undefined && t >= deleteAt && !p.metadata!.deletionTimestamp) p = { ...p, metadata: { ...p.metadata, deletionTimestamp: T(deleteAt) } };
    const v = view(structuredClone(p), rt.at(t), t);
    const result = syncPod(v);
    steps.push({ view: v, result });
    const specs = [...(p.spec!.initContainers ?? []), ...p.spec!.containers];
    for (const a of result.actions) {
      const c = specs.find((s) => s.name === a.container)!;
      if (a.type === "startContainer") rt.start(c, t);
      else rt.kill(a.container, t, a.reason);
    }
    p = { ...p, status: structuredClone(result.status) };
    if (result.actions.length && sameInstant++ < 5) continue;
    sameInstant = 0;
    const next = [rt.nextChange(t), result.requeueAfterSeconds === undefined ? undefined : t + Math.round(result.requeueAfterSeconds * S), ...extra.filter((x) => x > t), deleteAt !== undefined && deleteAt > t ? deleteAt : undefined]
      .filter((x): x is number => x !== undefined && x > t);
    if (!next.length) break;
    t = Math.min(...next);
  }
  return steps;
}

/** The waits between each exit and the restart that followed, in seconds, read off a drive. */
function restartDelays(steps: Step[], name: string): number[] {
  const out: number[] = [];
  let exitedAt: number | undefined;
  for (const { view: v, result } of steps) {
    const latest = v.containers.filter((c) => c.name === name).at(-1);
    if (latest?.state === "exited" && exitedAt === undefined) exitedAt = latest.finishedAt;
    if (exitedAt !== undefined && result.actions.some((a) => a.type === "startContainer" && a.container === name)) {
      out.push((v.now - exitedAt) / S);
      exitedAt = undefined;
    }
  }
  return out;
}

const nginx = (name: string, o: Partial<Container> = {}): Container => ({ name, image: "nginx:1.27", ...o });
const crash = (name = "app"): Container => ({ name, image: "kube-workbook/crash:1" });
const conditionsOf = (r: KubeletResult) => (r.status.conditions ?? []).map((c) => ({ type: c.type, status: c.status, reason: c.reason, message: c.message }));
const stateOf = (r: KubeletResult, name: string) => r.status.containerStatuses?.find((s) => s.name === name)?.state;

function sync(ctx: Ctx, v: KubeletView): KubeletResult {
  return ctx.impl.syncPod(v);
}

// ---- random pods for the property ----

const probe = fc.record({
  initialDelaySeconds: fc.constantFrom(0, 3, 15),
  periodSeconds: fc.constantFrom(1, 5, 10),
  successThreshold: fc.constantFrom(1, 2),
  failureThreshold: fc.constantFrom(1, 3),
});
const randomContainer = (name: string) =>
  fc
    .record({
      image: fc.constantFrom("nginx:1.27", "kube-workbook/crash:1", "kube-workbook/crash:0", "no-such-image:1", "kube-workbook/unready", "kube-workbook/liveness-fail", "busybox:1.36"),
      sleep: fc.constantFrom(1, 30, 700),
      readiness: fc.option(probe, { nil: undefined }),
      liveness: fc.option(probe.map((p: Probe) => ({ ...p, successThreshold: 1 })), { nil: undefined }),
    })
    .map(({ image, sleep, readiness, liveness }): Container => ({
      name,
      image,
      ...(image.startsWith("busybox") ? { command: ["sh", "-c", `sleep ${sleep}`] } : {}),
      ...(readiness ? { readinessProbe: readiness } : {}),
      ...(liveness ? { livenessProbe: liveness } : {}),
    }));
const randomPod = fc.record({
  restartPolicy: fc.constantFrom("Always", "OnFailure", "Never"),
  containers: fc.tuple(randomContainer("app"), fc.option(randomContainer("side"), { nil: undefined })),
  init: fc.option(
    fc.constantFrom<Container>({ name: "init", image: "busybox:1.36", command: ["sh", "-c", "sleep 3"] }, { name: "init", image: "kube-workbook/crash:1" }),
    { nil: undefined },
  ),
  extra: fc.array(fc.integer({ min: 1, max: 1500 }).map((s) => s * S), { maxLength: 6 }),
  deleteAt: fc.option(fc.integer({ min: 1, max: 1500 }).map((s) => s * S), { nil: undefined }),
});

export default defineSpec<Impl>({
  exports: ["syncPod"],
  shapes: {
    syncPod: {
      type: "object",
      required: ["actions", "status"],
      properties: {
        actions: {
          type: "array",
          items: { type: "object", required: ["type", "container"], properties: { type: { enum: ["startContainer", "killContainer"] }, container: { type: "string" } } },
        },
        status: { type: "object", required: ["phase", "conditions", "containerStatuses"] },
        requeueAfterSeconds: { type: "number", minimum: 0 },
      },
    },
  },
  checks: [
    {
      id: "fresh-pod",
      name: { ko: "새 파드: 컨테이너를 모두 시작하고 Pending, ContainerCreating을 보고한다", en: "a fresh pod: starts every container, reports Pending and ContainerCreating" },
      run(ctx) {
        const p = pod("web", [nginx("web"), { name: "log", image: "busybox:1.36", command: ["sleep", "3600"] }]);
        const given = view(p, [], 0);
        const waiting = (name: string, image: string) => ({
          name,
          image,
          imageID: "",
          restartCount: 0,
          started: false,
          ready: false,
          state: { waiting: { reason: "ContainerCreating" } },
          lastState: {},
        });
        ctx.expectEqual(
          sync(ctx, given),
          {
            actions: [
              { type: "startContainer", container: "web" },
              { type: "startContainer", container: "log" },
            ],
            status: {
              phase: "Pending",
              conditions: [
                { type: "PodReadyToStartContainers", status: "True", lastTransitionTime: T(0) },
                { type: "Initialized", status: "True", lastTransitionTime: T(0) },
                { type: "Ready", status: "False", reason: "ContainersNotReady", message: "containers with unready status: [web log]", lastTransitionTime: T(0) },
                { type: "ContainersReady", status: "False", reason: "ContainersNotReady", message: "containers with unready status: [web log]", lastTransitionTime: T(0) },
                { type: "PodScheduled", status: "True", lastTransitionTime: T(-S) },
              ],
              hostIP: "192.168.49.2",
              hostIPs: [{ ip: "192.168.49.2" }],
              podIP: "10.244.1.5",
              podIPs: [{ ip: "10.244.1.5" }],
              startTime: T(0),
              containerStatuses: [waiting("web", "nginx:1.27"), waiting("log", "busybox:1.36")],
              qosClass: "BestEffort",
            },
          },
          {
            ko: "두 컨테이너를 시작하고, 단계는 Pending, 컨테이너는 ContainerCreating으로 기다려야 한다",
            en: "both containers should be started, the phase Pending, each container waiting in ContainerCreating",
          },
          given,
        );
      },
    },
    {
      id: "running-and-ready",
      name: { ko: "실행 중인 컨테이너: Running, ready, 컨테이너 ID와 시작 시각", en: "running containers: Running, ready, container ID and start time" },
      run(ctx) {
        const p = pod("web", [nginx("web")]);
        const given = view(p, [running("web", 0, 1 * S)], 5 * S);
        const r = sync(ctx, given);
        ctx.expectEqual(
          { actions: r.actions, phase: r.status.phase, containerStatuses: r.status.containerStatuses, conditions: conditionsOf(r) },
          {
            actions: [],
            phase: "Running",
            containerStatuses: [
              {
                name: "web",
                image: "nginx:1.27",
                imageID: "",
                containerID: "containerd://web-0",
                restartCount: 0,
                started: true,
                ready: true,
                state: { running: { startedAt: T(1 * S) } },
                lastState: {},
              },
            ],
            conditions: [
              { type: "PodReadyToStartContainers", status: "True" },
              { type: "Initialized", status: "True" },
              { type: "Ready", status: "True" },
              { type: "ContainersReady", status: "True" },
              { type: "PodScheduled", status: "True" },
            ],
          },
          { ko: "할 일은 없고, 파드는 Running이며 컨테이너는 준비되어야 한다", en: "nothing to do; the pod Running and its container ready" },
          given,
        );
      },
    },
    {
      id: "restart-policy",
      name: { ko: "재시작 정책별 재시작과 단계(Always, OnFailure, Never)", en: "restarts and phase per restartPolicy (Always, OnFailure, Never)" },
      run(ctx) {
        const job = (policy: string, code: number) => view(pod("job", [{ name: "job", image: "busybox:1.36" }], { restartPolicy: policy }), [exited("job", 0, 1 * S, 3 * S, code)], 3 * S);
        const start = [{ type: "startContainer", container: "job" }];
        const cases: [string, KubeletView, object][] = [
          ["Always, exit 0", job("Always", 0), { actions: start, phase: "Running" }],
          ["Always, exit 1", job("Always", 1), { actions: start, phase: "Running" }],
          ["OnFailure, exit 0", job("OnFailure", 0), { actions: [], phase: "Succeeded" }],
          ["OnFailure, exit 1", job("OnFailure", 1), { actions: start, phase: "Running" }],
          ["Never, exit 0", job("Never", 0), { actions: [], phase: "Succeeded" }],
          ["Never, exit 1", job("Never", 1), { actions: [], phase: "Failed" }],
          [
            "Never, one exited 1, one running",
            view(pod("two", [{ name: "job", image: "busybox:1.36" }, nginx("web")], { restartPolicy: "Never" }), [exited("job", 0, 1 * S, 3 * S, 1), running("web", 0, 1 * S)], 3 * S),
            { actions: [], phase: "Running" },
          ],
          [
            "OnFailure, one exited 0, one exited 1",
            view(pod("two", [{ name: "job", image: "busybox:1.36" }, { name: "b", image: "busybox:1.36" }], { restartPolicy: "OnFailure" }), [exited("job", 0, 1 * S, 3 * S, 0), exited("b", 0, 1 * S, 3 * S, 1)], 3 * S),
            { actions: [{ type: "startContainer", container: "b" }], phase: "Running" },
          ],
        ];
        for (const [about, given, expected] of cases) {
          const r = sync(ctx, given);
          ctx.expectEqual({ actions: r.actions, phase: r.status.phase }, expected, { ko: `${about}: 재시작 여부와 단계`, en: `${about}: restart or not, and the phase` }, given);
        }
      },
    },
    {
      id: "backoff-sequence",
      name: { ko: "CrashLoopBackOff 지연: 첫 재시작은 바로, 이후 10, 20, 40, 80, 160, 300, 300초", en: "CrashLoopBackOff delays: the first restart at once, then 10, 20, 40, 80, 160, 300, 300 s" },
      run(ctx) {
        const steps = drive((v) => ctx.impl.syncPod(v), pod("crash", [crash()]), 1500 * S);
        const delays = restartDelays(steps, "app");
        ctx.expectEqual(
          delays.slice(0, 8),
          [0, 10, 20, 40, 80, 160, 300, 300],
          {
            ko: "종료마다 다음 시작까지 기다린 시간(초): 첫 재시작은 바로, 그다음부터 10초에서 두 배씩, 300초에서 멈춘다",
            en: "seconds from each exit to the next start: the first restart at once, then 10 s doubling, capped at 300 s",
          },
          { pod: "crash (kube-workbook/crash:1 exits with 1 two seconds after it starts)", restartPolicy: "Always" },
        );
      },
    },
    {
      id: "crashloop-status",
      name: { ko: "백오프 중: CrashLoopBackOff 이유와 메시지, lastState, 단계 Running", en: "during a backoff: the CrashLoopBackOff reason and message, lastState, phase Running" },
      run(ctx) {
        const runs = crashRuns(5); // attempts 0-4: the last ran from 78 s to 80 s, and its backoff is 80 s
        const last = runs.at(-1)!;
        const given = view(pod("crash", [crash()]), runs, last.finishedAt! + 5 * S);
        const r = sync(ctx, given);
        ctx.expectEqual(
          { actions: r.actions, phase: r.status.phase, containerStatuses: r.status.containerStatuses, requeueAfterSeconds: r.requeueAfterSeconds },
          {
            actions: [],
            phase: "Running",
            containerStatuses: [
              {
                name: "app",
                image: "kube-workbook/crash:1",
                imageID: "",
                containerID: last.id,
                restartCount: 4,
                started: false,
                ready: false,
                state: { waiting: { reason: "CrashLoopBackOff", message: "back-off 1m20s restarting failed container=app pod=crash_default(uid-crash)" } },
                lastState: { terminated: { exitCode: 1, reason: "Error", startedAt: T(last.startedAt!), finishedAt: T(last.finishedAt!), containerID: last.id } },
              },
            ],
            requeueAfterSeconds: 75,
          },
          {
            ko: "다섯 번째 종료 뒤 백오프는 80초(Go는 1m20s로 적는다)다. 컨테이너는 CrashLoopBackOff로 기다리고, 파드는 Running이며 75초 뒤에 다시 본다",
            en: "after the fifth exit the backoff is 80 s (Go prints 1m20s); the container waits in CrashLoopBackOff, the pod stays Running, look again in 75 s",
          },
          given,
        );
      },
    },
    {
      id: "backoff-reset",
      name: { ko: "10분 동안 문제없이 실행되면 백오프가 처음으로 돌아간다", en: "after ten minutes without a failure the backoff starts over" },
      run(ctx) {
        const base = crashRuns(3); // restarts at once, after 10 s, after 20 s: the next delay would be 40 s
        const restartAt = base.at(-1)!.finishedAt! + 20 * S;
        const long = (seconds: number) => [...base, exited("app", 3, restartAt, restartAt + seconds * S, 1, { image: "kube-workbook/crash:1" })];
        const p = pod("crash", [crash()]);
        const after11 = view(p, long(660), restartAt + 660 * S);
        ctx.expectEqual(sync(ctx, after11).actions, [{ type: "startContainer", container: "app" }], {
          ko: "11분 실행된 뒤의 종료: 백오프 항목이 만료되었으니 바로 재시작한다",
          en: "an exit after 11 minutes of running: the backoff entry has expired, so restart at once",
        }, after11);
        const again = [...long(660), exited("app", 4, restartAt + 660 * S, restartAt + 662 * S, 1, { image: "kube-workbook/crash:1" })];
        const next = view(p, again, restartAt + 663 * S);
        ctx.expectEqual(stateOf(sync(ctx, next), "app"), { waiting: { reason: "CrashLoopBackOff", message: "back-off 10s restarting failed container=app pod=crash_default(uid-crash)" } }, {
          ko: "초기화된 뒤 다음 종료의 백오프는 다시 10초다",
          en: "after the reset the next exit backs off 10 s again",
        }, next);
        const after9 = view(p, long(540), restartAt + 540 * S);
        ctx.expectEqual(stateOf(sync(ctx, after9), "app"), { waiting: { reason: "CrashLoopBackOff", message: "back-off 40s restarting failed container=app pod=crash_default(uid-crash)" } }, {
          ko: "9분 실행된 뒤의 종료: 아직 600초가 지나지 않았으니 백오프가 40초로 두 배가 된다",
          en: "an exit after 9 minutes of running: 600 s have not passed, so the backoff doubles to 40 s",
        }, after9);
      },
    },
    {
      id: "image-pull",
      name: { ko: "이미지 받기 실패: ErrImagePull, 그다음 ImagePullBackOff", en: "a failed image pull: ErrImagePull, then ImagePullBackOff" },
      run(ctx) {
        const p = pod("missing", [{ name: "web", image: "no-such-image:1" }]);
        const message = 'rpc error: code = NotFound desc = failed to pull and unpack image "no-such-image:1": not found';
        const fail = (n: number, at: number) => attempt("web", 0, { image: "no-such-image:1", state: "pullFailed", createdAt: at - S, finishedAt: at, reason: "ErrImagePull", message, id: `containerd://pull-${n}` });
        const pulls1 = [fail(1, 1 * S)];
        const pulls2 = [fail(1, 1 * S), fail(2, 12 * S)];
        const cases: [string, KubeletView, object][] = [
          ["1 s: the pull just failed", view(p, pulls1, 1 * S), { actions: [], waiting: { reason: "ErrImagePull", message }, phase: "Pending", requeueAfterSeconds: 10 }],
          ["11 s: the first backoff (10 s) is over", view(p, pulls1, 11 * S), { actions: [{ type: "startContainer", container: "web" }], waiting: { reason: "ErrImagePull", message }, phase: "Pending" }],
          ["12 s: the second pull failed", view(p, pulls2, 12 * S), { actions: [], waiting: { reason: "ErrImagePull", message }, phase: "Pending", requeueAfterSeconds: 10 }],
          [
            "22 s: inside the 20 s backoff",
            view(p, pulls2, 22 * S),
            { actions: [], waiting: { reason: "ImagePullBackOff", message: 'Back-off pulling image "no-such-image:1"' }, phase: "Pending", requeueAfterSeconds: 10 },
          ],
          ["32 s: the second backoff is over", view(p, pulls2, 32 * S), { actions: [{ type: "startContainer", container: "web" }], waiting: { reason: "ErrImagePull", message }, phase: "Pending" }],
        ];
        for (const [about, given, expected] of cases) {
          const r = sync(ctx, given);
          ctx.expectEqual(
            { actions: r.actions, waiting: stateOf(r, "web")?.waiting, phase: r.status.phase, requeueAfterSeconds: r.requeueAfterSeconds },
            expected,
            { ko: `${about}: 다시 받을지, 기다림의 이유와 메시지`, en: `${about}: pull again or not, the waiting reason and message` },
            given,
          );
        }
      },
    },
    {
      id: "readiness-probe",
      name: { ko: "준비성 프로브: initialDelaySeconds와 successThreshold가 지나야 ready", en: "readiness probe: ready only after initialDelaySeconds and successThreshold" },
      run(ctx) {
        const probed = (successThreshold: number) => pod("web", [nginx("web", { readinessProbe: { httpGet: { path: "/", port: 80 }, initialDelaySeconds: 5, periodSeconds: 10, successThreshold } })]);
        const run = [running("web", 0, 1 * S)];
        const cases: [string, KubeletView, object][] = [
          ["threshold 1, 4 s after start", view(probed(1), run, 5 * S), { ready: false, Ready: "False", requeueAfterSeconds: 1 }],
          ["threshold 1, 5 s after start", view(probed(1), run, 6 * S), { ready: true, Ready: "True" }],
          ["threshold 3, 15 s after start", view(probed(3), run, 16 * S), { ready: false, Ready: "False", requeueAfterSeconds: 10 }],
          ["threshold 3, 25 s after start", view(probed(3), run, 26 * S), { ready: true, Ready: "True" }],
          ["no probe, at start", view(pod("web", [nginx("web")]), run, 1 * S), { ready: true, Ready: "True" }],
          ["probe failing", view(probed(1), [running("web", 0, 1 * S, { ready: false, readySince: undefined })], 60 * S), { ready: false, Ready: "False" }],
        ];
        for (const [about, given, expected] of cases) {
          const r = sync(ctx, given);
          ctx.expectEqual(
            { ready: r.status.containerStatuses?.[0]?.ready, Ready: r.status.conditions?.find((c) => c.type === "Ready")?.status, requeueAfterSeconds: r.requeueAfterSeconds },
            expected,
            {
              ko: `${about}: 프로브는 시작 뒤 initialDelaySeconds에 처음 돌고 periodSeconds마다 돈다. successThreshold번 연속 성공해야 ready다`,
              en: `${about}: the probe first runs initialDelaySeconds after the start, then every periodSeconds; ready after successThreshold successes in a row`,
            },
            given,
          );
        }
      },
    },
    {
      id: "liveness-probe",
      name: { ko: "활성 프로브: failureThreshold번 실패하면 Unhealthy로 죽이고 정책대로 재시작한다", en: "liveness probe: after failureThreshold failures, kill as Unhealthy and restart per policy" },
      run(ctx) {
        const p = (policy: string) => pod("web", [nginx("web", { livenessProbe: { httpGet: { path: "/healthz", port: 80 }, periodSeconds: 10, failureThreshold: 3 } })], { restartPolicy: policy });
        const sick = [running("web", 0, 1 * S, { live: false, unhealthySince: 21 * S })];
        const killed = [exited("web", 0, 1 * S, 41 * S, 137)];
        const cases: [string, KubeletView, object][] = [
          ["30 s: two failed probes (21 s, ...)", view(p("Always"), sick, 30 * S), { actions: [], requeueAfterSeconds: 11 }],
          ["41 s: the third failed probe", view(p("Always"), sick, 41 * S), { actions: [{ type: "killContainer", container: "web", reason: "Unhealthy" }] }],
          ["41 s: killed (137), Always", view(p("Always"), killed, 41 * S), { actions: [{ type: "startContainer", container: "web" }], phase: "Running" }],
          ["41 s: killed (137), Never", view(p("Never"), killed, 41 * S), { actions: [], phase: "Failed" }],
        ];
        for (const [about, given, expected] of cases) {
          const r = sync(ctx, given);
          const got: Record<string, unknown> = { actions: r.actions };
          if ("requeueAfterSeconds" in expected) got["requeueAfterSeconds"] = r.requeueAfterSeconds;
          if ("phase" in expected) got["phase"] = r.status.phase;
          ctx.expectEqual(got, expected, {
            ko: `${about}: 프로브는 10초마다 돈다. 3번 연속 실패하면 죽이고, 종료 코드 137은 재시작 정책대로 다룬다`,
            en: `${about}: the probe runs every 10 s; three failures in a row kill the container, and its exit 137 is handled per restartPolicy`,
          }, given);
        }
      },
    },
    {
      id: "conditions",
      name: { ko: "컨디션과 이유: PodCompleted, PodFailed, 바뀔 때만 lastTransitionTime", en: "conditions and reasons: PodCompleted, PodFailed, lastTransitionTime only on a change" },
      run(ctx) {
        const job = (policy: string, code: number) => view(pod("job", [{ name: "job", image: "busybox:1.36" }], { restartPolicy: policy }), [exited("job", 0, 1 * S, 3 * S, code)], 3 * S);
        const done = job("OnFailure", 0);
        ctx.expectEqual(conditionsOf(sync(ctx, done)), [
          { type: "PodReadyToStartContainers", status: "False" },
          { type: "Initialized", status: "True", reason: "PodCompleted" },
          { type: "Ready", status: "False", reason: "PodCompleted" },
          { type: "ContainersReady", status: "False", reason: "PodCompleted" },
          { type: "PodScheduled", status: "True" },
        ], { ko: "Succeeded 파드의 컨디션", en: "the conditions of a Succeeded pod" }, done);
        const failed = job("Never", 1);
        ctx.expectEqual(conditionsOf(sync(ctx, failed)), [
          { type: "PodReadyToStartContainers", status: "False" },
          { type: "Initialized", status: "True" },
          { type: "Ready", status: "False", reason: "PodFailed" },
          { type: "ContainersReady", status: "False", reason: "PodFailed" },
          { type: "PodScheduled", status: "True" },
        ], { ko: "Failed 파드의 컨디션", en: "the conditions of a Failed pod" }, failed);
        const before: PodStatus = {
          phase: "Running",
          conditions: [
            { type: "PodReadyToStartContainers", status: "True", lastTransitionTime: T(0) },
            { type: "Initialized", status: "True", lastTransitionTime: T(0) },
            { type: "Ready", status: "True", lastTransitionTime: T(2 * S) },
            { type: "ContainersReady", status: "True", lastTransitionTime: T(2 * S) },
            { type: "PodScheduled", status: "True", lastTransitionTime: T(-S) },
            { type: "DisruptionTarget", status: "False", lastTransitionTime: T(-S) },
          ],
          startTime: T(0),
          qosClass: "BestEffort",
        };
        const two = (webReady: boolean) =>
          view(pod("two", [nginx("web", { readinessProbe: { httpGet: { path: "/", port: 80 } } }), nginx("api")], {}, before), [
            running("web", 0, 1 * S, webReady ? {} : { ready: false, readySince: undefined }),
            running("api", 0, 1 * S),
          ], 60 * S);
        const same = two(true);
        ctx.expectEqual(sync(ctx, same).status.conditions, [
          { type: "DisruptionTarget", status: "False", lastTransitionTime: T(-S) },
          ...before.conditions!.slice(0, 5),
        ], { ko: "상태가 그대로인 컨디션은 lastTransitionTime을 지키고, kubelet의 것이 아닌 컨디션은 앞에 그대로 둔다", en: "unchanged conditions keep their lastTransitionTime; conditions that are not the kubelet's stay, first" }, same);
        const changed = two(false);
        ctx.expectEqual(conditionsOf(sync(ctx, changed)).slice(3, 5), [
          { type: "Ready", status: "False", reason: "ContainersNotReady", message: "containers with unready status: [web]" },
          { type: "ContainersReady", status: "False", reason: "ContainersNotReady", message: "containers with unready status: [web]" },
        ], { ko: "준비되지 않은 컨테이너의 이름이 메시지에 나온다", en: "the message names the unready containers" }, changed);
        ctx.expectEqual(sync(ctx, changed).status.conditions?.find((c) => c.type === "Ready")?.lastTransitionTime, T(60 * S), {
          ko: "바뀐 컨디션의 lastTransitionTime은 지금이다",
          en: "a condition that changed gets lastTransitionTime now",
        }, changed);
      },
    },
    {
      id: "init-containers",
      name: { ko: "초기화 컨테이너: 하나씩 차례로 끝까지, 그다음 앱 컨테이너", en: "init containers: one at a time, in order, to completion, then the app containers" },
      run(ctx) {
        const inits: Container[] = [
          { name: "init-a", image: "busybox:1.36", command: ["sh", "-c", "sleep 2"] },
          { name: "init-b", image: "busybox:1.36", command: ["sh", "-c", "sleep 2"] },
        ];
        const p = (policy = "Always") => pod("init", [nginx("web")], { initContainers: inits, restartPolicy: policy });
        const fresh = view(p(), [], 0);
        const r0 = sync(ctx, fresh);
        ctx.expectEqual(
          { actions: r0.actions, phase: r0.status.phase, initialized: conditionsOf(r0)[1], init: r0.status.initContainerStatuses?.map((s) => s.state), app: stateOf(r0, "web") },
          {
            actions: [{ type: "startContainer", container: "init-a" }],
            phase: "Pending",
            initialized: { type: "Initialized", status: "False", reason: "ContainersNotInitialized", message: "containers with incomplete status: [init-a init-b]" },
            init: [{ waiting: { reason: "PodInitializing" } }, { waiting: { reason: "PodInitializing" } }],
            app: { waiting: { reason: "PodInitializing" } },
          },
          { ko: "첫 초기화 컨테이너만 시작한다", en: "only the first init container starts" },
          fresh,
        );
        const aDone = exited("init-a", 0, 1 * S, 3 * S, 0, { image: "busybox:1.36" });
        const bDone = exited("init-b", 0, 3 * S, 5 * S, 0, { image: "busybox:1.36" });
        const second = view(p(), [aDone], 3 * S);
        const r1 = sync(ctx, second);
        ctx.expectEqual({ actions: r1.actions, a: r1.status.initContainerStatuses?.[0]?.ready }, { actions: [{ type: "startContainer", container: "init-b" }], a: true }, {
          ko: "init-a가 성공했으니 init-b를 시작한다(끝난 초기화 컨테이너는 ready다)",
          en: "init-a succeeded, so init-b starts (a finished init container is ready)",
        }, second);
        const apps = view(p(), [aDone, bDone], 5 * S);
        const r2 = sync(ctx, apps);
        ctx.expectEqual({ actions: r2.actions, initialized: conditionsOf(r2)[1] }, { actions: [{ type: "startContainer", container: "web" }], initialized: { type: "Initialized", status: "True" } }, {
          ko: "초기화 컨테이너가 모두 성공했으니 앱 컨테이너를 시작한다",
          en: "every init container succeeded, so the app container starts",
        }, apps);
        const aFailed = [exited("init-a", 0, 1 * S, 3 * S, 1, { image: "busybox:1.36" })];
        for (const [policy, expected] of [
          ["Always", { actions: [{ type: "startContainer", container: "init-a" }], phase: "Pending" }],
          ["Never", { actions: [], phase: "Failed" }],
        ] as const) {
          const given = view(p(policy), aFailed, 3 * S);
          const r = sync(ctx, given);
          ctx.expectEqual({ actions: r.actions, phase: r.status.phase }, expected, {
            ko: `실패한 초기화 컨테이너, ${policy}: Never면 파드가 Failed, 아니면 다시 시작한다`,
            en: `a failed init container, ${policy}: with Never the pod fails, otherwise it runs again`,
          }, given);
        }
      },
    },
    {
      id: "graceful-termination",
      name: { ko: "정상 종료: deletionTimestamp가 있으면 모두 멈추고 아무것도 시작하지 않는다", en: "graceful termination: with a deletionTimestamp, stop everything and start nothing" },
      run(ctx) {
        const p = pod("web", [nginx("web"), crash()]);
        const deleting: Pod = { ...p, metadata: { ...p.metadata, deletionTimestamp: T(60 * S) } };
        const runs = [running("web", 0, 1 * S), ...crashRuns(3)];
        const given = view(deleting, runs, 60 * S);
        ctx.expectEqual(sync(ctx, given).actions, [{ type: "killContainer", container: "web", reason: "Killing" }], {
          ko: "실행 중인 web만 죽이고, 백오프 중인 app은 다시 시작하지 않는다",
          en: "kill the running web; do not restart app from its backoff",
        }, given);
        const stopped = view(deleting, [exited("web", 0, 1 * S, 60 * S, 0)], 60 * S);
        const single: Pod = { ...deleting, spec: { ...deleting.spec!, containers: [nginx("web")] } };
        const after = { ...stopped, pod: single };
        const r = sync(ctx, after);
        ctx.expectEqual({ actions: r.actions, phase: r.status.phase, sandbox: conditionsOf(r)[0] }, { actions: [], phase: "Succeeded", sandbox: { type: "PodReadyToStartContainers", status: "False" } }, {
          ko: "모든 컨테이너가 0으로 멈췄으니 할 일은 없고 파드는 Succeeded다",
          en: "every container stopped with 0: nothing to do, and the pod is Succeeded",
        }, after);
      },
    },
    {
      id: "same-as-reference",
      name: { ko: "무작위 파드와 런타임 타임라인에서 참조 구현과 같은 결과", en: "random pods and runtime timelines give the reference's results" },
      async run(ctx) {
        await ctx.forAll(
          randomPod,
          ({ restartPolicy, containers, init, extra, deleteAt }) => {
            const p = pod("rand", containers.filter((c): c is Container => c !== undefined), { restartPolicy, ...(init ? { initContainers: [init] } : {}) });
            for (const { view: v, result } of drive((x) => ctx.ref.syncPod(x), p, 1500 * S, extra, deleteAt)) {
              ctx.expectEqual(ctx.impl.syncPod(v), result, { ko: "이 동기화에서 참조 구현과 결과가 달라졌다", en: "this sync differs from the reference's" }, v);
            }
          },
          { numRuns: 60 },
        );
      },
    },
    inClusterCheck<Impl>({
      name: { ko: "내 kubelet이 클러스터의 노드에서 충돌하는 컨테이너를 upstream의 백오프대로 재시작한다", en: "your kubelet restarts a crashing container on a cluster node with upstream's back-off" },
      scenario: "crashloop.yaml",
      lesson: "lesson-5",
      swap: (impl, ref) => ({ ...ref, kubelet: (view) => impl.syncPod(view as never) as never }),
    }),
  ],
});
