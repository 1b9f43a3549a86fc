/**
 * The HTTP API server: a node:http server on loopback that speaks enough of the Kubernetes REST API for the real
 * kubectl and @kubernetes/client-node to drive whatever `Api` it is given (the simulated cluster's, usually):
 * `/version`, discovery (legacy and aggregated), OpenAPI v3 for apply's validation, and the resource paths
 * (src/server/handlers.ts). Every failure is answered as a `Status` with its code; a handler that throws something
 * unexpected is a 500 InternalError, and the server keeps serving.
 *
 * Follows staging/src/k8s.io/apiserver/pkg/endpoints (installer.go: the paths; discovery/; handlers/) and
 * staging/src/k8s.io/apiserver/pkg/server/config.go (the default request body limit). No authentication, no
 * authorization, no TLS: the server binds to 127.0.0.1 only.
 *
 * @example
 * const server = await startApiServer({ api: cluster.api });
 * console.log(server.url); // http://127.0.0.1:41234
 * await server.close();
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { ApiError } from "#kube";
import type { Api } from "../kube/api.ts";
import { aggregatedContentType, aggregatedDiscovery, aggregatedVersion, apiGroup, apiGroupList, apiResourceList, apiVersions, versionInfo } from "./discovery.ts";
import { handleResource, type LogSource } from "./handlers.ts";
import { openapiDocument, openapiRoot } from "./openapi.ts";
import { route } from "./routes.ts";
import { WatchRegistry } from "./watch.ts";
import { asApiError, parseAccept, pathNotFound, sendError, sendJson, sendText } from "./wire.ts";

export interface ApiHttpServerOptions {
  api: Api;
  /** 0 (default): any free port. */
  port?: number;
  /** Loopback only; anything else is refused. */
  host?: "127.0.0.1";
  /** Now, ms since 1970, as the cluster's clock says (AGE columns); default Date.now. */
  now?: () => number;
  /** Where pod logs come from (the fake runtime); without it every log request says the container has not started. */
  logs?: LogSource;
  /** Called after each request (a request log). */
  onRequest?: (entry: { method: string; url: string; code: number; ms: number }) => void;
}

export interface ApiHttpServer {
  /** `http://127.0.0.1:PORT` */
  url: string;
  port: number;
  server: Server;
  /** Ends every open watch stream (clients re-watch). */
  closeWatches(): void;
  /** How many watch streams are open. */
  openWatches(): number;
  /** Stops listening, ends every watch and connection. */
  close(): Promise<void>;
}

export async function startApiServer(options: ApiHttpServerOptions): Promise<ApiHttpServer> {
  const host = options.host ?? "127.0.0.1";
  if (host !== "127.0.0.1") throw new Error(`The API server binds to 127.0.0.1 only, not ${String(host)}`);
  const watches = new WatchRegistry();
  const now = options.now ?? Date.now;
  let address = "127.0.0.1:0";

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const method = req.method ?? "GET";
    let r;
    try {
      r = route(url.pathname);
    } catch {
      r = undefined; // a path that does not decode (bad % escape)
    }
    if (!r) throw pathNotFound();
    if (r.kind !== "resource" && method !== "GET" && method !== "HEAD") {
      throw new ApiError(405, "MethodNotAllowed", `the server does not allow this method on the requested resource (${method} ${url.pathname})`, {});
    }
    const accept = parseAccept(req.headers.accept);
    switch (r.kind) {
      case "version":
        return sendJson(res, 200, versionInfo());
      case "health":
        return sendText(res, 200, "ok");
      case "apiVersions": {
        const v = aggregatedVersion(accept);
        return v ? sendJson(res, 200, aggregatedDiscovery(true, v), aggregatedContentType(v)) : sendJson(res, 200, apiVersions(address));
      }
      case "apiGroups": {
        const v = aggregatedVersion(accept);
        return v ? sendJson(res, 200, aggregatedDiscovery(false, v), aggregatedContentType(v)) : sendJson(res, 200, apiGroupList());
      }
      case "apiGroup": {
        const g = apiGroup(r.group);
        if (!g) throw pathNotFound();
        return sendJson(res, 200, g);
      }
      case "resourceList":
        return sendJson(res, 200, apiResourceList(r.group, r.version));
      case "openapiRoot":
        return sendJson(res, 200, openapiRoot());
      case "openapiGroup": {
        const doc = openapiDocument(r.group, r.version);
        if (!doc) throw pathNotFound();
        return sendJson(res, 200, doc);
      }
      case "resource":
        return handleResource({ api: options.api, watches, now, ...(options.logs ? { logs: options.logs } : {}) }, req, res, r.request, url.searchParams);
    }
  };

  const server = createServer((req, res) => {
    const started = performance.now();
    handle(req, res)
      .catch((err: unknown) => {
        const error = asApiError(err);
        if (error.code >= 500) console.error(`kube-workbook API server: ${req.method} ${req.url}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
        // Drain what the client still sends, so the connection can be reused.
        req.resume();
        sendError(res, error);
      })
      .finally(() => options.onRequest?.({ method: req.method ?? "", url: req.url ?? "", code: res.statusCode, ms: performance.now() - started }));
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  address = `127.0.0.1:${port}`;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    server,
    closeWatches: () => watches.closeAll(),
    openWatches: () => watches.size,
    close: () =>
      new Promise<void>((resolve) => {
        watches.closeAll();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
