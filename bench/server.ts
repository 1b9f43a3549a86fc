/**
 * The HTTP API server benchmark, two figures:
 * - `kubectl get pods` over 10,000 pods in one namespace (wall time of the whole command, discovery included, with a
 *   fresh HOME so kubectl's discovery cache is cold; kubectl pages by 500, each page a server-side Table), as
 *   upstream's scalability tests time LIST latency (kubernetes/perf-tests, the "list pods" SLI);
 * - the API under about 1,000 requests per second of mixed reads and writes (60% GET of one of 200 ConfigMaps, 20%
 *   LIST of a page of 50, 10% POST of a new ConfigMap, 10% read-modify-PUT of one with its resourceVersion, retried
 *   on 409) sent by a second process on loopback over 64 keep-alive connections, open-loop at a fixed rate, bounded
 *   in count and time; p50 and p99 latency (a PUT's includes its GET and retries) as that process measured them.
 *
 * The server runs over the reference store and API server (chapters 2 and 3) without the rest of the cluster, so
 * the figures are the HTTP layer's and the storage layer's, not the controllers'.
 */
import { execFile, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Api, ApiServerOptions } from "../src/kube/api.ts";
import type { KubeObject, Storage } from "../src/kube/index.ts";
import { startApiServer } from "../src/server/index.ts";
import { loadComponents } from "../src/sim/slots.ts";
import { kubeconfigText } from "../src/cli/cluster.ts";
import { findTool } from "../src/workbook/tools.ts";

export interface ServerBench {
  /** Pods in the namespace kubectl lists. */
  pods: number;
  /** Wall time of `kubectl get pods`, ms; undefined when kubectl is not installed. */
  kubectlGetPodsMs?: number;
  /** Rows kubectl printed (should equal `pods`). */
  kubectlRows?: number;
  load: {
    /** The rate asked for, requests per second. */
    targetRps: number;
    /** Requests completed and the rate achieved. */
    requests: number;
    achievedRps: number;
    p50Ms: number;
    p99Ms: number;
    /** Answers other than 200/201 (a 409 that was retried counts once, as a request). */
    errors: number;
    conflicts: number;
  };
}

export interface ServerBenchOptions {
  pods?: number;
  /** Requests per second the load process aims at (default 1,000). */
  rps?: number;
  /** Seconds of load (default 5); the request count is rps x seconds. */
  seconds?: number;
}

const pod = (i: number): KubeObject => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: `bench-${String(i).padStart(5, "0")}`, namespace: "bench", labels: { app: "bench" } },
  spec: { nodeName: `node-${i % 100}`, containers: [{ name: "c", image: "nginx:1.27" }] },
});

/** The load generator, run by `node --input-type=module -e` in a second process; prints one JSON line. */
const LOAD_SCRIPT = `
import http from "node:http";
const [url, rps, seconds] = [process.argv[1], Number(process.argv[2]), Number(process.argv[3])];
const total = Math.round(rps * seconds);
const base = new URL(url);
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
const cms = "/api/v1/namespaces/bench/configmaps";
function request(method, path, body) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: base.hostname, port: base.port, method, path, agent, headers: body ? { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body) } : {} }, (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString() }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(body);
  });
}
const latencies = [];
let errors = 0, conflicts = 0, done = 0;
async function one(i) {
  const started = performance.now();
  const kind = i % 10;
  const name = cms + "/cm-" + (i % 200);
  try {
    if (kind < 6) {
      if ((await request("GET", name)).status !== 200) errors++;
    } else if (kind < 8) {
      if ((await request("GET", cms + "?limit=50")).status !== 200) errors++;
    } else if (kind === 8) {
      const body = JSON.stringify({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "new-" + i }, data: { i: String(i) } });
      if ((await request("POST", cms, body)).status !== 201) errors++;
    } else {
      for (let attempt = 0; attempt < 10; attempt++) {
        const cur = JSON.parse((await request("GET", name)).body);
        cur.data = { ...(cur.data || {}), n: String(i) };
        const r = await request("PUT", name, JSON.stringify(cur));
        if (r.status === 409) { conflicts++; continue; }
        if (r.status !== 200) errors++;
        break;
      }
    }
  } catch { errors++; }
  latencies.push(performance.now() - started);
  done++;
}
const start = performance.now();
const deadline = start + seconds * 1000 + 10000;
const pending = [];
// Open loop: every few milliseconds, send every request that is due by now (a timer per request cannot keep up).
let sent = 0;
while (sent < total && performance.now() < deadline) {
  const due = Math.min(total, Math.floor(((performance.now() - start) * rps) / 1000) + 1);
  while (sent < due) pending.push(one(sent++));
  await new Promise((r) => setTimeout(r, 5));
}
await Promise.race([Promise.all(pending), new Promise((r) => setTimeout(r, Math.max(0, deadline - performance.now())))]);
const elapsed = (performance.now() - start) / 1000;
latencies.sort((a, b) => a - b);
const q = (p) => latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] : 0;
console.log(JSON.stringify({ requests: done, seconds: elapsed, p50: q(0.5), p99: q(0.99), errors, conflicts }));
process.exit(0);
`;

function runLoad(url: string, rps: number, seconds: number): Promise<{ requests: number; seconds: number; p50: number; p99: number; errors: number; conflicts: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--input-type=module", "-e", LOAD_SCRIPT, url, String(rps), String(seconds)], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    const kill = setTimeout(() => child.pid !== undefined && process.kill(child.pid, "SIGKILL"), (seconds + 30) * 1000);
    child.on("exit", (code) => {
      clearTimeout(kill);
      if (code !== 0) return reject(new Error(`the load process exited ${code}: ${err}`));
      try {
        resolve(JSON.parse(out.trim().split("\n").at(-1)!));
      } catch {
        reject(new Error(`the load process printed no result: ${out}${err}`));
      }
    });
  });
}

export async function benchServer(options: ServerBenchOptions = {}): Promise<ServerBench> {
  const pods = options.pods ?? 10_000;
  const rps = options.rps ?? 1000;
  const seconds = options.seconds ?? 5;
  const { components } = await loadComponents();
  const storage: Storage = components.store!();
  let n = 0;
  const api: Api = components.apiserver({ storage, now: () => new Date().toISOString().replace(/\.\d{3}Z$/, "Z"), uid: () => `00000000-0000-4000-8000-${String(++n).padStart(12, "0")}` } satisfies ApiServerOptions);
  await api.create("namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: "bench" } });
  await api.create("namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: "default" } });
  for (let i = 0; i < pods; i++) await api.create("pods", pod(i), "bench");
  for (let i = 0; i < 200; i++) await api.create("configmaps", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: `cm-${i}` }, data: {} }, "bench");

  const server = await startApiServer({ api });
  const dir = mkdtempSync(join(tmpdir(), "kube-workbook-bench-"));
  try {
    const result: ServerBench = { pods, load: { targetRps: rps, requests: 0, achievedRps: 0, p50Ms: 0, p99Ms: 0, errors: 0, conflicts: 0 } };
    if (findTool("kubectl", ["version", "--client"])) {
      const kubeconfig = join(dir, "kubeconfig");
      writeFileSync(kubeconfig, kubeconfigText(server.url));
      const started = performance.now();
      const stdout = await new Promise<string>((resolve, reject) =>
        execFile("kubectl", ["get", "pods", "-n", "bench"], { env: { ...process.env, KUBECONFIG: kubeconfig, HOME: join(dir, "home") }, maxBuffer: 256 * 1024 * 1024, timeout: 120_000 }, (err, out, stderr) =>
          err ? reject(new Error(`kubectl get pods failed: ${stderr}`)) : resolve(out),
        ),
      );
      result.kubectlGetPodsMs = Math.round(performance.now() - started);
      result.kubectlRows = stdout.trim().split("\n").length - 1;
    }
    const load = await runLoad(server.url, rps, seconds);
    result.load = {
      targetRps: rps,
      requests: load.requests,
      achievedRps: Math.round(load.requests / load.seconds),
      p50Ms: Math.round(load.p50 * 100) / 100,
      p99Ms: Math.round(load.p99 * 100) / 100,
      errors: load.errors,
      conflicts: load.conflicts,
    };
    return result;
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

// `node --import tsx bench/server.ts` prints the figures.
if (process.argv[1]?.endsWith("bench/server.ts")) {
  benchServer().then((r) => console.log(JSON.stringify(r, null, 2)));
}
