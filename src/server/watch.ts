/**
 * Watch streams over HTTP: `GET ...?watch=true` answers 200 with a chunked `application/json` body, one
 * `{"type":"ADDED|MODIFIED|DELETED|BOOKMARK|ERROR","object":{...}}` per line, as long as the client stays, until
 * `timeoutSeconds` has passed, or until an ERROR (a 410 for a compacted resourceVersion) has been sent.
 *
 * Follows staging/src/k8s.io/apiserver/pkg/endpoints/handlers/watch.go (serveWatch: the stream, the timeout, the
 * ERROR event carrying a Status, the Table form of each event's object when the client asked for Tables) and
 * pkg/server/config.go (MinRequestTimeout 1800 s: a watch without timeoutSeconds ends after 30 to 60 minutes).
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { ResourceInfo } from "#kube";
import type { Api, ApiWatchOptions } from "../kube/api.ts";
import { toTable, type IncludeObject } from "./tables.ts";

export interface WatchTableOptions {
  now: () => number;
  include: IncludeObject;
}

/** Open watch streams, so a server can end them all (a test that forces clients to re-watch, or shutdown). */
export class WatchRegistry {
  readonly #open = new Set<() => void>();
  add(stop: () => void): () => void {
    this.#open.add(stop);
    return () => this.#open.delete(stop);
  }
  /** Ends every open watch stream; clients see the stream end and watch again. */
  closeAll(): void {
    for (const stop of [...this.#open]) stop();
  }
  get size(): number {
    return this.#open.size;
  }
}

/**
 * Streams a watch. Starts the watch first, so an error at the start (a selector that does not parse) is still
 * answered as a plain Status with its code.
 */
export async function serveWatch(
  api: Api,
  registry: WatchRegistry,
  req: IncomingMessage,
  res: ServerResponse,
  info: ResourceInfo,
  options: ApiWatchOptions,
  timeoutSeconds: number,
  table?: WatchTableOptions,
): Promise<void> {
  const watch = await api.watch(info.resource, options);
  res.writeHead(200, { "Content-Type": "application/json", "Cache-Control": "no-cache, private", "Transfer-Encoding": "chunked" });
  res.flushHeaders();
  let stopped = false;
  const stop = (): void => {
    if (stopped) return;
    stopped = true;
    clearTimeout(timer);
    unregister();
    void watch.return();
    if (!res.writableEnded) res.end();
  };
  const timer = setTimeout(stop, timeoutSeconds * 1000);
  timer.unref();
  const unregister = registry.add(stop);
  req.on("close", stop);
  res.on("close", stop);
  let first = true;
  try {
    for (;;) {
      const next = await watch.next();
      if (next.done || stopped) break;
      const event = next.value;
      let object: unknown = event.object;
      if (table && event.type !== "ERROR" && event.type !== "BOOKMARK") {
        const obj = event.object as unknown as Record<string, never>;
        object = toTable(info, [obj], { now: table.now(), include: table.include, headers: first, resourceVersion: (obj as { metadata?: { resourceVersion?: string } }).metadata?.resourceVersion });
        first = false;
      }
      res.write(JSON.stringify({ type: event.type, object }) + "\n");
      if (event.type === "ERROR") break;
    }
  } finally {
    stop();
  }
}
