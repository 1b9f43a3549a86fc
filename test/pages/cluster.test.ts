import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ClusterWatch, type WatchChange } from "../../src/pages/cluster-watch.ts";
import { explain, loadScheduler } from "../../src/pages/explain.ts";
import { readKubeconfig } from "../../src/pages/kubeconfig.ts";
import { startPages, type Pages } from "../../src/pages/server.ts";
import { parseTrace, renderTimeline, timelineData } from "../../src/pages/timeline.ts";
import { loadScenario, runScenario } from "../../src/sim/scenario.ts";
import { loadComponents } from "../../src/sim/slots.ts";
import type { TraceEntry } from "../../src/sim/trace.ts";
import { paths } from "../../src/workbook/paths.ts";
import { node, pod, startFakeApi, type FakeApi } from "./fake-api.ts";
import { makeRoot, type TestRoot } from "./helpers.ts";

const until = async (cond: () => boolean, what: string) => {
  for (let i = 0; i < 100 && !cond(); i++) await new Promise((r) => setTimeout(r, 50));
  if (!cond()) throw new Error(`timed out waiting for ${what}`);
};

describe("the cluster page's server side", () => {
  let api: FakeApi;
  let wb: TestRoot;
  let pages: Pages;
  beforeAll(async () => {
    api = await startFakeApi({ nodes: [node("node-1"), node("node-2", { unschedulable: true })], pods: [pod("web-1", "100m", "node-1")] });
    wb = makeRoot();
    pages = await startPages({ root: wb.root, clusterUrl: api.url });
  });
  afterAll(async () => {
    await pages.stop();
    await api.stop();
    wb.cleanup();
  });

  it("lists, then follows the watch: a pod created later arrives as a change", async () => {
    const watch = new ClusterWatch({ url: api.url }).start();
    const changes: WatchChange[] = [];
    watch.subscribe((c) => changes.push(c));
    try {
      await until(() => watch.connected, "the first lists");
      expect(watch.nodes().map((n) => n.metadata?.name).sort()).toEqual(["node-1", "node-2"]);
      api.put("pods", pod("web-2"));
      await until(() => watch.pods().length === 2, "the new pod");
      expect(changes.at(-1)).toMatchObject({ type: "upsert", resource: "pods", object: { metadata: { name: "web-2" } } });
      api.remove("pods", "default", "web-2");
      await until(() => watch.pods().length === 1, "the deletion");
    } finally {
      watch.stop();
      api.remove("pods", "default", "web-2");
    }
  });

  it("pushes a snapshot and then each change to the browser as server-sent events", async () => {
    const controller = new AbortController();
    const res = await fetch(`${pages.url}/cluster/events`, { signal: controller.signal });
    expect(res.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = "";
    const read = async (want: string) => {
      while (!text.includes(want)) text += (await reader.read()).value ?? "";
    };
    await read('"name":"web-1"');
    api.put("pods", pod("web-3"));
    await read('"key":"default/web-3"');
    expect(text).toMatch(/event: change\ndata: \{"resource":"pods","type":"upsert","item":\{"key":"default\/web-3","namespace":"default","name":"web-3","phase":"Pending","ready":false,"owner":"ReplicaSet\/web-abc","deleting":false\}\}/);
    controller.abort();
    api.remove("pods", "default", "web-3");
  });

  it("explains a pod with every node's filter result and its scores per plugin", async () => {
    const res = await fetch(`${pages.url}/cluster/explain?pod=default/web-1`);
    const x = (await res.json()) as Record<string, unknown>;
    expect(x).toMatchObject({
      pod: "default/web-1",
      boundTo: "node-1",
      node: "node-1",
      nodes: ["node-1", "node-2"],
      filtered: { "node-2": { plugin: "NodeUnschedulable", code: "UnschedulableAndUnresolvable", reasons: ["node(s) were unschedulable"] } },
      scores: {},
    });
  });

  it("runs the reference scheduler on the nodes and the other pods", async () => {
    const scheduler = await loadScheduler(paths.root);
    const nodes = [node("a", { cpu: "1" }), node("b", { cpu: "4" }), node("c", { cpu: "4" })];
    const others = [pod("busy", "3", "c")];
    const x = explain(scheduler, pod("new", "2"), nodes, others);
    expect(x.filtered).toEqual({ a: { plugin: "NodeResourcesFit", code: "Unschedulable", reasons: ["Insufficient cpu"] }, c: { plugin: "NodeResourcesFit", code: "Unschedulable", reasons: ["Insufficient cpu"] } });
    expect(x.node).toBe("b");
    const none = explain(scheduler, pod("huge", "8"), nodes, others);
    expect(none.node).toBeUndefined();
    expect(none.message).toMatch(/^0\/3 nodes are available: 3 Insufficient cpu\./);
    const two = explain(scheduler, pod("small", "100m"), nodes, others);
    expect(Object.keys(two.scores).sort()).toEqual(["a", "b", "c"]);
    expect(two.scores.b).toMatchObject({ NodeResourcesFit: expect.any(Number), NodeResourcesBalancedAllocation: expect.any(Number), total: expect.any(Number) });
    expect(two.node).toBe("b");
  });
});

describe("the cluster page without a cluster", () => {
  it("says how to start one, and finds it through .workbook/kubeconfig once it exists", async () => {
    const wb = makeRoot();
    const pages = await startPages({ root: wb.root });
    try {
      const before = await (await fetch(`${pages.url}/cluster?lang=en`)).text();
      expect(before).toContain("No cluster to connect to. Start one first: npm run cluster");
      wb.write("kubeconfig", "apiVersion: v1\nkind: Config\nclusters:\n- name: kw\n  cluster: { server: 'http://127.0.0.1:6443' }\ncontexts:\n- name: kw\n  context: { cluster: kw, user: kw }\ncurrent-context: kw\nusers:\n- name: kw\n  user: {}\n");
      expect(await (await fetch(`${pages.url}/cluster?lang=en`)).text()).toContain("API server: http://127.0.0.1:6443");
    } finally {
      await pages.stop();
      wb.cleanup();
    }
  });

  it("draws the running cluster's trace at /cluster/timeline, leaving out an unfinished last line", async () => {
    const wb = makeRoot();
    const pages = await startPages({ root: wb.root });
    const get = async () => (await fetch(`${pages.url}/cluster/timeline?lang=en`)).text();
    try {
      expect(await get()).toContain("No trace yet. npm run cluster starts writing one to .workbook/cluster-trace.jsonl.");
      const { components } = await loadComponents();
      const { cluster } = await runScenario(loadScenario(join(paths.root, "scenarios/node-failure.yaml")), components);
      wb.write("cluster-trace.jsonl", cluster.trace.toJsonLines() + '{"t":999999,"comp');
      const page = await get();
      expect(page).toContain("The cluster over time");
      expect(page).toContain(renderTimeline(cluster.trace.entries, "en"));
      wb.write("cluster-trace.jsonl", "not json\n");
      expect(await get()).toContain("The trace could not be read: trace line 1 is not JSON");
    } finally {
      await pages.stop();
      wb.cleanup();
    }
  });

  it("reads the current context's server from a kubeconfig, and nothing from a broken one", () => {
    const dir = mkdtempSync(join(tmpdir(), "kubeconfig-"));
    try {
      const file = join(dir, "config");
      writeFileSync(file, "clusters:\n- name: a\n  cluster: { server: 'http://127.0.0.1:1/' }\n- name: b\n  cluster: { server: 'http://127.0.0.1:2' }\ncontexts:\n- name: b\n  context: { cluster: b }\ncurrent-context: b\n");
      expect(readKubeconfig(file)).toEqual({ url: "http://127.0.0.1:2" });
      writeFileSync(file, ": : :\n- [");
      expect(readKubeconfig(file)).toBeUndefined();
      expect(readKubeconfig(join(dir, "missing"))).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("the timeline", () => {
  const e = (t: number, verb: string, more: Partial<TraceEntry>): TraceEntry => ({ t, component: "replicaset-controller", verb, ...more });
  const podOf = (name: string, rs: string, ready = false, node = "node-1") => ({ kind: "Pod", namespace: "default", name, owner: { kind: "ReplicaSet", name: rs }, ready, node });
  const rolling: TraceEntry[] = [
    { t: 0, component: "kubelet/node-1", verb: "registered", kind: "Node", name: "node-1" },
    e(0, "created", { kind: "ReplicaSet", name: "web-1", revision: "1" }),
    e(0, "created", podOf("a", "web-1")),
    e(0, "created", podOf("b", "web-1")),
    { t: 1000, component: "kubelet/node-1", verb: "status", ...podOf("a", "web-1", true) },
    e(5000, "created", { kind: "ReplicaSet", name: "web-2", revision: "2" }),
    e(5000, "created", podOf("c", "web-2")),
    e(6000, "deleted", podOf("a", "web-1")),
    { t: 20_000, component: "scenario", verb: "killed", kind: "Node", name: "node-1" },
    { t: 60_000, component: "node-lifecycle-controller", verb: "status", kind: "Node", name: "node-1", message: "Ready=Unknown: Kubelet stopped posting node status." },
  ];

  it("counts the pods of each ReplicaSet and the ready ones over virtual time", () => {
    const data = timelineData(rolling);
    expect(data.replicaSets).toEqual([{ name: "web-1", revision: "1" }, { name: "web-2", revision: "2" }]);
    expect(data.pods).toEqual([
      { t: 0, counts: { "web-1": 2 }, ready: 0 },
      { t: 1000, counts: { "web-1": 2 }, ready: 1 },
      { t: 5000, counts: { "web-1": 2, "web-2": 1 }, ready: 1 },
      { t: 6000, counts: { "web-1": 1, "web-2": 1 }, ready: 0 },
    ]);
  });

  it("draws each node's Ready condition, when it stopped and the pods removed from it", () => {
    const [lane] = timelineData(rolling).nodes;
    expect(lane).toEqual({
      name: "node-1",
      segments: [{ from: 0, to: 60_000, state: "True" }, { from: 60_000, to: 60_000, state: "Unknown" }],
      stopped: [20_000],
      evictions: [{ t: 6000, pod: "a" }],
    });
    const svg = renderTimeline(rolling, "en");
    expect(svg).toMatch(/^<svg class="timeline"/);
    expect(svg.match(/<path class="rs-area"/g)).toHaveLength(2);
    expect(svg).toContain('<rect class="cond cond-Unknown"');
    expect(svg).toContain("web-2 (rev 2)");
  });

  it("shows a node failure: the node Unknown from 85 s, its pod evicted at 385 s and replaced, the ready count back to 3", async () => {
    const { components } = await loadComponents();
    const { cluster, failures } = await runScenario(loadScenario(join(paths.root, "scenarios/node-failure.yaml")), components);
    expect(failures).toEqual([]);
    const data = timelineData(cluster.trace.entries);
    const dead = data.nodes.find((l) => l.name === "node-1")!;
    expect(dead.stopped).toEqual([30_000]);
    expect(dead.segments.map((s) => [s.from, s.state])).toEqual([[0, "True"], [85_000, "Unknown"]]);
    expect(dead.evictions.map((e) => e.t)).toEqual([385_000]);
    const readyAt = (t: number) => data.pods.filter((p) => p.t <= t).at(-1)!.ready;
    expect([readyAt(80_000), readyAt(300_000), readyAt(data.end)]).toEqual([3, 2, 3]);
    expect(renderTimeline(cluster.trace.entries, "ko")).toContain('<text class="eviction"');
  });

  it("parses JSON lines and names a line that is not JSON", () => {
    expect(parseTrace('{"t":0,"component":"x","verb":"y"}\n\n')).toEqual([{ t: 0, component: "x", verb: "y" }]);
    expect(() => parseTrace('{"t":0}\nnope')).toThrow("trace line 2 is not JSON");
  });

  it("is written by `npm run sim -- <scenario> --html out.html` for a rolling update", { timeout: 60_000 }, () => {
    const dir = mkdtempSync(join(tmpdir(), "timeline-"));
    try {
      const out = join(dir, "out.html");
      const run = spawnSync(process.execPath, ["--import", "tsx", "src/sim/cli.ts", "test/pages/fixtures/rolling-update.yaml", "--json", "--html", out], {
        cwd: paths.root,
        encoding: "utf8",
        env: { ...process.env, WORKBOOK_LANG: "en" },
      });
      expect(run.status, run.stderr).toBe(0);
      const html = readFileSync(out, "utf8");
      expect(html).toContain("<title>Timeline: rolling-update.yaml</title>");
      expect(html.match(/<path class="rs-area" data-rs="web-[a-z0-9]+"/g)).toHaveLength(2);
      expect(html.match(/<g class="node-lane"/g)).toHaveLength(2);
      // The same run as JSON lines renders the same picture.
      expect(html).toContain(renderTimeline(parseTrace(run.stdout), "en"));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
