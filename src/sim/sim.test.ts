import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { Ajv } from "ajv";
import { beforeAll, describe, expect, it } from "vitest";
import type { Deployment, KubeObject } from "#kube";
import { paths } from "../workbook/paths.ts";
import { Cluster } from "./cluster.ts";
import type { Components } from "./components.ts";
import { checkExpectation, rolloutState, type Expectation } from "./expect.ts";
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

describe("expectations that read the trace", () => {
  // Each scenario's own expectations hold (above); these say the same checks fail, with a readable message, when the
  // expected values are wrong, so a scenario cannot pass vacuously. Checked against the cluster at the end of the run.
  const runs = new Map<string, ReturnType<typeof runScenario>>();
  const runOnce = (file: string) => runs.get(file) ?? runs.set(file, runScenario(scenario(file), components)).get(file)!;
  it.each<[string, Expectation, RegExp]>([
    [
      "rolling-update.yaml",
      // maxUnavailable rounded up instead of down (1 instead of 0) would scale old down before new is available.
      { rollout: { deployment: "web", revision: 2, sequence: [[3, 1], [2, 1], [1, 1], [1, 2], [0, 2], [0, 3]] } },
      /the rollout of deployment default\/web to revision 2 went \(old,new\) \(3,1\) \(2,1\) \(2,2\) \(1,2\) \(1,3\) \(0,3\), expected \(3,1\) \(2,1\) \(1,1\) \(1,2\) \(0,2\) \(0,3\)$/,
    ],
    ["rolling-update.yaml", { rollout: { deployment: "web", revision: 3, sequence: [] } }, /no ReplicaSet of deployment default\/web has had revision 3$/],
    ["rolling-update.yaml", { deployment: { name: "web", revision: 1 } }, /deployment default\/web is at revision 2, expected 1$/],
    ["rolling-update.yaml", { deployment: { name: "web", history: [2] } }, /has ReplicaSets of revisions \[1, 2\], expected \[2\]$/],
    ["rolling-update.yaml", { deployment: { name: "web", rolloutStatus: "waiting" } }, /rollout status deployment\/web would say done \(deployment "web" successfully rolled out\), expected waiting$/],
    ["rolling-update.yaml", { replicaSet: { deployment: "web", revision: 1, replicas: 3 } }, /revision 1 \(web-\w+\) has spec.replicas 0, expected 3$/],
    ["rollback.yaml", { replicaSet: { deployment: "web", revision: 1 } }, /no ReplicaSet of deployment default\/web has revision 1 \(revisions: /],
    ["rollback.yaml", { pods: { owner: "Deployment/web", image: "nginx:1.27", count: 3 } }, /expected 3 pods matching .*found 0/],
    [
      "crashloop.yaml",
      // A constant 10 s backoff instead of doubling.
      { restarts: { pod: "crasher", container: "app", at: [3, 15, 27, 39] } },
      /pod default\/crasher was restarted at 3\.000s, 15\.000s, 37\.000s, 79\.000s, 161\.000s, 323\.000s, 625\.000s, 927\.000s, expected 3\.000s, 15\.000s, 27\.000s, 39\.000s$/,
    ],
    ["crashloop.yaml", { container: { pod: "crasher", state: "running" } }, /container app of pod default\/crasher is waiting \(CrashLoopBackOff: back-off 5m0s restarting/],
    ["crashloop.yaml", { container: { pod: "crasher", restartCount: 7 } }, /has restartCount 8, expected 7$/],
    ["node-failure.yaml", { node: { name: "node-1", ready: "True" } }, /node node-1 is Ready=Unknown \(NodeStatusUnknown\), expected Ready=True$/],
    ["node-failure.yaml", { node: { name: "node-1", taints: [] } }, /has taints \[node.kubernetes.io\/unreachable:NoExecute, node.kubernetes.io\/unreachable:NoSchedule\], expected \[\]$/],
    ["node-failure.yaml", { pods: { selector: "app=web", node: "node-1", terminating: false, count: 1 } }, /expected 1 pods matching .*found 0 \(pods: .*terminating/],
    ["node-recovery.yaml", { pods: { selector: "app=web", count: 4 } }, /expected 4 pods matching .*found 3 \(pods: /],
  ])("%s: a wrong %j fails", async (file, wrong, message) => {
    const { cluster, failures } = await runOnce(file);
    expect(failures).toEqual([]);
    expect(checkExpectation(cluster, wrong)).toMatch(message);
  });

  it("repeats a crash-looping container's BackOff Event at each backoff resync, folded into one with a count", async () => {
    const { cluster } = await runOnce("crashloop.yaml");
    const backoffs = cluster.ctx.informers.events.list("default").filter((e) => e.reason === "BackOff" && (e.involvedObject as { name: string }).name === "crasher");
    expect(backoffs).toHaveLength(1);
    const [e] = backoffs as unknown as { count: number; firstTimestamp: string; lastTimestamp: string }[];
    // Resynced every 10 to 15 s through the back-offs that add up to over 15 minutes.
    expect(e!.count).toBeGreaterThan(40);
    expect(Date.parse(e!.lastTimestamp) - Date.parse(e!.firstTimestamp)).toBeGreaterThan(600_000);
  });

  it("records a failed pull as upstream does: Failed with the reason, Error: ErrImagePull, then repeated back-offs", async () => {
    const cluster = await Cluster.create({ components, seed: 1, nodes: [{ name: "node-1" }] });
    await cluster.apply([{ apiVersion: "v1", kind: "Pod", metadata: { name: "nopull", namespace: "default" }, spec: { containers: [{ name: "c", image: "kube-workbook/missing" }] } }]);
    await cluster.runFor(120_000);
    const events = cluster.ctx.informers.events.list("default").filter((e) => (e.involvedObject as { name: string }).name === "nopull") as unknown as { reason: string; message: string; count: number }[];
    const count = (message: string) => events.find((e) => e.message === message)?.count ?? 0;
    expect(count("Error: ErrImagePull")).toBeGreaterThanOrEqual(1);
    expect(count("Error: ImagePullBackOff")).toBeGreaterThan(1);
    expect(count('Back-off pulling image "kube-workbook/missing"')).toBeGreaterThan(1);
  });

  it("judges kubectl rollout status as chapter 8's rolloutStatus does", async () => {
    const module = (await import(pathToFileURL(join(paths.root, "solutions/08-deployment/deployment-controller.ts")).href)) as {
      rolloutStatus: (d: Deployment) => { state: string; message: string };
    };
    const d = (generation: number, replicas: number, status: Deployment["status"]): Deployment => ({ metadata: { name: "web", generation }, spec: { replicas, selector: {}, template: {} }, status });
    const cases = [
      d(2, 3, { observedGeneration: 1, replicas: 3, updatedReplicas: 3, availableReplicas: 3 }),
      d(2, 3, { observedGeneration: 2, conditions: [{ type: "Progressing", status: "False", reason: "ProgressDeadlineExceeded" }] }),
      d(2, 3, { observedGeneration: 2, replicas: 4, updatedReplicas: 1, availableReplicas: 3 }),
      d(2, 3, { observedGeneration: 2, replicas: 4, updatedReplicas: 3, availableReplicas: 3 }),
      d(2, 3, { observedGeneration: 2, replicas: 3, updatedReplicas: 3, availableReplicas: 2 }),
      d(2, 3, { observedGeneration: 2, replicas: 3, updatedReplicas: 3, availableReplicas: 3 }),
    ];
    for (const c of cases) expect(rolloutState(c)).toEqual(module.rolloutStatus(c));
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
