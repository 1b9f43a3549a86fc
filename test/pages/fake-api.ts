/**
 * A small stand-in for the cluster's API server, enough for the cluster page: list and `?watch=true` of nodes and
 * pods in Kubernetes JSON (one global resourceVersion, watch events as JSON lines, 410 for a version too old), and
 * pod creation with POST. The page tests use it where they need no scheduler or kubelet behind the API.
 */
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Node, Pod } from "#kube";

type Obj = Node | Pod;
type Resource = "nodes" | "pods";
interface Event {
  rv: number;
  resource: Resource;
  type: "ADDED" | "MODIFIED" | "DELETED";
  object: Obj;
}

export interface FakeApi {
  url: string;
  put(resource: Resource, object: Obj): Obj;
  remove(resource: Resource, namespace: string | undefined, name: string): void;
  stop(): Promise<void>;
}

export async function startFakeApi(initial: { nodes?: Node[]; pods?: Pod[] } = {}): Promise<FakeApi> {
  let rv = 1;
  const store: Record<Resource, Map<string, Obj>> = { nodes: new Map(), pods: new Map() };
  const history: Event[] = [];
  const watchers = new Set<{ resource: Resource; res: ServerResponse }>();
  const key = (o: Obj) => `${o.metadata?.namespace ?? ""}/${o.metadata?.name}`;

  const emit = (event: Event) => {
    history.push(event);
    for (const w of watchers) if (w.resource === event.resource) w.res.write(JSON.stringify({ type: event.type, object: event.object }) + "\n");
  };
  const put = (resource: Resource, object: Obj): Obj => {
    const existed = store[resource].has(key(object));
    const stored = { ...object, metadata: { ...object.metadata, resourceVersion: String(++rv), uid: object.metadata?.uid ?? `uid-${rv}` } } as Obj;
    store[resource].set(key(stored), stored);
    emit({ rv, resource, type: existed ? "MODIFIED" : "ADDED", object: stored });
    return stored;
  };
  const remove = (resource: Resource, namespace: string | undefined, name: string) => {
    const k = `${namespace ?? ""}/${name}`;
    const old = store[resource].get(k);
    if (!old) return;
    store[resource].delete(k);
    emit({ rv: ++rv, resource, type: "DELETED", object: { ...old, metadata: { ...old.metadata, resourceVersion: String(rv) } } as Obj });
  };
  for (const n of initial.nodes ?? []) put("nodes", { apiVersion: "v1", kind: "Node", ...n });
  for (const p of initial.pods ?? []) put("pods", { apiVersion: "v1", kind: "Pod", ...p });

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    const list = /^\/api\/v1\/(nodes|pods)$/.exec(url.pathname);
    const create = /^\/api\/v1\/namespaces\/([a-z0-9-]+)\/pods$/.exec(url.pathname);
    if (req.method === "GET" && list) {
      const resource = list[1] as Resource;
      if (url.searchParams.get("watch") === "true") {
        const from = Number(url.searchParams.get("resourceVersion") ?? rv);
        if (from < (history[0]?.rv ?? 0) - 1) {
          res.writeHead(410, { "content-type": "application/json" }).end(JSON.stringify({ kind: "Status", code: 410, reason: "Expired" }));
          return;
        }
        res.writeHead(200, { "content-type": "application/json", "transfer-encoding": "chunked" });
        for (const e of history) if (e.resource === resource && e.rv > from) res.write(JSON.stringify({ type: e.type, object: e.object }) + "\n");
        const w = { resource, res };
        watchers.add(w);
        req.on("close", () => watchers.delete(w));
        return;
      }
      const items = [...store[resource].values()];
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ kind: resource === "pods" ? "PodList" : "NodeList", apiVersion: "v1", metadata: { resourceVersion: String(rv) }, items }));
      return;
    }
    if (req.method === "POST" && create) {
      let body = "";
      req.on("data", (d: Buffer) => (body += d.toString()));
      req.on("end", () => {
        const pod = JSON.parse(body) as Pod;
        const stored = put("pods", { ...pod, metadata: { ...pod.metadata, namespace: create[1] }, status: { phase: "Pending" } } as Pod);
        res.writeHead(201, { "content-type": "application/json" }).end(JSON.stringify(stored));
      });
      return;
    }
    res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ kind: "Status", code: 404 }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    put,
    remove,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const w of watchers) w.res.end();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A Ready node with some allocatable cpu and memory. */
export function node(name: string, extra: { cpu?: string; unschedulable?: boolean } = {}): Node {
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata: { name, labels: { "kubernetes.io/hostname": name } },
    spec: extra.unschedulable ? { unschedulable: true } : {},
    status: {
      allocatable: { cpu: extra.cpu ?? "2", memory: "4Gi", pods: "110" },
      capacity: { cpu: extra.cpu ?? "2", memory: "4Gi", pods: "110" },
      conditions: [{ type: "Ready", status: "True" }],
    },
  };
}

/** A pod asking for `cpu`, bound to `nodeName` when given. */
export function pod(name: string, cpu = "100m", nodeName?: string): Pod {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace: "default", ownerReferences: [{ apiVersion: "apps/v1", kind: "ReplicaSet", name: "web-abc", uid: "rs-1", controller: true }] },
    spec: { ...(nodeName ? { nodeName } : {}), containers: [{ name: "c", image: "nginx", resources: { requests: { cpu, memory: "64Mi" } } }] },
    status: nodeName ? { phase: "Running", conditions: [{ type: "Ready", status: "True" }] } : { phase: "Pending" },
  };
}
