/**
 * Shared by the server tests: a cluster started on loopback with its kubeconfig in a temporary folder, the real
 * kubectl run against it with a fresh HOME (kubectl caches discovery under ~/.kube/cache), and polling helpers.
 * Every test file stops what it started and removes its folder.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { startCluster, type RunningCluster, type StartClusterOptions } from "../../src/cli/cluster.ts";

export interface TestCluster extends RunningCluster {
  dir: string;
  kubeconfigPath: string;
  /** Runs kubectl with this cluster's kubeconfig and a fresh HOME; rejects with stderr on a non-zero exit. */
  kubectl(...args: string[]): Promise<string>;
  /** Runs kubectl and resolves with the exit code and both outputs, never rejecting. */
  kubectlResult(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }>;
  close(): Promise<void>;
}

export async function testCluster(options: StartClusterOptions = {}): Promise<TestCluster> {
  const dir = mkdtempSync(join(tmpdir(), "kube-workbook-server-"));
  const kubeconfigPath = join(dir, "kubeconfig");
  let running: RunningCluster;
  try {
    running = await startCluster({ speed: 20, tracePath: join(dir, "cluster-trace.jsonl"), ...options, kubeconfigPath });
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  const env = { ...process.env, KUBECONFIG: kubeconfigPath, HOME: join(dir, "home") };
  const kubectlResult = (...args: string[]) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile("kubectl", args, { env, timeout: 90_000, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
        const code = err ? (typeof (err as { code?: unknown }).code === "number" ? (err as { code: number }).code : 1) : 0;
        resolve({ code, stdout, stderr });
      });
    });
  return {
    ...running,
    dir,
    kubeconfigPath,
    kubectlResult,
    async kubectl(...args: string[]) {
      const r = await kubectlResult(...args);
      if (r.code !== 0) throw new Error(`kubectl ${args.join(" ")} exited ${r.code}:\n${r.stderr}${r.stdout}`);
      return r.stdout;
    },
    async close() {
      await running.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it returns a truthy value (returned) or `timeoutMs` passes (throws, saying `what`). */
export async function waitFor<T>(what: string, check: () => Promise<T> | T, timeoutMs = 30_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value as NonNullable<T>;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ""}`);
    await sleep(50);
  }
}

const here = dirname(fileURLToPath(import.meta.url));

/** The official nginx Deployment example: lesson 4's copy when it is there, else this folder's. */
export const NGINX_MANIFEST = [join(here, "..", "..", "lessons", "04-manifests", "manifests", "kubernetes-io-nginx-deployment.yaml"), join(here, "fixtures", "nginx-deployment.yaml")].find((p) => existsSync(p))!;
