import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Ajv } from "ajv";
import { beforeAll, describe, expect, it } from "vitest";
import type { KubeObject } from "#kube";
import { paths } from "../workbook/paths.ts";
import { Cluster } from "./cluster.ts";
import type { Components } from "./components.ts";
import { loadScenario, runScenario } from "./scenario.ts";
import { loadComponents } from "./slots.ts";
import traceSchema from "./trace.schema.json" with { type: "json" };

let components: Components;
beforeAll(async () => {
  ({ components } = await loadComponents());
});

const scenario = (name: string) => loadScenario(join(paths.root, "scenarios", name));

const web = (replicas = 3): KubeObject => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "web", namespace: "default" },
  spec: {
    replicas,
    selector: { matchLabels: { app: "web" } },
    template: { metadata: { labels: { app: "web" } }, spec: { terminationGracePeriodSeconds: 5, containers: [{ name: "web", image: "nginx:1.27" }] } },
  },
});

async function clusterWith(objects: KubeObject[], seed = 1): Promise<Cluster> {
  const cluster = await Cluster.create({ components, seed, nodes: [{ name: "node-1" }, { name: "node-2" }] });
  await cluster.apply(objects);
  await cluster.runFor(20_000);
  return cluster;
}

const names = (cluster: Cluster, resource: "pods" | "replicasets" | "deployments" | "namespaces" | "events", ns?: string) =>
  cluster.ctx.informers[resource].list(ns).map((o) => o.metadata.name);

describe("determinism", () => {
  it("gives the same trace, byte for byte, for the same seed, and another for another seed", async () => {
    const run = async (seed: number) => (await runScenario(scenario("scale.yaml"), components, { seed })).cluster.trace.toJsonLines();
    const [a, b, c] = [await run(7), await run(7), await run(8)];
    expect(a).toBe(b);
    expect(a).not.toBe(c);
  });

  it("writes trace lines that the trace schema accepts", async () => {
    const { cluster } = await runScenario(scenario("web-deployment.yaml"), components);
    const validate = new Ajv().compile(traceSchema);
    for (const entry of cluster.trace.entries) expect(validate(entry), JSON.stringify(validate.errors)).toBe(true);
    expect(cluster.trace.toText()).toMatch(/^T=0\.000s default-scheduler bound pod default\/web-\w+-\w{5} -> node-\d/m);
  });
});

describe("example scenarios", () => {
  const files = readdirSync(join(paths.root, "scenarios")).filter((f) => f.endsWith(".yaml"));
  it.each(files)("%s meets its expectations with the reference components", async (file) => {
    const { failures } = await runScenario(scenario(file), components);
    expect(failures).toEqual([]);
  });
});

describe("scenario schema", () => {
  it("rejects a bad file with file:line:column and the JSON path", () => {
    const dir = mkdtempSync(join(tmpdir(), "sim-"));
    const file = join(dir, "bad.yaml");
    writeFileSync(file, "seed: 1\nnodes:\n  - name: node-1\n    capasity: { cpu: '2' }\n");
    expect(() => loadScenario(file)).toThrow(/bad\.yaml:4:15: \$\.nodes\[0\]\.capasity: unknown key "capasity"/);
  });
});

describe("garbage collection", () => {
  it("deletes a Deployment's ReplicaSets and pods after it (Background)", async () => {
    const cluster = await clusterWith([web()]);
    expect(names(cluster, "pods", "default")).toHaveLength(3);
    await cluster.api.delete("deployments", "default", "web", { propagationPolicy: "Background" });
    await cluster.runFor(30_000);
    expect(names(cluster, "deployments", "default")).toEqual([]);
    expect(names(cluster, "replicasets", "default")).toEqual([]);
    expect(names(cluster, "pods", "default")).toEqual([]);
  });

  it("keeps the Deployment until its dependents are gone (Foreground)", async () => {
    const cluster = await clusterWith([web()]);
    await cluster.api.delete("deployments", "default", "web", { propagationPolicy: "Foreground" });
    await cluster.runFor(30_000);
    const entries = cluster.trace.entries;
    const released = entries.findIndex((e) => e.kind === "Deployment" && e.message === "removed finalizer foregroundDeletion");
    const lastPodGone = entries.findLastIndex((e) => e.kind === "Pod" && e.verb === "deleted" && e.component.startsWith("kubelet/"));
    expect(released).toBeGreaterThan(lastPodGone);
    expect(lastPodGone).toBeGreaterThan(0);
    expect(names(cluster, "deployments", "default")).toEqual([]);
    expect(names(cluster, "replicasets", "default")).toEqual([]);
    expect(names(cluster, "pods", "default")).toEqual([]);
  });

  it("orphans the ReplicaSet and its pods when asked (Orphan)", async () => {
    const cluster = await clusterWith([web()]);
    await cluster.api.delete("deployments", "default", "web", { propagationPolicy: "Orphan" });
    await cluster.runFor(30_000);
    expect(names(cluster, "deployments", "default")).toEqual([]);
    const [rs] = cluster.ctx.informers.replicasets.list("default");
    expect(rs?.metadata.ownerReferences).toBeUndefined();
    expect(names(cluster, "pods", "default")).toHaveLength(3);
  });
});

describe("conflicts", () => {
  it("requeues a controller whose write meets a 409 and then succeeds", async () => {
    const { components: real } = await loadComponents();
    let injected = 0;
    const withConflict: Components = {
      ...real,
      apiserver: (options) => {
        const api = real.apiserver(options);
        const updateStatus = api.updateStatus.bind(api);
        api.updateStatus = (async (resource: string, obj: KubeObject) => {
          if (resource === "replicasets" && injected++ === 0) {
            const live = await api.get<KubeObject>(resource, obj.metadata.namespace, obj.metadata.name!);
            await api.update(resource, { ...live, metadata: { ...live.metadata, annotations: { ...live.metadata.annotations, touched: "yes" } } });
          }
          return updateStatus(resource, obj);
        }) as typeof api.updateStatus;
        return api;
      },
    };
    const cluster = await Cluster.create({ components: withConflict, seed: 1, nodes: [{ name: "node-1" }] });
    await cluster.apply([web()]);
    await cluster.runFor(20_000);
    expect(cluster.trace.entries.some((e) => e.verb === "conflict" && e.component === "replicaset-controller")).toBe(true);
    const [rs] = cluster.ctx.informers.replicasets.list("default");
    expect((rs?.status as { readyReplicas?: number }).readyReplicas).toBe(3);
  });
});

describe("namespaces", () => {
  it("starts with default, kube-node-lease, kube-public and kube-system", async () => {
    const cluster = await clusterWith([]);
    expect(names(cluster, "namespaces")).toEqual(["default", "kube-node-lease", "kube-public", "kube-system"]);
  });

  it("deletes what is in a namespace, then the namespace", async () => {
    const ns: KubeObject = { apiVersion: "v1", kind: "Namespace", metadata: { name: "shop" }, spec: { finalizers: ["kubernetes"] } };
    const cluster = await clusterWith([ns, { ...web(2), metadata: { name: "web", namespace: "shop" } }]);
    expect(names(cluster, "pods", "shop")).toHaveLength(2);
    await cluster.api.delete("namespaces", undefined, "shop");
    await cluster.runFor(60_000);
    expect(names(cluster, "pods", "shop")).toEqual([]);
    expect(names(cluster, "deployments", "shop")).toEqual([]);
    expect(names(cluster, "namespaces")).not.toContain("shop");
  });
});
