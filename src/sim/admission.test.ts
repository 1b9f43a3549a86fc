// What the cluster's API does before storage: DefaultTolerationSeconds admission and Service cluster IPs, on the
// cases plugin/pkg/admission/defaulttolerationseconds and the Service registry's tests pin.
import { describe, expect, it } from "vitest";
import type { KubeObject, Pod } from "#kube";
import { DEFAULT_TOLERATION_SECONDS, withClusterIP, withDefaultTolerations } from "./admission.ts";
import { ClusterIpAllocator } from "./ipam.ts";
import { Random } from "./random.ts";
import { boundPod, referenceCluster } from "./testing.ts";

describe("DefaultTolerationSeconds admission", () => {
  it("adds the not-ready and unreachable NoExecute tolerations of 300 s to a pod without them", () => {
    const out = withDefaultTolerations(boundPod("p", "n")) as Pod;
    expect(out.spec?.tolerations).toEqual([
      { key: "node.kubernetes.io/not-ready", operator: "Exists", effect: "NoExecute", tolerationSeconds: DEFAULT_TOLERATION_SECONDS },
      { key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute", tolerationSeconds: DEFAULT_TOLERATION_SECONDS },
    ]);
  });

  it("keeps a pod's own toleration of a key, and a toleration with an empty key or effect counts for both", () => {
    const own = { key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute", tolerationSeconds: 6000 };
    expect((withDefaultTolerations(boundPod("p", "n", [own])) as Pod).spec?.tolerations?.map((t) => `${t.key}=${t.tolerationSeconds}`)).toEqual([
      "node.kubernetes.io/unreachable=6000",
      "node.kubernetes.io/not-ready=300",
    ]);
    const all = boundPod("p", "n", [{ operator: "Exists" }]);
    expect(withDefaultTolerations(all)).toBe(all);
    // A NoSchedule toleration of the key is not one of NoExecute.
    expect((withDefaultTolerations(boundPod("p", "n", [{ key: "node.kubernetes.io/not-ready", operator: "Exists", effect: "NoSchedule" }])) as Pod).spec?.tolerations).toHaveLength(3);
  });

  it("runs on every pod the cluster's API creates", async () => {
    const c = await referenceCluster(1);
    const created = (await c.api.create("pods", boundPod("p", "node-1"))) as Pod;
    expect(created.spec?.tolerations?.map((t) => t.key)).toEqual(["node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable"]);
  });
});

describe("Service cluster IPs", () => {
  const svc = (spec: Record<string, unknown>): KubeObject => ({ apiVersion: "v1", kind: "Service", metadata: { name: "s", namespace: "default" }, spec });
  it("allocates one from 10.96.0.0/12 with its families, keeps a requested one, and gives ExternalName none", () => {
    const allocator = new ClusterIpAllocator(new Random(1));
    const spec = (s: KubeObject) => s.spec as { clusterIP: string; clusterIPs: string[]; ipFamilies: string[]; ipFamilyPolicy: string };
    const given = spec(withClusterIP(svc({ ports: [{ port: 80 }] }), allocator));
    expect(given.clusterIP).toMatch(/^10\.(9[6-9]|10[0-9]|11[01])\.\d+\.\d+$/);
    expect(given).toMatchObject({ clusterIPs: [given.clusterIP], ipFamilies: ["IPv4"], ipFamilyPolicy: "SingleStack" });
    expect(spec(withClusterIP(svc({ clusterIP: "10.96.0.10" }), allocator))).toMatchObject({ clusterIP: "10.96.0.10", clusterIPs: ["10.96.0.10"] });
    expect(spec(withClusterIP(svc({ clusterIP: "None" }), allocator))).toMatchObject({ clusterIP: "None", clusterIPs: ["None"], ipFamilies: ["IPv4"] });
    const external = svc({ type: "ExternalName", externalName: "example.com" });
    expect(withClusterIP(external, allocator)).toBe(external);
  });

  it("answers a Service's create with its cluster IP already there", async () => {
    const c = await referenceCluster(1);
    const created = await c.api.create<KubeObject>("services", svc({ selector: { app: "x" }, ports: [{ port: 80 }] }));
    expect((created.spec as { clusterIP?: string }).clusterIP).toMatch(/^10\./);
  });
});
