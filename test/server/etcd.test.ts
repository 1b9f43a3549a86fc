/**
 * The same kubectl flow, shorter, with a real etcd 3.4 under the API server: etcd is started by the test on
 * loopback (src/kube/etcd-launcher.ts), stopped by its pid, and its data directory removed.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { KubeObject } from "#kube";
import { EtcdStorage } from "../../src/kube/etcd-storage.ts";
import { launchEtcd, type EtcdProcess } from "../../src/kube/etcd-launcher.ts";
import { requireTool } from "../../src/workbook/tools.ts";
import { NGINX_MANIFEST, testCluster, waitFor, type TestCluster } from "./helpers.ts";

const etcd = requireTool("etcd", "apt-get install etcd-server");
const kubectl = requireTool("kubectl", "see https://kubernetes.io/docs/tasks/tools/ (Debian: apt-get install kubernetes-client)", ["version", "--client"]);

describe.skipIf(!etcd || !kubectl)("kubectl against the simulated cluster on a real etcd", () => {
  let store: EtcdProcess | undefined;
  let c: TestCluster | undefined;

  beforeAll(async () => {
    store = await launchEtcd();
    c = await testCluster({ nodes: 2, speed: 20, etcd: store.url });
  });
  afterAll(async () => {
    await c?.close();
    await store?.stop();
  });

  it("applies, scales and deletes the nginx Deployment, with every object in etcd", async () => {
    const api = c!.cluster.api;
    expect(await c!.kubectl("apply", "-f", NGINX_MANIFEST)).toMatch(/created/);
    expect(await c!.kubectl("rollout", "status", "deployment/nginx-deployment", "--timeout=90s")).toMatch(/successfully rolled out/);
    await c!.kubectl("scale", "deployment/nginx-deployment", "--replicas=4");
    const running = async () => (await api.list<KubeObject & { status?: { phase?: string } }>("pods", { namespace: "default" })).items.filter((p) => p.status?.phase === "Running" && !p.metadata.deletionTimestamp);
    await waitFor("4 running pods", async () => (await running()).length === 4, 60_000);
    expect((await c!.kubectl("get", "pods", "-o", "wide")).trim().split("\n")).toHaveLength(5);

    // The objects really are in etcd, under upstream's keys.
    const etcdStore = new EtcdStorage(store!.url);
    const keys = (await etcdStore.range({ key: "/registry/pods/default/", end: "/registry/pods/default0" })).kvs.map((kv) => kv.key);
    expect(keys).toHaveLength(4);
    expect((await etcdStore.range({ key: "/registry/deployments/default/nginx-deployment" })).kvs).toHaveLength(1);

    await c!.kubectl("delete", "-f", NGINX_MANIFEST);
    await waitFor("everything gone", async () => (await api.list("pods")).items.length + (await api.list("replicasets")).items.length === 0, 60_000);
    expect(c!.cluster.errors).toEqual([]);
  });
});
