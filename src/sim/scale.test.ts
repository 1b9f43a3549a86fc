/**
 * The shortcuts the simulator takes at scale give components the same input as the plain way would: the scheduler
 * cache's NodeInfos are newSnapshot over every bound and assumed pod, the informer's lists and indices are what a
 * scan of the cache gives, and the controllers' views hold every pod their selectors match or they control.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { getControllerOf, labelSelectorMatches, type KubeObject, type Node, type Pod, type ReplicaSet } from "#kube";
import { keyOf } from "./api.ts";
import { Cluster } from "./cluster.ts";
import type { Components, NodeInfo } from "./components.ts";
import { loadComponents } from "./slots.ts";
import { podsForDeployment, podsForReplicaSet } from "./views.ts";

let components: Components;
beforeAll(async () => {
  ({ components } = await loadComponents());
});

const deployment = (name: string, replicas: number, image = "nginx:1.27"): KubeObject => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name, namespace: "default" },
  spec: {
    replicas,
    selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: "app", image, resources: { requests: { cpu: "100m", memory: "64Mi" } } }] } },
  },
});

/** Runs a busy cluster (scale up, roll out, scale down, crash loops, a dead node, deletions), calling `check` as it goes. */
async function busyCluster(check: (cluster: Cluster) => void, wrap?: (c: Components, cluster: () => Cluster) => Components): Promise<Cluster> {
  let cluster!: Cluster;
  const used = wrap ? wrap(components, () => cluster) : components;
  cluster = await Cluster.create({ components: used, seed: 3, nodes: Array.from({ length: 6 }, (_, i) => ({ name: `node-${i + 1}`, capacity: { cpu: "2", pods: 12 } })) });
  await cluster.apply([deployment("a", 20), deployment("b", 15), deployment("c", 4, "kube-workbook/crash:1")]);
  const steps: (() => Promise<void>)[] = [
    () => cluster.apply([deployment("a", 30, "nginx:1.28")]),
    () => cluster.apply([deployment("b", 5)]),
    async () => cluster.killNode("node-2"),
    async () => void (await cluster.api.delete("deployments", "default", "c", { propagationPolicy: "Foreground" })),
    () => cluster.apply([deployment("a", 8)]),
  ];
  for (const step of [async () => {}, ...steps]) {
    await step();
    for (let i = 0; i < 6; i++) {
      await cluster.runFor(5_000);
      check(cluster);
    }
  }
  expect(cluster.errors).toEqual([]);
  return cluster;
}

describe("the scheduler cache", () => {
  it("hands schedule the NodeInfos newSnapshot gives over every bound and assumed pod", async () => {
    let cycles = 0;
    await busyCluster(
      () => {},
      (c, cluster) => ({
        ...c,
        scheduler: {
          ...c.scheduler,
          schedule: (input) => {
            const { ctx, scheduler } = cluster();
            const pods = (ctx.informers.pods.list() as Pod[])
              .map((p) => {
                const node = scheduler.assumed.get(keyOf(p));
                return node && !p.spec?.nodeName ? ({ ...p, spec: { ...p.spec, nodeName: node } } as Pod) : p;
              })
              .filter((p) => p.spec?.nodeName && p.status?.phase !== "Succeeded" && p.status?.phase !== "Failed");
            const expected: NodeInfo[] = c.scheduler.newSnapshot(pods, ctx.informers.nodes.list() as Node[]);
            expect(input.nodeInfos).toEqual(expected);
            cycles++;
            return c.scheduler.schedule(input);
          },
        },
      }),
    );
    expect(cycles).toBeGreaterThan(60);
  });
});

describe("informer indices and controller views", () => {
  it("list and the views are what a scan of the cache gives", async () => {
    await busyCluster((cluster) => {
      const { pods, replicasets, deployments } = cluster.ctx.informers;
      const all = pods.list();
      const scan = [...all].sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : 1));
      expect(all.map(keyOf)).toEqual(scan.map(keyOf));
      expect(pods.list("default").map(keyOf)).toEqual(scan.filter((p) => p.metadata.namespace === "default").map(keyOf));
      const rsList = replicasets.list("default") as ReplicaSet[];
      for (const rs of rsList) {
        const owner = getControllerOf(rs);
        const siblings = rsList.filter((s) => owner && getControllerOf(s)?.uid === owner.uid);
        const needed = (all as Pod[]).filter(
          (p) => getControllerOf(p)?.uid === rs.metadata!.uid || [rs, ...siblings].some((s) => labelSelectorMatches(s.spec!.selector, p.metadata!.labels)),
        );
        expect(podsForReplicaSet(pods, rs, rsList).map(keyOf)).toEqual(needed.map(keyOf));
      }
      for (const d of deployments.list("default")) {
        const selector = (d.spec as { selector: never }).selector;
        const needed = all.filter((p) => labelSelectorMatches(selector, p.metadata.labels));
        expect(podsForDeployment(pods, "default", selector).map(keyOf)).toEqual(needed.map(keyOf));
      }
    });
  });
});
