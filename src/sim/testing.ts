/**
 * Helpers for the simulator's tests: a cluster of the reference components on `node-1` ... `node-N`, and a pod
 * already bound to a node (so no scheduler is involved).
 */
import type { KubeObject } from "#kube";
import { Cluster } from "./cluster.ts";
import { loadComponents } from "./slots.ts";

/** A cluster of the reference components with `nodes` default nodes, seed 1. */
export async function referenceCluster(nodes: number): Promise<Cluster> {
  const { components } = await loadComponents();
  return Cluster.create({ components, seed: 1, nodes: Array.from({ length: nodes }, (_, i) => ({ name: `node-${i + 1}` })) });
}

/** A pod in `default` bound to `node`, with a 5 s grace period and, when given, its own tolerations. */
export const boundPod = (name: string, node: string, tolerations?: unknown[]): KubeObject => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name, namespace: "default" },
  spec: { nodeName: node, terminationGracePeriodSeconds: 5, containers: [{ name: "c", image: "nginx:1.27" }], ...(tolerations ? { tolerations } : {}) },
});
