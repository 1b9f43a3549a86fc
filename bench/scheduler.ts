/**
 * The scheduler benchmark: upstream's SchedulingBasic shape (test/integration/scheduler_perf/config/
 * performance-config.yaml, templates node-default.yaml and pod-default.yaml): 5,000 nodes of 4 cpu, 32Gi and 110
 * pods; 1,000 pods scheduled first and not timed (upstream's first createPods op, without collectMetrics); then
 * 10,000 pods of 100m / 500Mi scheduled one after another and timed. Each bound pod is added to its node's NodeInfo
 * before the next cycle, as the scheduler cache does when it assumes a pod, so the reference never re-reads a pod
 * list.
 *
 * Upstream's figure is pods per second scheduled by kube-scheduler against an API server; ours times only the
 * scheduling cycles (filter, score, select), the part this chapter implements.
 */
import type { Node, Pod } from "../src/kube/index.ts";
import { addPod, newSnapshot, schedule, type NodeInfo } from "../solutions/06-scheduler/schedule.ts";

export interface SchedulerBench {
  /** Pods scheduled per second of wall-clock time. */
  podsPerSecond: number;
  /** Wall-clock time for all measured pods, in milliseconds. */
  wallMs: number;
  /** How many pods were measured. */
  pods: number;
  /** How many of them found a node (all, in this shape). */
  scheduled: number;
}

export interface SchedulerBenchOptions {
  nodes?: number;
  initPods?: number;
  measurePods?: number;
}

const perfNode = (i: number): Node => ({
  apiVersion: "v1",
  kind: "Node",
  metadata: { name: `scheduler-perf-${String(i).padStart(5, "0")}` },
  spec: {},
  status: { capacity: { pods: "110", cpu: "4", memory: "32Gi" }, allocatable: { pods: "110", cpu: "4", memory: "32Gi" } },
});

const perfPod = (i: number, nodeName?: string): Pod => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: `pod-${i}`, namespace: "default" },
  spec: {
    ...(nodeName ? { nodeName } : {}),
    containers: [
      {
        name: "pause",
        image: "registry.k8s.io/pause:3.10",
        ports: [{ containerPort: 80 }],
        resources: { limits: { cpu: "100m", memory: "500Mi" }, requests: { cpu: "100m", memory: "500Mi" } },
      },
    ],
  },
});

/** A small deterministic generator (mulberry32), standing in for the simulator's seeded source in `pick`. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Runs SchedulingBasic with the reference `schedule` and returns its throughput.
 * @example const { podsPerSecond } = benchScheduler(); // > 10000 on two cores is the target
 */
export function benchScheduler(options: SchedulerBenchOptions = {}): SchedulerBench {
  const { nodes: nodeCount = 5000, initPods = 1000, measurePods = 10000 } = options;
  const nodes = Array.from({ length: nodeCount }, (_, i) => perfNode(i));
  const infos: NodeInfo[] = newSnapshot([], nodes);
  const indexOf = new Map(nodes.map((n, i) => [n.metadata!.name!, i]));
  const random = seeded(1);
  const pick = (best: string[]): string => best[Math.floor(random() * best.length)]!;
  let startIndex = 0;
  /** Schedules `pods` one after another, each assumed on its node before the next; returns how many found one. */
  const scheduleAll = (pods: readonly Pod[]): number => {
    let scheduled = 0;
    for (const pod of pods) {
      const result = schedule({ pod, nodeInfos: infos, startIndex, pick });
      startIndex = result.nextStartIndex;
      if (result.node === undefined) continue;
      const i = indexOf.get(result.node)!;
      infos[i] = addPod(infos[i]!, { ...pod, spec: { ...pod.spec!, nodeName: result.node } });
      scheduled++;
    }
    return scheduled;
  };

  scheduleAll(Array.from({ length: initPods }, (_, i) => perfPod(i)));
  const pods = Array.from({ length: measurePods }, (_, i) => perfPod(initPods + i));
  const started = performance.now();
  const scheduled = scheduleAll(pods);
  const wallMs = performance.now() - started;
  return { podsPerSecond: Math.round((measurePods / wallMs) * 1000), wallMs: Math.round(wallMs), pods: measurePods, scheduled };
}
