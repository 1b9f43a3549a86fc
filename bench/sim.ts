/**
 * The simulator at scale: 1,000 nodes and 30,000 pods from Deployments, run in virtual time until every pod is
 * Running. Wall time and peak memory (resident set, sampled) of the whole cluster: store, API server, controllers,
 * scheduler and a kubelet per node, all reference components.
 */
import type { KubeObject } from "../src/kube/index.ts";
import { Cluster } from "../src/sim/cluster.ts";
import { loadComponents } from "../src/sim/slots.ts";

export interface SimBench {
  nodes: number;
  pods: number;
  running: number;
  virtualSeconds: number;
  wallMs: number;
  peakRssMiB: number;
}

const deployment = (name: string, replicas: number): KubeObject => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name, namespace: "default" },
  spec: {
    replicas,
    selector: { matchLabels: { app: name } },
    template: {
      metadata: { labels: { app: name } },
      spec: { containers: [{ name: "app", image: "nginx:1.27", resources: { requests: { cpu: "10m", memory: "16Mi" } } }] },
    },
  },
});

export async function benchSim({ nodes = 1000, pods = 30_000, perDeployment = 300 } = {}): Promise<SimBench> {
  let peak = process.memoryUsage.rss();
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 50);
  const started = performance.now();
  try {
    const { components } = await loadComponents();
    const cluster = await Cluster.create({ components, seed: 1, nodes: Array.from({ length: nodes }, (_, i) => ({ name: `node-${i + 1}` })) });
    const count = Math.ceil(pods / perDeployment);
    await cluster.apply(Array.from({ length: count }, (_, i) => deployment(`app-${i + 1}`, Math.min(perDeployment, pods - i * perDeployment))));
    let running = 0;
    let seconds = 0;
    while (seconds < 3600) {
      await cluster.runFor(10_000);
      seconds += 10;
      const items = (await cluster.api.list("pods", { fieldSelector: "status.phase=Running" })).items;
      running = items.length;
      peak = Math.max(peak, process.memoryUsage.rss());
      if (running >= pods) break;
    }
    return { nodes, pods, running, virtualSeconds: seconds, wallMs: performance.now() - started, peakRssMiB: Math.round(peak / 2 ** 20) };
  } finally {
    clearInterval(sampler);
  }
}
