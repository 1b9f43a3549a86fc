/**
 * A fake container runtime (what the CRI would reach: containerd, CRI-O), one per node. Containers do not run; each
 * has a timeline decided when it starts, from a small catalogue of images with documented behaviour, and its state
 * at any virtual time is read off that timeline. The kubelet asks for states, starts and kills containers.
 *
 * Image catalogue:
 * - `nginx:*` and any image not listed: pulled in 1 s (0 s once on the node), runs forever, ready when running, or
 *   after `readinessProbe.initialDelaySeconds` when the container has a readiness probe.
 * - `busybox*`: runs its command; `sleep N` in command/args exits 0 after N s, anything else exits 0 after 1 s.
 * - `kube-workbook/crash:<code>`: exits with that code 2 s after it starts.
 * - `kube-workbook/slow-pull`: pulling takes 30 s, then as nginx.
 * - `kube-workbook/unready`: runs, never passes its readiness probe.
 * - `kube-workbook/liveness-fail`: runs, fails its liveness probe 20 s after it starts.
 * - `no-such-image:*`, `kube-workbook/missing`: the pull fails after 1 s (image not found).
 * Killing a container stops it at once: exit 0 (`Completed`) for a graceful stop, 137 (`Error`) after a failed
 * liveness probe.
 */
import type { Container } from "#kube";

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
  /** Passing its readiness probe (true while running when it has none). */
  ready: boolean;
  /** Passing its liveness probe. */
  live: boolean;
  /** Since when it has passed its readiness probe (while ready): probes count consecutive results from here. */
  readySince?: number;
  /** Since when it has failed its liveness probe (while not live). */
  unhealthySince?: number;
}

export type RuntimeAction =
  /** Pull the image if needed, create and start the container (a new attempt). */
  | { type: "startContainer"; container: string }
  /** Stop a running (or pulling) container. */
  | { type: "killContainer"; container: string; reason?: "Killing" | "Unhealthy" };

interface Timeline {
  id: string;
  name: string;
  image: string;
  attempt: number;
  createdAt: number;
  pulledAt: number;
  pullError?: string;
  exitAt?: number;
  exitCode?: number;
  readyAt?: number;
  livenessFailAt?: number;
  killedAt?: number;
  killExit?: number;
}

export class FakeRuntime {
  #pods = new Map<string, Timeline[]>();
  #pulled = new Set<string>();

  constructor(private readonly hex: (n: number) => string) {}

  /** Every attempt of every container of the pod, oldest first, as they are at `now`. */
  containers(podUid: string, now: number): RuntimeContainer[] {
    return (this.#pods.get(podUid) ?? []).map((t) => stateAt(t, now));
  }

  /** Whether starting this container now uses an image already on the node (kubelet then skips the pull). */
  hasImage(spec: Readonly<Container>): boolean {
    return this.#pulled.has(spec.image ?? "") && (spec.imagePullPolicy ?? "IfNotPresent") !== "Always";
  }

  start(podUid: string, spec: Readonly<Container>, now: number): void {
    const list = this.#pods.get(podUid) ?? [];
    this.#pods.set(podUid, list);
    const attempt = list.filter((t) => t.name === spec.name && !t.pullError).length;
    const image = spec.image ?? "";
    const behaviour = imageBehaviour(image, spec);
    const cached = this.#pulled.has(image) && (spec.imagePullPolicy ?? "IfNotPresent") !== "Always";
    const pulledAt = now + (cached && !behaviour.pullError ? 0 : behaviour.pullMs);
    if (!behaviour.pullError) this.#pulled.add(image);
    const t: Timeline = { id: `containerd://${this.hex(64)}`, name: spec.name, image, attempt, createdAt: now, pulledAt };
    if (behaviour.pullError) t.pullError = behaviour.pullError;
    if (behaviour.runMs !== undefined) [t.exitAt, t.exitCode] = [pulledAt + behaviour.runMs, behaviour.exitCode ?? 0];
    if (behaviour.readyAfterMs !== undefined) t.readyAt = pulledAt + behaviour.readyAfterMs;
    if (behaviour.livenessFailMs !== undefined) t.livenessFailAt = pulledAt + behaviour.livenessFailMs;
    list.push(t);
  }

  kill(podUid: string, name: string, now: number, reason: "Killing" | "Unhealthy" = "Killing"): void {
    for (const t of this.#pods.get(podUid) ?? []) {
      const s = stateAt(t, now);
      if (t.name === name && (s.state === "running" || s.state === "pulling")) {
        t.killedAt = now;
        t.killExit = reason === "Unhealthy" ? 137 : 0;
      }
    }
  }

  /** The crashContainer fault: the running container exits with `exitCode` now. */
  crash(podUid: string, name: string, now: number, exitCode = 1): boolean {
    const t = (this.#pods.get(podUid) ?? []).filter((c) => c.name === name).at(-1);
    if (!t || stateAt(t, now).state !== "running") return false;
    [t.killedAt, t.killExit] = [now, exitCode];
    return true;
  }

  /** Forgets the pod's containers (the sandbox is removed). */
  remove(podUid: string): void {
    this.#pods.delete(podUid);
  }

  /** The next time after `now` at which a container of the pod changes by itself. */
  nextChangeAt(podUid: string, now: number): number | undefined {
    const times = (this.#pods.get(podUid) ?? [])
      .filter((t) => t.killedAt === undefined)
      .flatMap((t) => [t.pulledAt, t.exitAt, t.readyAt, t.livenessFailAt])
      .filter((x): x is number => x !== undefined && x > now);
    return times.length ? Math.min(...times) : undefined;
  }

  /** Deterministic log lines of a container's latest (or given) attempt, as `kubectl logs` would print them. */
  logs(podUid: string, name: string, now: number, attempt?: number): string[] {
    const list = (this.#pods.get(podUid) ?? []).filter((t) => t.name === name && !t.pullError);
    const t = attempt === undefined ? list.at(-1) : list.find((c) => c.attempt === attempt);
    if (!t || now < t.pulledAt) return [];
    const lines = logLines(t.image);
    const s = stateAt(t, now);
    if (s.state === "exited" && t.image.startsWith("kube-workbook/crash")) lines.push(`exiting with code ${s.exitCode}`);
    return lines;
  }
}

function stateAt(t: Timeline, now: number): RuntimeContainer {
  const base = { id: t.id, name: t.name, image: t.image, attempt: t.attempt, createdAt: t.createdAt };
  if (t.pullError) {
    if (now < t.pulledAt && t.killedAt === undefined) return { ...base, state: "pulling", ready: false, live: true };
    return { ...base, state: "pullFailed", finishedAt: Math.min(t.pulledAt, t.killedAt ?? Infinity), reason: "ErrImagePull", message: t.pullError, ready: false, live: true };
  }
  const stopAt = Math.min(t.killedAt ?? Infinity, t.exitAt ?? Infinity);
  if (t.killedAt !== undefined && t.killedAt < t.pulledAt) {
    return { ...base, state: "exited", finishedAt: t.killedAt, exitCode: t.killExit ?? 0, reason: "ContainerCannotRun", ready: false, live: true };
  }
  if (now < t.pulledAt) return { ...base, state: "pulling", ready: false, live: true };
  if (now >= stopAt) {
    const exitCode = t.killedAt !== undefined && t.killedAt <= (t.exitAt ?? Infinity) ? (t.killExit ?? 0) : (t.exitCode ?? 0);
    return { ...base, state: "exited", startedAt: t.pulledAt, finishedAt: stopAt, exitCode, reason: exitCode === 0 ? "Completed" : "Error", ready: false, live: true };
  }
  const ready = t.readyAt !== undefined && now >= t.readyAt;
  const live = t.livenessFailAt === undefined || now < t.livenessFailAt;
  return {
    ...base,
    state: "running",
    startedAt: t.pulledAt,
    ready,
    live,
    ...(ready ? { readySince: t.readyAt } : {}),
    ...(live ? {} : { unhealthySince: t.livenessFailAt }),
  };
}

interface Behaviour {
  pullMs: number;
  pullError?: string;
  runMs?: number;
  exitCode?: number;
  readyAfterMs?: number;
  livenessFailMs?: number;
}

/** What an image does, from the catalogue in the header. */
export function imageBehaviour(image: string, spec: Readonly<Container>): Behaviour {
  const repo = image.replace(/[:@].*$/, "");
  const readyAfterMs = (spec.readinessProbe?.initialDelaySeconds ?? 0) * 1000;
  if (repo === "no-such-image" || repo === "kube-workbook/missing") {
    return { pullMs: 1000, pullError: `rpc error: code = NotFound desc = failed to pull and unpack image "${image}": not found` };
  }
  if (repo === "kube-workbook/crash") return { pullMs: 1000, runMs: 2000, exitCode: Number(/:(\d+)$/.exec(image)?.[1] ?? 1), readyAfterMs };
  if (repo === "kube-workbook/slow-pull") return { pullMs: 30_000, readyAfterMs };
  if (repo === "kube-workbook/unready") return { pullMs: 1000 };
  if (repo === "kube-workbook/liveness-fail") return { pullMs: 1000, readyAfterMs, livenessFailMs: 20_000 };
  if (repo === "busybox" || repo.endsWith("/busybox")) {
    const words = [...(spec.command ?? []), ...(spec.args ?? [])].join(" ");
    const sleep = /sleep\s+(\d+(?:\.\d+)?)/.exec(words);
    return { pullMs: 1000, runMs: sleep ? Number(sleep[1]) * 1000 : 1000, exitCode: 0, readyAfterMs };
  }
  return { pullMs: 1000, readyAfterMs };
}

function logLines(image: string): string[] {
  const repo = image.replace(/[:@].*$/, "");
  if (repo === "nginx" || repo.endsWith("/nginx")) {
    return [
      "/docker-entrypoint.sh: Configuration complete; ready for start up",
      "nginx: [notice] using the \"epoll\" event method",
      "nginx: [notice] start worker processes",
    ];
  }
  if (repo === "kube-workbook/crash") return ["starting", "something went wrong"];
  return [`${repo}: started`];
}
