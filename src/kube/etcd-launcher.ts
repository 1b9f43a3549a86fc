/**
 * Starts a throwaway etcd on loopback, for tests and for `npm run cluster` with a real store: free ports, a temporary
 * data directory, and a `stop()` that ends that one process by its pid and removes the directory.
 *
 * Flags as etcd 3.4 takes them (Debian's etcd-server); see reference/wire-facts.md.
 */
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface EtcdProcess {
  /** The client URL, e.g. `http://127.0.0.1:41234`. */
  url: string;
  pid: number;
  /** Sends SIGTERM to this etcd, waits for it to exit, and removes its data directory. */
  stop(): Promise<void>;
}

export interface LaunchOptions {
  /** The etcd binary (default: `etcd` on the PATH). */
  etcd?: string;
  /** How long to wait for `/health` to answer `{"health":"true"}` (default 20 s). */
  timeoutMs?: number;
}

/** A port nobody listens on right now. The kernel picks it; another process could take it first, rarely. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Starts etcd and resolves once it is healthy.
 * @example const etcd = await launchEtcd(); ... await etcd.stop();
 */
export async function launchEtcd(options: LaunchOptions = {}): Promise<EtcdProcess> {
  const dir = await mkdtemp(join(tmpdir(), "kube-workbook-etcd-"));
  const [clientPort, peerPort] = [await freePort(), await freePort()];
  const url = `http://127.0.0.1:${clientPort}`;
  const peer = `http://127.0.0.1:${peerPort}`;
  const child = spawn(
    options.etcd ?? "etcd",
    [
      "--name", "workbook",
      "--data-dir", join(dir, "data"),
      "--listen-client-urls", url,
      "--advertise-client-urls", url,
      "--listen-peer-urls", peer,
      "--initial-advertise-peer-urls", peer,
      "--initial-cluster", `workbook=${peer}`,
    ],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  // Keep the end of etcd's log, to explain a start that fails; reading it also keeps the pipe from filling up.
  let log = "";
  child.stderr!.on("data", (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  let alive = true;
  void exited.then(() => {
    alive = false;
  });
  child.once("error", (error) => {
    log += `\n${error.message}`;
    alive = false;
  });

  const stop = async (): Promise<void> => {
    if (alive && child.pid !== undefined) {
      process.kill(child.pid, "SIGTERM");
      const timeout = setTimeout(() => {
        if (alive && child.pid !== undefined) process.kill(child.pid, "SIGKILL");
      }, 10_000);
      await exited;
      clearTimeout(timeout);
    }
    await rm(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + (options.timeoutMs ?? 20_000);
  while (Date.now() < deadline) {
    if (!alive) break;
    try {
      const response = await fetch(`${url}/health`);
      const body = (await response.json()) as { health?: string };
      if (body.health === "true") return { url, pid: child.pid!, stop };
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  await stop();
  throw new Error(`etcd did not become healthy at ${url}${alive ? " in time" : " (it exited)"}:\n${log.trim()}`);
}
