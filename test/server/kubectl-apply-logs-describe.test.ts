/**
 * The real kubectl against the simulated cluster, for what the first session test does not cover: server-side apply
 * with field ownership (apply --server-side, scale, the conflict on .spec.replicas, --force-conflicts, field removal,
 * managedFields in -o yaml), `logs -f` streaming lines as the fake runtime produces them, and `describe deployment`
 * / `describe node` with every request they send answered. The cluster runs at speed 1 so that a container's
 * 2-second life can be followed from outside.
 */
import { spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { KubeObject } from "#kube";
import type { ManagedFieldsEntry } from "../../src/kube/patch/server-side-apply.ts";
import { requireTool } from "../../src/workbook/tools.ts";
import { NGINX_MANIFEST, sleep, testCluster, waitFor, type TestCluster } from "./helpers.ts";

const kubectl = requireTool("kubectl", "see https://kubernetes.io/docs/tasks/tools/ (Debian: apt-get install kubernetes-client)", ["version", "--client"]);

type Deployment = KubeObject & { spec: { replicas: number; template: { spec: { containers: { name: string; ports?: unknown[] }[] } } } };
type PodLike = KubeObject & { spec: { nodeName?: string }; status?: { containerStatuses?: { state?: { running?: object } }[] } };

/** The Deployment the server-side apply tests apply (kept here: its exact text matters to the removal test). */
const SSA_MANIFEST = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ssa-web
  labels:
    app: ssa-web
spec:
  replicas: 3
  selector:
    matchLabels:
      app: ssa-web
  template:
    metadata:
      labels:
        app: ssa-web
    spec:
      containers:
      - name: nginx
        image: nginx:1.14.2
        ports:
        - containerPort: 80
`;

const managed = (obj: KubeObject): ManagedFieldsEntry[] => ((obj.metadata as { managedFields?: ManagedFieldsEntry[] }).managedFields ?? []);

describe.skipIf(!kubectl)("kubectl: server-side apply, logs -f, describe", () => {
  let c: TestCluster;
  const requests: { method: string; url: string; code: number }[] = [];

  beforeAll(async () => {
    c = await testCluster({ nodes: 2, speed: 1, onRequest: (r) => requests.push(r) });
  });
  afterAll(async () => {
    await c?.close();
  });

  /** Runs kubectl in the background, recording when each chunk of stdout arrives. */
  const background = (...args: string[]) => {
    const child = spawn("kubectl", args, { env: { ...process.env, KUBECONFIG: c.kubeconfigPath, HOME: join(c.dir, "home") } });
    const chunks: { at: number; text: string }[] = [];
    child.stdout.on("data", (d: Buffer) => chunks.push({ at: Date.now(), text: d.toString("utf8") }));
    const exited = new Promise<number>((resolve) => child.on("exit", (code) => resolve(code ?? -1)));
    return { child, chunks, exited, output: () => chunks.map((x) => x.text).join("") };
  };

  describe("server-side apply", () => {
    const file = () => join(c.dir, "ssa.yaml");
    const get = () => c.cluster.api.get<Deployment>("deployments", "default", "ssa-web");

    it("creates with apply --server-side, the applier owning what it sent", async () => {
      writeFileSync(file(), SSA_MANIFEST);
      expect(await c.kubectl("apply", "--server-side", "-f", file())).toMatch(/deployment\.apps\/ssa-web serverside-applied/);
      const entries = managed(await get());
      expect(entries.map((e) => `${e.manager}/${e.operation}`)).toEqual(["kubectl/Apply"]);
      expect(entries[0]!.fieldsV1).toMatchObject({ "f:spec": { "f:replicas": {}, "f:template": { "f:spec": { "f:containers": { 'k:{"name":"nginx"}': { ".": {}, "f:image": {} } } } } } });
      // Defaulted fields belong to nobody.
      expect(JSON.stringify(entries[0]!.fieldsV1)).not.toMatch(/revisionHistoryLimit/);
    });

    it("reports the conflict on .spec.replicas after kubectl scale, and --force-conflicts takes it", async () => {
      expect(await c.kubectl("scale", "deployment/ssa-web", "--replicas=5")).toMatch(/scaled/);
      // kubectl scale sends no fieldManager: the server names it after the User-Agent.
      expect(managed(await get()).map((e) => `${e.manager}/${e.operation}/${e.subresource ?? ""}`)).toEqual(["kubectl/Apply/", "kubectl/Update/scale"]);

      const refused = await c.kubectlResult("apply", "--server-side", "-f", file());
      expect(refused.code).not.toBe(0);
      expect(refused.stderr).toContain('Apply failed with 1 conflict: conflict with "kubectl" with subresource "scale" using apps/v1: .spec.replicas');
      expect((await get()).spec.replicas).toBe(5);

      expect(await c.kubectl("apply", "--server-side", "--force-conflicts", "-f", file())).toMatch(/serverside-applied/);
      const d = await get();
      expect(d.spec.replicas).toBe(3);
      expect(managed(d).map((e) => `${e.manager}/${e.operation}`)).toEqual(["kubectl/Apply"]);
      // Applying the same again is no conflict.
      expect(await c.kubectl("apply", "--server-side", "-f", file())).toMatch(/serverside-applied/);
    });

    it("removes a field the applier stopped setting, and shows managedFields only when asked", async () => {
      const text = SSA_MANIFEST.replace("        ports:\n        - containerPort: 80\n", "");
      expect(text).not.toMatch(/containerPort/);
      writeFileSync(file(), text);
      await c.kubectl("apply", "--server-side", "-f", file());
      expect((await get()).spec.template.spec.containers[0]!.ports).toBeUndefined();

      const shown = await c.kubectl("get", "deployment", "ssa-web", "-o", "yaml", "--show-managed-fields");
      expect(shown).toMatch(/managedFields:/);
      expect(shown).toMatch(/manager: kubectl\n\s+operation: Apply/);
      expect(shown).toMatch(/f:replicas: \{\}/);
      expect(await c.kubectl("get", "deployment", "ssa-web", "-o", "yaml")).not.toMatch(/managedFields/);
    });

    it("records client-side apply and label as Update managers", async () => {
      const name = "csa-web";
      const csa = join(c.dir, "csa.yaml");
      writeFileSync(csa, readFileSync(NGINX_MANIFEST, "utf8").replaceAll("nginx-deployment", name));
      await c.kubectl("apply", "-f", csa);
      await c.kubectl("label", "deployment", name, "tier=web");
      const d = await c.cluster.api.get<Deployment>("deployments", "default", name);
      expect(managed(d).map((e) => `${e.manager}/${e.operation}`)).toEqual(["kubectl-client-side-apply/Update", "kubectl-label/Update"]);
      expect(managed(d)[1]!.fieldsV1).toEqual({ "f:metadata": { "f:labels": { "f:tier": {} } } });
      // Switching to server-side apply: kubectl rewrites managedFields (a JSON patch) so that its client-side-apply
      // fields become the applier's; the server takes a request's own managedFields as upstream does.
      expect(await c.kubectl("apply", "--server-side", "-f", csa)).toMatch(/serverside-applied/);
      const after = managed(await c.cluster.api.get<Deployment>("deployments", "default", name)).map((e) => `${e.manager}/${e.operation}`);
      expect(after).toContain("kubectl/Apply");
      expect(after).toContain("kubectl-label/Update");
      expect(after).not.toContain("kubectl-client-side-apply/Update");
      await c.kubectl("delete", "deployment", name, "--wait=false");
    });

    it("answers the apply-patch wire rules: 201 on create, fieldManager required, a wrong apiVersion refused", async () => {
      const url = `${c.url}/api/v1/namespaces/default/configmaps/cm1`;
      const send = (query: string, body: string) =>
        fetch(`${url}${query}`, { method: "PATCH", headers: { "Content-Type": "application/apply-patch+yaml" }, body });
      const yaml = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm1\ndata:\n  a: \"1\"\n";
      const created = await send("?fieldManager=me", yaml);
      expect(created.status).toBe(201);
      const missing = await send("", yaml);
      expect(missing.status).toBe(400);
      expect(((await missing.json()) as { message: string }).message).toBe("fieldManager is required for apply requests");
      const wrong = await send("?fieldManager=me", yaml.replace("apiVersion: v1", "apiVersion: v2"));
      expect(wrong.status).toBe(400);
      const other = await send("?fieldManager=other", yaml.replace('"1"', '"2"'));
      expect(other.status).toBe(409);
      expect(((await other.json()) as { message: string }).message).toBe('Apply failed with 1 conflict: conflict with "me": .data.a');
      const forced = await send("?fieldManager=other&force=true", yaml.replace('"1"', '"2"'));
      expect(forced.status).toBe(200);
      expect(((await forced.json()) as { data: Record<string, string> }).data).toEqual({ a: "2" });
    });
  });

  describe("logs -f", () => {
    it("streams the lines a container writes over time, and ends when it exits", async () => {
      await c.kubectl("run", "crash", "--image=kube-workbook/crash:3", "--restart=Never");
      await waitFor("the crash container running", async () => (await c.cluster.api.get<PodLike>("pods", "default", "crash")).status?.containerStatuses?.[0]?.state?.running, 10_000);
      const started = Date.now();
      const run = background("logs", "-f", "crash");
      const code = await Promise.race([run.exited, sleep(20_000).then(() => "timeout")]);
      expect(code).toBe(0);
      expect(Date.now() - started).toBeLessThan(20_000);
      expect(run.output()).toBe("starting\nsomething went wrong\nexiting with code 3\n");
      // The last line came in a later chunk than the first ones: it was streamed when the runtime wrote it.
      const first = run.chunks[0]!;
      const last = run.chunks.find((x) => x.text.includes("exiting with code 3"))!;
      expect(first.text).toMatch(/^starting\n/);
      expect(last).not.toBe(first);
      expect(last.at).toBeGreaterThan(first.at);
    });

    it("keeps following a running container, and stops when its pod is deleted", async () => {
      await c.kubectl("run", "follow-web", "--image=nginx");
      await waitFor("nginx running", async () => (await c.cluster.api.get<PodLike>("pods", "default", "follow-web")).status?.containerStatuses?.[0]?.state?.running, 10_000);
      const run = background("logs", "-f", "follow-web");
      await waitFor("the nginx lines", () => run.output().includes("start worker processes"), 10_000);
      await sleep(1000);
      expect(run.child.exitCode).toBeNull(); // still following
      await c.kubectl("delete", "pod", "follow-web", "--wait=false");
      const code = await Promise.race([run.exited, sleep(15_000).then(() => "timeout")]);
      expect(code).toBe(0);
    });

    it("lets the client go away", async () => {
      await c.kubectl("run", "quit-web", "--image=nginx");
      await waitFor("nginx running", async () => (await c.cluster.api.get<PodLike>("pods", "default", "quit-web")).status?.containerStatuses?.[0]?.state?.running, 10_000);
      const run = background("logs", "-f", "quit-web");
      await waitFor("the nginx lines", () => run.output().includes("start worker processes"), 10_000);
      run.child.kill("SIGTERM");
      await run.exited;
      // The server noticed: the log request is logged as finished.
      await waitFor("the log request to end", () => requests.some((r) => r.url.includes("/pods/quit-web/log?") && r.url.includes("follow=true")), 5_000);
    });
  });

  describe("describe", () => {
    const failuresSince = (from: number) => requests.slice(from).filter((r) => r.code >= 400);

    it("describes a deployment with its ReplicaSets and events", async () => {
      await c.kubectl("apply", "-f", NGINX_MANIFEST);
      expect(await c.kubectl("rollout", "status", "deployment/nginx-deployment", "--timeout=60s")).toMatch(/successfully rolled out/);
      const from = requests.length;
      const out = await c.kubectl("describe", "deployment", "nginx-deployment");
      expect(failuresSince(from)).toEqual([]);
      expect(out).toMatch(/^Name:\s+nginx-deployment$/m);
      expect(out).toMatch(/^Selector:\s+\S+=nginx$/m);
      expect(out).toMatch(/^Replicas:\s+3 desired \| 3 updated \| 3 total \| 3 available \| 0 unavailable$/m);
      expect(out).toMatch(/^StrategyType:\s+RollingUpdate$/m);
      expect(out).toMatch(/^Pod Template:/m);
      expect(out).toMatch(/Image:\s+nginx:1\.14\.2/);
      expect(out).toMatch(/^Conditions:/m);
      expect(out).toMatch(/Available\s+True\s+MinimumReplicasAvailable/);
      expect(out).toMatch(/^NewReplicaSet:\s+nginx-deployment-[a-z0-9]+ \(3\/3 replicas created\)$/m);
      expect(out).toMatch(/Normal\s+ScalingReplicaSet\s+.*deployment-controller\s+Scaled up replica set nginx-deployment-[a-z0-9]+ to 3/);
    });

    it("describes a node with its pods, resources and lease", async () => {
      const pods = (await c.cluster.api.list<PodLike>("pods", { namespace: "default" })).items.filter((p) => p.metadata.name!.startsWith("nginx-deployment-") && p.spec.nodeName);
      const node = pods[0]!.spec.nodeName!;
      const onNode = pods.filter((p) => p.spec.nodeName === node).map((p) => p.metadata.name!);
      const from = requests.length;
      const out = await c.kubectl("describe", "node", node);
      expect(failuresSince(from)).toEqual([]);
      expect(out).toMatch(new RegExp(`^Name:\\s+${node}$`, "m"));
      expect(out).toMatch(/^Lease:\n\s+HolderIdentity:\s+node-\d/m);
      expect(out).toMatch(/^Conditions:/m);
      expect(out).toMatch(/Ready\s+True\s+.*KubeletReady/);
      expect(out).toMatch(/^Addresses:\n\s+InternalIP:/m);
      expect(out).toMatch(/^Capacity:/m);
      expect(out).toMatch(/^Allocatable:/m);
      expect(out).toMatch(/^System Info:/m);
      expect(out).toMatch(/^Non-terminated Pods:\s+\(\d+ in total\)/m);
      for (const name of onNode) expect(out).toContain(name);
      expect(out).toMatch(/^Allocated resources:/m);
      expect(out).toMatch(/^Events:/m);
      expect(c.cluster.errors).toEqual([]);
    });
  });
});
