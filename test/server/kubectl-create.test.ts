/**
 * kubectl's generator commands (`create deployment`, `create namespace`, `create configmap`, `create service`,
 * `run`, `expose`) against the simulated cluster. The create subcommands go through kubectl's typed clients, which
 * send protobuf bodies (src/server/protobuf.ts); `run` and `expose` send JSON. The assertions read the cluster.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { KubeObject } from "#kube";
import { requireTool } from "../../src/workbook/tools.ts";
import { testCluster, waitFor, type TestCluster } from "./helpers.ts";

const kubectl = requireTool("kubectl", "see https://kubernetes.io/docs/tasks/tools/ (Debian: apt-get install kubernetes-client)", ["version", "--client"]);

describe.skipIf(!kubectl)("kubectl create, run and expose", () => {
  let c: TestCluster;
  const get = <T extends KubeObject>(resource: string, namespace: string | undefined, name: string) => c.cluster.api.get<T>(resource, namespace, name);

  beforeAll(async () => {
    c = await testCluster({ nodes: 2, speed: 20 });
  });
  afterAll(async () => {
    await c?.close();
  });

  it("creates a Deployment the tutorials' way and runs its pods", async () => {
    expect(await c.kubectl("create", "deployment", "hello", "--image=nginx:1.27", "--replicas=2", "--port=80")).toMatch(/deployment\.apps\/hello created/);
    const d = await get<KubeObject & { spec: { replicas: number; template: { spec: { containers: { image: string; ports: { containerPort: number }[] }[] } } } }>("deployments", "default", "hello");
    expect(d.spec.replicas).toBe(2);
    expect(d.spec.template.spec.containers[0]).toMatchObject({ image: "nginx:1.27", ports: [{ containerPort: 80, protocol: "TCP" }] });
    await c.kubectl("rollout", "status", "deployment/hello", "--timeout=60s");
  });

  it("creates a namespace, a configmap and a ClusterIP service", async () => {
    await c.kubectl("create", "namespace", "team-a");
    expect((await get("namespaces", undefined, "team-a")).status).toMatchObject({ phase: "Active" });
    await c.kubectl("create", "configmap", "settings", "-n", "team-a", "--from-literal=mode=fast", "--from-literal=level=3");
    expect((await get("configmaps", "team-a", "settings")).data).toEqual({ mode: "fast", level: "3" });
    await c.kubectl("create", "service", "clusterip", "db", "--tcp=5432:5432");
    const svc = await get<KubeObject & { spec: { clusterIP: string; ports: unknown[]; ipFamilies: string[] } }>("services", "default", "db");
    expect(svc.spec.ipFamilies).toEqual(["IPv4"]);
    expect(svc.spec.ports).toEqual([{ name: "5432-5432", protocol: "TCP", port: 5432, targetPort: 5432 }]);
    // Allocated on create, from the default service range 10.96.0.0/12, as the Service registry does.
    const ip = svc.spec.clusterIP;
    expect(Number(ip.split(".")[1])).toBeGreaterThanOrEqual(96);
    expect(Number(ip.split(".")[1])).toBeLessThanOrEqual(111);
  });

  it("runs a pod and exposes a deployment", async () => {
    await c.kubectl("run", "one", "--image=nginx:1.27", "--labels=app=one");
    await waitFor("the pod to run", async () => (await get<KubeObject & { status?: { phase?: string } }>("pods", "default", "one")).status?.phase === "Running");
    await c.kubectl("expose", "deployment", "hello", "--port=8080", "--target-port=80");
    const svc = await get<KubeObject & { spec: { selector: Record<string, string>; ports: { port: number; targetPort: number }[] } }>("services", "default", "hello");
    expect(svc.spec.selector).toEqual({ app: "hello" });
    expect(svc.spec.ports[0]).toMatchObject({ port: 8080, targetPort: 80 });
  });
});
