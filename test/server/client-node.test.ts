/**
 * @kubernetes/client-node (the official JavaScript client) against the HTTP API server: list, read, create,
 * replace, the three patch types, delete, a raw Watch, and an informer that survives a compaction (its re-watch gets
 * a 410, it lists again and catches up).
 */
import { AppsV1Api, CoreV1Api, KubeConfig, PatchStrategy, Watch, makeInformer, setHeaderOptions, type V1ConfigMap, type V1Deployment } from "@kubernetes/client-node";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testCluster, waitFor, type TestCluster } from "./helpers.ts";

describe("@kubernetes/client-node against the API server", () => {
  let c: TestCluster;
  let core: CoreV1Api;
  let apps: AppsV1Api;
  let kc: KubeConfig;
  const requests: { method: string; url: string; code: number }[] = [];

  beforeAll(async () => {
    c = await testCluster({ nodes: 2, speed: 5, onRequest: (r) => requests.push(r) });
    kc = new KubeConfig();
    kc.loadFromFile(c.kubeconfigPath);
    core = kc.makeApiClient(CoreV1Api);
    apps = kc.makeApiClient(AppsV1Api);
  });
  afterAll(async () => {
    await c?.close();
  });

  const cm = (name: string, data: Record<string, string> = {}): V1ConfigMap => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name, labels: { app: "t" } }, data });

  it("creates, reads, lists, replaces and deletes", async () => {
    const created = await core.createNamespacedConfigMap({ namespace: "default", body: cm("one", { a: "1" }) });
    expect(created.metadata?.uid).toBeTruthy();
    const read = await core.readNamespacedConfigMap({ name: "one", namespace: "default" });
    expect(read.data).toEqual({ a: "1" });
    const list = await core.listNamespacedConfigMap({ namespace: "default", labelSelector: "app=t" });
    expect(list.items.map((i) => i.metadata?.name)).toEqual(["one"]);
    const replaced = await core.replaceNamespacedConfigMap({ name: "one", namespace: "default", body: { ...read, data: { a: "2" } } });
    expect(replaced.data).toEqual({ a: "2" });
    // A replace with the old resourceVersion is a conflict, surfaced as an ApiException with the Status in its body.
    const stale = await core.replaceNamespacedConfigMap({ name: "one", namespace: "default", body: { ...read, data: { a: "3" } } }).catch((e: unknown) => e);
    expect((stale as { code?: number }).code).toBe(409);
    expect(JSON.parse((stale as { body: string }).body)).toMatchObject({ kind: "Status", reason: "Conflict", code: 409 });
    await core.deleteNamespacedConfigMap({ name: "one", namespace: "default" });
    const missing = await core.readNamespacedConfigMap({ name: "one", namespace: "default" }).catch((e: unknown) => e);
    expect((missing as { code?: number }).code).toBe(404);
  });

  it("runs a cluster that writes its trace as JSON lines while it goes, for the pages' timeline", async () => {
    await core.createNamespacedPod({ namespace: "default", body: { metadata: { name: "traced" }, spec: { containers: [{ name: "c", image: "nginx:1.27" }] } } });
    const boundLine = () =>
      readFileSync(join(c.dir, "cluster-trace.jsonl"), "utf8")
        .split("\n")
        .filter(Boolean)
        .map((line) => JSON.parse(line) as { verb: string; name?: string; node?: string })
        .find((e) => e.verb === "bound" && e.name === "traced");
    const bound = await waitFor("the binding in the trace file", boundLine);
    expect(bound.node).toMatch(/^node-[12]$/);
    await core.deleteNamespacedPod({ name: "traced", namespace: "default" });
  });

  it("patches with JSON patch, merge patch and strategic merge patch", async () => {
    await core.createNamespacedConfigMap({ namespace: "default", body: cm("patched", { a: "1", b: "2" }) });
    const json = await core.patchNamespacedConfigMap(
      { name: "patched", namespace: "default", body: [{ op: "replace", path: "/data/a", value: "10" }] },
      setHeaderOptions("Content-Type", PatchStrategy.JsonPatch),
    );
    expect(json.data).toEqual({ a: "10", b: "2" });
    const merge = await core.patchNamespacedConfigMap({ name: "patched", namespace: "default", body: { data: { b: null, c: "3" } } }, setHeaderOptions("Content-Type", PatchStrategy.MergePatch));
    expect(merge.data).toEqual({ a: "10", c: "3" });

    const deployment: V1Deployment = {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "smp" },
      spec: {
        replicas: 0,
        selector: { matchLabels: { app: "smp" } },
        template: { metadata: { labels: { app: "smp" } }, spec: { containers: [{ name: "a", image: "nginx:1.26" }, { name: "b", image: "busybox" }] } },
      },
    };
    await apps.createNamespacedDeployment({ namespace: "default", body: deployment });
    // Lists of containers merge by name: only "b" changes, "a" stays.
    const smp = await apps.patchNamespacedDeployment(
      { name: "smp", namespace: "default", body: { spec: { template: { spec: { containers: [{ name: "b", image: "busybox:1.36" }] } } } } },
      setHeaderOptions("Content-Type", PatchStrategy.StrategicMergePatch),
    );
    expect(smp.spec?.template.spec?.containers.map((x) => `${x.name}=${x.image}`)).toEqual(["a=nginx:1.26", "b=busybox:1.36"]);
    // Server-side apply needs a fieldManager (400 without); with one, the applier owns what it sent.
    const bad = await apps
      .patchNamespacedDeployment({ name: "smp", namespace: "default", body: { spec: {} } }, setHeaderOptions("Content-Type", PatchStrategy.ServerSideApply))
      .catch((e: unknown) => e);
    expect((bad as { code?: number }).code).toBe(400);
    const intent = { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "smp" }, spec: { replicas: 2 } };
    // The creator (an Update manager named after the User-Agent) owns .spec.replicas: a conflict, unless forced.
    const conflict = await apps
      .patchNamespacedDeployment({ name: "smp", namespace: "default", fieldManager: "client-node", body: intent }, setHeaderOptions("Content-Type", PatchStrategy.ServerSideApply))
      .catch((e: unknown) => e);
    expect((conflict as { code?: number }).code).toBe(409);
    expect(String((conflict as { body?: unknown }).body)).toMatch(/Apply failed with 1 conflict: conflict with .*: \.spec\.replicas/);
    const applied = await apps.patchNamespacedDeployment(
      { name: "smp", namespace: "default", fieldManager: "client-node", force: true, body: intent },
      setHeaderOptions("Content-Type", PatchStrategy.ServerSideApply),
    );
    expect(applied.spec?.replicas).toBe(2);
    expect(applied.metadata?.managedFields?.find((e) => e.manager === "client-node")?.operation).toBe("Apply");
    await apps.deleteNamespacedDeployment({ name: "smp", namespace: "default" });
  });

  it("streams a watch, and ends one from a compacted resourceVersion with a 410 ERROR", async () => {
    const start = await core.listNamespacedConfigMap({ namespace: "default" });
    const seen: string[] = [];
    const watch = new Watch(kc);
    let finished!: () => void;
    const done = new Promise<void>((resolve) => (finished = resolve));
    const controller = await watch.watch(
      "/api/v1/namespaces/default/configmaps",
      { resourceVersion: start.metadata?.resourceVersion },
      (type, obj: V1ConfigMap) => seen.push(`${type} ${obj.metadata?.name}`),
      () => finished(),
    );
    await core.createNamespacedConfigMap({ namespace: "default", body: cm("watched") });
    await core.deleteNamespacedConfigMap({ name: "watched", namespace: "default" });
    await waitFor("ADDED and DELETED", () => seen.includes("ADDED watched") && seen.includes("DELETED watched"));
    expect(seen.filter((s) => s.endsWith(" watched"))).toEqual(["ADDED watched", "DELETED watched"]);
    controller.abort();
    await done;

    await c.storage.compact(await c.storage.currentRevision());
    const errors: unknown[] = [];
    await new Promise<void>((resolve) => {
      void watch.watch(
        "/api/v1/namespaces/default/configmaps",
        { resourceVersion: start.metadata?.resourceVersion },
        (type, obj) => type === "ERROR" && errors.push(obj),
        () => resolve(),
      );
    });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ kind: "Status", code: 410, reason: "Expired" });
  });

  it("keeps an informer in sync across a compaction: 410 on re-watch, relist, catch up", async () => {
    const path = "/api/v1/namespaces/default/configmaps";
    const informer = makeInformer(kc, path, () => core.listNamespacedConfigMap({ namespace: "default" }));
    const added: string[] = [];
    informer.on("add", (obj) => added.push(obj.metadata!.name!));
    informer.on("error", () => {});
    await informer.start();
    await core.createNamespacedConfigMap({ namespace: "default", body: cm("before") });
    await waitFor("the informer to see 'before'", () => added.includes("before"));
    const lists = () => requests.filter((r) => r.method === "GET" && r.url.startsWith(path) && !r.url.includes("watch=")).length;
    const listsBefore = lists();

    // End the informer's watch, and before it comes back, write twice and compact: its resourceVersion is gone.
    c.server.closeWatches();
    await c.cluster.api.create("configmaps", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "during-1" } }, "default");
    await c.cluster.api.create("configmaps", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "during-2" } }, "default");
    await c.storage.compact(await c.storage.currentRevision());

    await waitFor("the informer to relist and see both", () => added.includes("during-1") && added.includes("during-2"), 20_000);
    expect(lists()).toBeGreaterThan(listsBefore);
    expect(informer.list().map((o) => o.metadata?.name)).toEqual(expect.arrayContaining(["before", "during-1", "during-2"]));
    await core.createNamespacedConfigMap({ namespace: "default", body: cm("after") });
    await waitFor("the informer to watch again and see 'after'", () => added.includes("after"));
    await informer.stop();
  });
});
