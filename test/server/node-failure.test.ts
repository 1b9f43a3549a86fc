/**
 * A node failure caused by hand in `npm run cluster`, with the real kubectl: annotating a node
 * `kube-workbook.dev/kubelet=stopped` stops its kubelet; the node goes NotReady (Ready=Unknown) after the grace
 * period, its pod is evicted after the default 300 s toleration and replaced on another node; removing the annotation
 * brings the node back. At 50 virtual seconds per real second the whole story takes about eight seconds.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { KubeObject } from "#kube";
import { requireTool } from "../../src/workbook/tools.ts";
import { testCluster, waitFor, type TestCluster } from "./helpers.ts";

const kubectl = requireTool("kubectl", "see https://kubernetes.io/docs/tasks/tools/ (Debian: apt-get install kubernetes-client)", ["version", "--client"]);

interface NodeLike extends KubeObject {
  spec?: { taints?: { key: string; effect: string }[] };
  status?: { conditions?: { type: string; status: string }[] };
}
interface PodLike extends KubeObject {
  spec: { nodeName?: string };
}

describe.skipIf(!kubectl)("a node failure caused with kubectl", () => {
  let c: TestCluster;
  const readyOf = async (name: string) =>
    (await c.cluster.api.get<NodeLike>("nodes", undefined, name)).status?.conditions?.find((x) => x.type === "Ready")?.status;
  const pods = async () => (await c.cluster.api.list<PodLike>("pods", { namespace: "default" })).items;

  beforeAll(async () => {
    c = await testCluster({ nodes: 2, speed: 50 });
  });
  afterAll(async () => {
    await c?.close();
  });

  it("stops the kubelet, marks the node NotReady, evicts and replaces its pod, and brings the node back", { timeout: 90_000 }, async () => {
    await c.kubectl("create", "deployment", "web", "--image=nginx:1.27", "--replicas=2");
    await waitFor("two running pods", async () => (await pods()).filter((p) => p.spec.nodeName).length === 2);
    const victim = (await pods()).find((p) => p.spec.nodeName)!;
    const node = victim.spec.nodeName!;

    await c.kubectl("annotate", "node", node, "kube-workbook.dev/kubelet=stopped");
    await waitFor("the node to go Unknown", async () => (await readyOf(node)) === "Unknown");
    expect(await c.kubectl("get", "node", node)).toMatch(/NotReady/);
    const taints = (await c.cluster.api.get<NodeLike>("nodes", undefined, node)).spec?.taints?.map((t) => `${t.key}:${t.effect}`);
    expect(taints).toEqual(expect.arrayContaining(["node.kubernetes.io/unreachable:NoExecute", "node.kubernetes.io/unreachable:NoSchedule"]));

    await waitFor("the eviction", async () => (await pods()).find((p) => p.metadata.name === victim.metadata.name)?.metadata.deletionTimestamp, 60_000);
    await waitFor("a replacement elsewhere", async () => (await pods()).filter((p) => !p.metadata.deletionTimestamp && p.spec.nodeName && p.spec.nodeName !== node).length === 2, 30_000);
    expect(await c.kubectl("get", "events", "--field-selector", `involvedObject.name=${victim.metadata.name}`)).toMatch(/TaintManagerEviction/);

    await c.kubectl("annotate", "node", node, "kube-workbook.dev/kubelet-");
    await waitFor("the node to be Ready again", async () => (await readyOf(node)) === "True");
    // Its kubelet, back, finishes off the evicted pod.
    await waitFor("the evicted pod to be gone", async () => !(await pods()).some((p) => p.metadata.name === victim.metadata.name));
    await c.kubectl("delete", "deployment", "web");
  });
});
