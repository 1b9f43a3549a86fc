/**
 * The page server's view of a live cluster: for nodes and pods, a list and then a `?watch=true` stream from the
 * list's resourceVersion (what an informer does, chapter 16), kept in memory and announced to listeners as changes.
 * A stream that ends is watched again from the last resourceVersion seen; an error, or a 410 Gone (the version was
 * compacted), relists. Works against any Kubernetes-compatible API server; talks plain JSON (no Table output).
 */
import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import type { Node, Pod } from "#kube";
import type { ClusterTarget } from "./kubeconfig.ts";

export type Resource = "nodes" | "pods";
export const RESOURCES: readonly Resource[] = ["nodes", "pods"];

export type WatchChange =
  | { type: "reset"; resource: Resource }
  | { type: "upsert" | "delete"; resource: Resource; object: Node | Pod }
  | { type: "status"; connected: boolean; error?: string };

interface KubeObjectLike {
  metadata?: { name?: string; namespace?: string; resourceVersion?: string };
}
const keyOf = (o: KubeObjectLike): string => `${o.metadata?.namespace ?? ""}/${o.metadata?.name ?? ""}`;

class Gone extends Error {
  override name = "Gone";
}

export class ClusterWatch {
  readonly objects: Record<Resource, Map<string, Node | Pod>> = { nodes: new Map(), pods: new Map() };
  #listeners = new Set<(change: WatchChange) => void>();
  #open = new Set<{ destroy(): void }>();
  #timers = new Set<NodeJS.Timeout>();
  #stopped = false;
  #synced = new Set<Resource>();
  connected = false;
  lastError: string | undefined;

  constructor(readonly target: ClusterTarget) {}

  start(): this {
    for (const resource of RESOURCES) void this.#run(resource);
    return this;
  }

  /** Calls `listener` on every change; returns the function that stops calling it. */
  subscribe(listener: (change: WatchChange) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Resolves once both lists have arrived, or after `timeoutMs` (the caller then sees what there is). */
  async synced(timeoutMs = 3000): Promise<boolean> {
    for (let waited = 0; !this.connected && waited < timeoutMs && !this.#stopped; waited += 50) await this.#sleep(50);
    return this.connected;
  }

  nodes(): Node[] {
    return [...this.objects.nodes.values()] as Node[];
  }
  pods(): Pod[] {
    return [...this.objects.pods.values()] as Pod[];
  }

  stop(): void {
    this.#stopped = true;
    for (const r of this.#open) r.destroy();
    for (const t of this.#timers) clearTimeout(t);
    this.#listeners.clear();
  }

  #emit(change: WatchChange): void {
    for (const l of this.#listeners) l(change);
  }

  #setConnected(connected: boolean, error?: string): void {
    this.lastError = error;
    if (connected === this.connected) return;
    this.connected = connected;
    this.#emit({ type: "status", connected, ...(error ? { error } : {}) });
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#timers.delete(timer);
        resolve();
      }, ms);
      this.#timers.add(timer);
    });
  }

  /** List, then watch until the stream fails; relist after an error, with a growing pause (up to 5 s). */
  async #run(resource: Resource): Promise<void> {
    let pause = 250;
    while (!this.#stopped) {
      try {
        let rv = await this.#list(resource);
        pause = 250;
        for (;;) {
          if (this.#stopped) return;
          rv = await this.#watch(resource, rv);
        }
      } catch (error) {
        if (this.#stopped) return;
        if (!(error instanceof Gone)) {
          this.#synced.delete(resource);
          this.#setConnected(false, error instanceof Error ? error.message : String(error));
          await this.#sleep(pause);
          pause = Math.min(pause * 2, 5000);
        }
      }
    }
  }

  async #list(resource: Resource): Promise<string> {
    const res = await this.#get(`/api/v1/${resource}`);
    const text = await readAll(res);
    if (res.statusCode !== 200) throw new Error(`GET /api/v1/${resource}: ${res.statusCode} ${text.slice(0, 200)}`);
    const list = JSON.parse(text) as { items?: (Node | Pod)[]; metadata?: { resourceVersion?: string } };
    const map = this.objects[resource];
    map.clear();
    for (const item of list.items ?? []) map.set(keyOf(item), item);
    this.#synced.add(resource);
    if (this.#synced.size === RESOURCES.length) this.#setConnected(true);
    this.#emit({ type: "reset", resource });
    return list.metadata?.resourceVersion ?? "";
  }

  /** One watch stream; returns the last resourceVersion seen when it ends cleanly. */
  async #watch(resource: Resource, from: string): Promise<string> {
    const query = new URLSearchParams({ watch: "true", allowWatchBookmarks: "true", ...(from ? { resourceVersion: from } : {}) });
    const res = await this.#get(`/api/v1/${resource}?${query}`);
    if (res.statusCode === 410) throw new Gone();
    if (res.statusCode !== 200) throw new Error(`watch /api/v1/${resource}: ${res.statusCode} ${(await readAll(res)).slice(0, 200)}`);
    let rv = from;
    let buffer = "";
    res.setEncoding("utf8");
    for await (const chunk of res as AsyncIterable<string>) {
      buffer += chunk;
      let nl: number;
      while ((nl = buffer.indexOf("\n")) >= 0) {
        const line = buffer.slice(0, nl).trim();
        buffer = buffer.slice(nl + 1);
        if (!line) continue;
        const event = JSON.parse(line) as { type: string; object: (Node | Pod) & { code?: number } };
        if (event.type === "ERROR") throw event.object.code === 410 ? new Gone() : new Error(`watch error: ${JSON.stringify(event.object)}`);
        rv = event.object.metadata?.resourceVersion ?? rv;
        if (event.type === "BOOKMARK") continue;
        const map = this.objects[resource];
        if (event.type === "DELETED") map.delete(keyOf(event.object));
        else map.set(keyOf(event.object), event.object);
        this.#emit({ type: event.type === "DELETED" ? "delete" : "upsert", resource, object: event.object });
      }
    }
    return rv;
  }

  #get(path: string): Promise<IncomingMessage> {
    const { target } = this;
    const url = new URL(target.url + path);
    const secure = url.protocol === "https:";
    const headers: Record<string, string> = { accept: "application/json" };
    if (target.token) headers.authorization = `Bearer ${target.token}`;
    return new Promise((resolve, reject) => {
      const options = {
        method: "GET",
        headers,
        ...(secure ? { ca: target.ca, cert: target.cert, key: target.key, rejectUnauthorized: !target.insecure } : {}),
      };
      const req = (secure ? httpsRequest : httpRequest)(url, options, (res) => {
        this.#open.add(res);
        res.on("close", () => this.#open.delete(res));
        resolve(res);
      });
      this.#open.add(req);
      req.on("close", () => this.#open.delete(req));
      req.on("error", reject);
      req.end();
    });
  }
}

async function readAll(res: IncomingMessage): Promise<string> {
  res.setEncoding("utf8");
  let text = "";
  for await (const chunk of res as AsyncIterable<string>) text += chunk;
  return text;
}
