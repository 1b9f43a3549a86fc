/**
 * The real kubectl drives the simulated cluster through a learner's first session: version, apply the official
 * nginx Deployment, rollout status, get, scale, set image, rollout undo and history, delete a pod and see it
 * replaced, describe, logs, label, cordon, api-resources, and delete -f cascading through the garbage collector.
 * Assertions look at the cluster's state through the Api more than at kubectl's wording.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { KubeObject } from "#kube";
import { requireTool } from "../../src/workbook/tools.ts";
import { NGINX_MANIFEST, testCluster, waitFor, type TestCluster } from "./helpers.ts";

const kubectl = requireTool("kubectl", "see https://kubernetes.io/docs/tasks/tools/ (Debian: apt-get install kubernetes-client)", ["version", "--client"]);

interface PodLike extends KubeObject {
  spec: { nodeName?: string; containers: { name: string; image: string }[] };
  status?: { phase?: string; conditions?: { type: string; status: string }[] };
}

describe.skipIf(!kubectl)("kubectl against the simulated cluster", () => {
  let c: TestCluster;
  const live = async (): Promise<PodLike[]> =>
    (await c.cluster.api.list<PodLike>("pods", { namespace: "default" })).items.filter((p) => !p.metadata.deletionTimestamp);
  const ready = (p: PodLike) => p.status?.conditions?.some((x) => x.type === "Ready" && x.status === "True") ?? false;

  beforeAll(async () => {
    c = await testCluster({ nodes: 3, speed: 20 });
  });
  afterAll(async () => {
    await c?.close();
  });

  it("answers kubectl version with a 1.32 server", async () => {
    const out = await c.kubectl("version");
    expect(out).toMatch(/Server Version: v1\.32\./);
  });

  it("applies the nginx Deployment and rolls it out on three nodes", async () => {
    expect(await c.kubectl("apply", "-f", NGINX_MANIFEST)).toMatch(/deployment\.apps\/nginx-deployment created/);
    expect(await c.kubectl("rollout", "status", "deployment/nginx-deployment", "--timeout=60s")).toMatch(/successfully rolled out/);
    const pods = await live();
    expect(pods).toHaveLength(3);
    expect(pods.every((p) => p.status?.phase === "Running" && ready(p) && p.spec.nodeName)).toBe(true);
    // A second apply of the same file changes nothing; a changed one goes through a strategic merge patch.
    expect(await c.kubectl("apply", "-f", NGINX_MANIFEST)).toMatch(/unchanged/);
    const changed = join(c.dir, "nginx-2.yaml");
    writeFileSync(changed, readFileSync(NGINX_MANIFEST, "utf8").replace("replicas: 3", "replicas: 2"));
    expect(await c.kubectl("apply", "-f", changed)).toMatch(/configured/);
    const d = await c.cluster.api.get<KubeObject & { spec: { replicas: number } }>("deployments", "default", "nginx-deployment");
    expect(d.spec.replicas).toBe(2);
    expect(await c.kubectl("apply", "-f", NGINX_MANIFEST)).toMatch(/configured/);
    await waitFor("3 ready pods", async () => (await live()).filter(ready).length === 3);
  });

  it("prints the upstream columns in get", async () => {
    const wide = await c.kubectl("get", "pods", "-o", "wide");
    expect(wide.split("\n")[0]).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+IP\s+NODE\s+NOMINATED NODE\s+READINESS GATES/);
    expect(wide).toMatch(/1\/1\s+Running\s+0/);
    expect(wide).toMatch(/10\.244\.\d+\.\d+\s+node-\d/);
    expect(await c.kubectl("get", "deploy")).toMatch(/nginx-deployment\s+3\/3\s+3\s+3\s/);
    const all = await c.kubectl("get", "all");
    expect(all).toMatch(/pod\/nginx-deployment-/);
    expect(all).toMatch(/deployment\.apps\/nginx-deployment/);
    expect(all).toMatch(/replicaset\.apps\/nginx-deployment-/);
    expect(await c.kubectl("get", "pods", "--show-labels")).toMatch(/pod-template-hash=/);
    expect(await c.kubectl("get", "nodes")).toMatch(/node-1\s+Ready\s+<none>/);
  });

  it("scales to 5 replicas", async () => {
    expect(await c.kubectl("scale", "deployment/nginx-deployment", "--replicas=5")).toMatch(/scaled/);
    await waitFor("5 ready pods", async () => (await live()).filter(ready).length === 5);
    const names = (await c.kubectl("get", "pods", "-o", "name")).trim().split("\n");
    expect(names).toHaveLength(5);
  });

  it("rolls out a new image, then undoes it", async () => {
    await c.kubectl("set", "image", "deployment/nginx-deployment", "nginx=nginx:1.16.1");
    expect(await c.kubectl("rollout", "status", "deployment/nginx-deployment", "--timeout=60s")).toMatch(/successfully rolled out/);
    await waitFor("5 pods on nginx:1.16.1", async () => {
      const pods = await live();
      return pods.length === 5 && pods.every((p) => p.spec.containers[0]!.image === "nginx:1.16.1" && ready(p));
    });
    await c.kubectl("rollout", "undo", "deployment/nginx-deployment");
    expect(await c.kubectl("rollout", "status", "deployment/nginx-deployment", "--timeout=60s")).toMatch(/successfully rolled out/);
    await waitFor("5 pods back on nginx:1.14.2", async () => {
      const pods = await live();
      return pods.length === 5 && pods.every((p) => p.spec.containers[0]!.image === "nginx:1.14.2" && ready(p));
    });
    const history = await c.kubectl("rollout", "history", "deployment/nginx-deployment");
    expect(history).toMatch(/REVISION\s+CHANGE-CAUSE/);
    expect(history.split("\n").filter((l) => /^\d+\s/.test(l)).length).toBeGreaterThanOrEqual(2);
  });

  it("replaces a deleted pod", async () => {
    const victim = (await live())[0]!.metadata.name!;
    expect(await c.kubectl("delete", "pod", victim)).toMatch(/deleted/);
    await waitFor("the pod gone and 5 ready pods again", async () => {
      const pods = await live();
      return !pods.some((p) => p.metadata.name === victim) && pods.filter(ready).length === 5;
    });
    const all = (await c.cluster.api.list<PodLike>("pods", { namespace: "default" })).items;
    expect(all.some((p) => p.metadata.name === victim)).toBe(false);
  });

  it("describes a pod with its events, and prints its log", async () => {
    const pod = (await live())[0]!.metadata.name!;
    const described = await c.kubectl("describe", "pod", pod);
    expect(described).toMatch(/^Name:\s+/m);
    expect(described).toMatch(/Events:/);
    expect(described).toMatch(/Scheduled\s+.*default-scheduler\s+Successfully assigned default\//);
    const logs = await c.kubectl("logs", pod);
    expect(logs).toMatch(/nginx/);
    expect((await c.kubectl("logs", pod, "--tail=1")).trim().split("\n")).toHaveLength(1);
  });

  it("labels a pod, and cordons and uncordons a node", async () => {
    const pod = (await live())[0]!.metadata.name!;
    await c.kubectl("label", "pod", pod, "tier=web");
    expect((await c.cluster.api.get<KubeObject>("pods", "default", pod)).metadata.labels?.tier).toBe("web");
    expect((await c.kubectl("get", "pods", "-l", "tier=web", "-o", "name")).trim()).toBe(`pod/${pod}`);
    await c.kubectl("cordon", "node-1");
    const unschedulable = async () => ((await c.cluster.api.get<KubeObject & { spec?: { unschedulable?: boolean } }>("nodes", undefined, "node-1")).spec?.unschedulable ?? false);
    expect(await unschedulable()).toBe(true);
    expect(await c.kubectl("get", "nodes")).toMatch(/node-1\s+Ready,SchedulingDisabled/);
    await c.kubectl("uncordon", "node-1");
    expect(await unschedulable()).toBe(false);
  });

  it("lists the resources with their short names", async () => {
    const out = await c.kubectl("api-resources");
    expect(out).toMatch(/^deployments\s+deploy\s+apps\/v1\s+true\s+Deployment$/m);
    expect(out).toMatch(/^pods\s+po\s+v1\s+true\s+Pod$/m);
  });

  it("deletes everything with delete -f, cascading through the garbage collector", async () => {
    expect(await c.kubectl("delete", "-f", NGINX_MANIFEST)).toMatch(/deleted/);
    await waitFor("no deployment, replicaset or pod left", async () => {
      const api = c.cluster.api;
      const [d, rs, pods] = await Promise.all([api.list("deployments"), api.list("replicasets"), api.list("pods")]);
      return d.items.length + rs.items.length + pods.items.length === 0;
    });
    expect((await c.kubectlResult("get", "deploy", "nginx-deployment")).stderr).toMatch(/NotFound/);
    expect(c.cluster.errors).toEqual([]);
  });
});
