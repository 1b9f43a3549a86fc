/**
 * Chapter 3's checks: `ApiServer`, the storage layer of kube-apiserver over the chapter-2 store. Each check builds
 * a fresh MvccStore (the chapter-2 reference), a fixed clock and a counting uid source, so every value below is
 * written out: keys as read back from the store, resourceVersions as store revisions, Status bodies with upstream's
 * messages. The last check runs random operation sequences against the learner's server and the reference, and
 * compares every result, every error (code and reason) and every watch event.
 */
import fc from "fast-check";
import { MvccStore } from "../../solutions/02-etcd/mvcc-store.ts";
import type * as Solution from "../../solutions/03-apiserver/api-server.ts";
import type { ApiWatch, ApiWatchEvent } from "../../src/kube/api.ts";
import { inClusterCheck } from "../in-cluster.ts";
import { defineSpec } from "../spec.ts";

type Module = typeof Solution;
type Server = InstanceType<Module["ApiServer"]>;
// Loose object access for the checks: the server's answers are plain JSON.
type Any = any;

const T0 = "2026-01-01T00:00:00Z";

interface Cluster {
  api: Server;
  store: MvccStore;
  clock: { now: string };
}

/** A fresh store and server with a fixed clock, uids `uid-1`, `uid-2`, ... and generated-name suffixes `s0001`, ... */
function cluster(mod: Module): Cluster {
  const store = new MvccStore();
  const clock = { now: T0 };
  let uids = 0;
  let suffixes = 0;
  const api = new mod.ApiServer({
    storage: store,
    now: () => clock.now,
    uid: () => `uid-${++uids}`,
    suffix: () => `s${String(++suffixes).padStart(4, "0")}`,
  });
  return { api, store, clock };
}

const containers = [{ name: "app", image: "nginx:1.27" }];
const pod = (name: string, extra: { labels?: Record<string, string>; namespace?: string; nodeName?: string; finalizers?: string[] } = {}): Any => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: {
    name,
    ...(extra.namespace ? { namespace: extra.namespace } : {}),
    ...(extra.labels ? { labels: extra.labels } : {}),
    ...(extra.finalizers ? { finalizers: extra.finalizers } : {}),
  },
  spec: { containers, ...(extra.nodeName ? { nodeName: extra.nodeName } : {}) },
});
const deployment = (name: string, replicas = 1, namespace?: string): Any => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name, ...(namespace ? { namespace } : {}) },
  spec: {
    replicas,
    selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name } }, spec: { containers } },
  },
});
const configMap = (name: string, extra: { finalizers?: string[]; labels?: Record<string, string> } = {}): Any => ({
  apiVersion: "v1",
  kind: "ConfigMap",
  metadata: { name, ...extra },
  data: { key: "value" },
});

/** What a call gave: its value, or the Status of the ApiError it was rejected with. Anything else is rethrown. */
async function outcome(call: () => Promise<unknown>): Promise<{ value: unknown } | { status: Any }> {
  try {
    return { value: await call() };
  } catch (error) {
    const e = error as Any;
    if (e && typeof e === "object" && typeof e.toStatus === "function" && typeof e.code === "number") return { status: e.toStatus() };
    throw error;
  }
}

/** The Status of a call that should fail, or the value it unexpectedly returned. */
async function statusOf(call: () => Promise<unknown>): Promise<Any> {
  const result = await outcome(call);
  return "status" in result ? result.status : { returned: result.value };
}

/** Every event the watch has ready (the in-memory store delivers synchronously), and whether it has ended. */
async function drain(watch: ApiWatch, max = 50): Promise<{ events: ApiWatchEvent[]; done: boolean }> {
  const events: ApiWatchEvent[] = [];
  for (let i = 0; i < max; i++) {
    const next = await Promise.race([watch.next(), new Promise<"idle">((resolve) => setTimeout(() => resolve("idle"), 20))]);
    if (next === "idle") return { events, done: false };
    if (next.done) return { events, done: true };
    events.push(next.value);
  }
  return { events, done: false };
}

/** A watch event in short: `ADDED a@5`, `BOOKMARK @7`, `ERROR 410 Expired`. */
function brief(event: ApiWatchEvent): string {
  const o = event.object as Any;
  if (event.type === "ERROR") return `ERROR ${o.code} ${o.reason}`;
  return `${event.type} ${o.metadata?.name ?? ""}@${o.metadata?.resourceVersion}`;
}

const keysIn = async (store: MvccStore): Promise<string[]> => (await store.range({ key: "/registry/", prefix: true })).kvs.map((kv) => kv.key);
const names = (list: Any): string[] => list.items.map((o: Any) => `${o.metadata.namespace ? `${o.metadata.namespace}/` : ""}${o.metadata.name}`);
const withRv = (obj: Any, resourceVersion: string | undefined): Any => ({ ...obj, metadata: { ...obj.metadata, resourceVersion } });

// ---- the random operation sequences of the last check ----

type Op =
  | { op: "create"; kind: "deployments" | "configmaps"; name: string; app: string; finalizer: boolean }
  | { op: "update"; kind: "deployments" | "configmaps"; name: string; rv: "fresh" | "stale" | "none"; change: "spec" | "label" | "status" | "nothing" | "drop-finalizers" }
  | { op: "updateStatus"; name: string; rv: "fresh" | "stale" | "none"; replicas: number }
  | { op: "delete"; kind: "deployments" | "configmaps"; name: string; policy?: "Foreground" | "Background" | "Orphan"; uid: "current" | "stale" | "none" }
  | { op: "list"; kind: "deployments" | "configmaps"; labelSelector?: string; limit?: number }
  | { op: "get"; kind: "deployments" | "configmaps"; name: string }
  | { op: "tick" };

const name = fc.constantFrom("a", "b", "c");
const kind = fc.constantFrom("deployments" as const, "configmaps" as const);
const rv = fc.constantFrom("fresh" as const, "stale" as const, "none" as const);
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant("create" as const), kind, name, app: fc.constantFrom("web", "db"), finalizer: fc.boolean() }),
  fc.record({ op: fc.constant("update" as const), kind, name, rv, change: fc.constantFrom("spec" as const, "label" as const, "status" as const, "nothing" as const, "drop-finalizers" as const) }),
  fc.record({ op: fc.constant("updateStatus" as const), name, rv, replicas: fc.integer({ min: 0, max: 3 }) }),
  fc.record(
    { op: fc.constant("delete" as const), kind, name, policy: fc.constantFrom("Foreground" as const, "Background" as const, "Orphan" as const), uid: fc.constantFrom("current" as const, "stale" as const, "none" as const) },
    { requiredKeys: ["op", "kind", "name", "uid"] },
  ),
  fc.record({ op: fc.constant("list" as const), kind, labelSelector: fc.constantFrom("app=web", "app!=web", "app"), limit: fc.integer({ min: 1, max: 2 }) }, { requiredKeys: ["op", "kind"] }),
  fc.record({ op: fc.constant("get" as const), kind, name }),
  fc.constant({ op: "tick" as const }),
);

/** Runs one operation; errors become `{ code, reason }` so that only what a client can act on is compared. */
async function run(c: Cluster, o: Op): Promise<unknown> {
  const current = async (resource: string, n: string): Promise<Any | undefined> => {
    const got = await outcome(() => c.api.get(resource, "default", n));
    return "value" in got ? (got.value as Any) : undefined;
  };
  const call = async (): Promise<unknown> => {
    switch (o.op) {
      case "tick":
        c.clock.now = new Date(Date.parse(c.clock.now) + 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
        return c.clock.now;
      case "create": {
        const base = o.kind === "deployments" ? deployment(o.name) : configMap(o.name);
        const obj = { ...base, metadata: { ...base.metadata, labels: { app: o.app }, ...(o.finalizer ? { finalizers: ["example.com/hold"] } : {}) } };
        return c.api.create(o.kind, obj);
      }
      case "update": {
        const have = (await current(o.kind, o.name)) ?? (o.kind === "deployments" ? deployment(o.name) : configMap(o.name));
        const next = structuredClone(have);
        if (o.change === "spec" && o.kind === "deployments") next.spec.replicas = (next.spec.replicas ?? 1) + 1;
        if (o.change === "spec" && o.kind === "configmaps") next.data = { key: `${next.data?.key ?? ""}+` };
        if (o.change === "label") next.metadata.labels = { app: next.metadata.labels?.app === "web" ? "db" : "web" };
        if (o.change === "status") next.status = { replicas: 7 };
        if (o.change === "drop-finalizers") next.metadata.finalizers = [];
        next.metadata.resourceVersion = o.rv === "fresh" ? have.metadata.resourceVersion : o.rv === "stale" ? "1" : undefined;
        return c.api.update(o.kind, next);
      }
      case "updateStatus": {
        const have = (await current("deployments", o.name)) ?? deployment(o.name);
        const next = { ...structuredClone(have), status: { replicas: o.replicas, observedGeneration: have.metadata.generation ?? 0 } };
        next.metadata.resourceVersion = o.rv === "fresh" ? have.metadata.resourceVersion : o.rv === "stale" ? "1" : undefined;
        return c.api.updateStatus("deployments", next);
      }
      case "delete": {
        const have = await current(o.kind, o.name);
        const uid = o.uid === "current" ? have?.metadata.uid : o.uid === "stale" ? "uid-0" : undefined;
        return c.api.delete(o.kind, "default", o.name, { ...(o.policy ? { propagationPolicy: o.policy } : {}), ...(uid ? { preconditions: { uid } } : {}) });
      }
      case "list": {
        const first: Any = await c.api.list(o.kind, { labelSelector: o.labelSelector, limit: o.limit });
        const pages = [first];
        for (let token = first.metadata.continue; token; ) {
          const page: Any = await c.api.list(o.kind, { labelSelector: o.labelSelector, limit: o.limit, continue: token });
          pages.push(page);
          token = page.metadata.continue;
        }
        return pages;
      }
      case "get":
        return c.api.get(o.kind, "default", o.name);
    }
  };
  const result = await outcome(call);
  return "value" in result ? result.value : { code: result.status.code, reason: result.status.reason };
}

/** Replaces uids by the order they first appear in, so a server that draws uids at another moment is not wrong. */
function canonical(value: unknown): unknown {
  const seen = new Map<string, string>();
  return JSON.parse(JSON.stringify(value ?? null), (key, v: unknown) => {
    if (key === "uid" && typeof v === "string") {
      if (!seen.has(v)) seen.set(v, `uid#${seen.size + 1}`);
      return seen.get(v);
    }
    return v;
  });
}

export default defineSpec<Module>({
  exports: ["ApiServer"],
  checks: [
    {
      id: "registry-keys",
      name: { ko: "오브젝트를 /registry/<리소스>/<네임스페이스>/<이름> 키에 저장한다", en: "stores objects under /registry/<resource>/<namespace>/<name>" },
      async run({ impl, expectEqual }) {
        const { api, store } = cluster(impl);
        await api.create("pods", pod("web"));
        await api.create("deployments", deployment("web", 2, "prod"));
        await api.create("nodes", { apiVersion: "v1", kind: "Node", metadata: { name: "node-1" } });
        await api.create("services", { apiVersion: "v1", kind: "Service", metadata: { name: "web" }, spec: { selector: { app: "web" }, ports: [{ port: 80 }] } });
        expectEqual(
          await keysIn(store),
          ["/registry/deployments/prod/web", "/registry/minions/node-1", "/registry/pods/default/web", "/registry/services/specs/default/web"],
          {
            ko: "키는 /registry/<접두사>/<네임스페이스>/<이름>이다. 노드는 클러스터 범위이고 minions 아래에, 서비스는 services/specs 아래에 있다",
            en: "keys are /registry/<prefix>/<namespace>/<name>; nodes are cluster-scoped and live under minions, services under services/specs",
          },
          { created: ["pods default/web", "deployments prod/web", "nodes node-1", "services default/web"] },
        );
      },
    },
    {
      id: "create-defaults",
      name: { ko: "생성할 때 uid, creationTimestamp, namespace, generation, status를 채운다", en: "fills in uid, creationTimestamp, namespace, generation and status on create" },
      async run({ impl, expectEqual }) {
        const { api } = cluster(impl);
        const given = { ...pod("web"), status: { phase: "Running" } };
        // Field defaults (restartPolicy, imagePullPolicy, ...) come ready-made from #kube: only what the registry
        // owns is compared here.
        const owned = (o: Any) => ({ apiVersion: o.apiVersion, kind: o.kind, metadata: o.metadata, status: o.status, restartPolicy: o.spec?.restartPolicy });
        const created = owned(await api.create("pods", given));
        const expected = {
          apiVersion: "v1",
          kind: "Pod",
          metadata: { name: "web", namespace: "default", uid: "uid-1", creationTimestamp: T0, generation: 1, resourceVersion: "2" },
          status: { phase: "Pending" },
          restartPolicy: "Always",
        };
        expectEqual(
          created,
          expected,
          {
            ko: "namespace가 없으면 default, uid는 uid()에서 한 번, creationTimestamp는 now(), generation 1, 파드의 status는 phase Pending으로 새로 시작하고, resourceVersion은 쓰기의 리비전 2다(restartPolicy 같은 필드 기본값은 이미 채워져 있다)",
            en: "namespace defaults to default, uid comes from one uid() call, creationTimestamp from now(), generation is 1, a pod's status starts over as phase Pending, and resourceVersion is the write's revision, 2 (field defaults such as restartPolicy are filled in for you)",
          },
          { resource: "pods", object: given },
        );
        expectEqual(owned(await api.get("pods", "default", "web")), expected, { ko: "get은 저장한 그대로 돌려준다", en: "get returns what was stored" }, { get: "pods default/web" });
        const cm = await api.create("configmaps", { ...configMap("settings"), metadata: { name: "settings", generateName: "ignored-" } });
        const named = await api.create("configmaps", { apiVersion: "v1", kind: "ConfigMap", metadata: { generateName: "settings-" } });
        expectEqual(
          [cm, (named as Any).metadata],
          [
            { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "settings", generateName: "ignored-", namespace: "default", uid: "uid-2", creationTimestamp: T0, resourceVersion: "3" }, data: { key: "value" } },
            { generateName: "settings-", name: "settings-s0001", namespace: "default", uid: "uid-3", creationTimestamp: T0, resourceVersion: "4" },
          ],
          {
            ko: "컨피그맵(ConfigMap)에는 spec이 없으니 generation도 없다. 이름이 없으면 generateName에 suffix()의 다섯 글자를 붙인다",
            en: "a ConfigMap has no spec, so no generation; without a name, the name is generateName plus the five characters of suffix()",
          },
          { created: ["configmaps settings (with generateName too)", "configmaps with generateName settings-"] },
        );
      },
    },
    {
      id: "resource-version-is-revision",
      name: { ko: "resourceVersion은 키의 mod revision이다", en: "resourceVersion is the key's mod revision" },
      async run({ impl, expectEqual }) {
        const { api, store } = cluster(impl);
        await api.create("configmaps", configMap("a"));
        const b = (await api.create("configmaps", configMap("b"))) as Any;
        const a = (await api.get("configmaps", "default", "a")) as Any;
        const updated = (await api.update("configmaps", { ...a, data: { key: "changed" } })) as Any;
        const rows = (await store.range({ key: "/registry/configmaps/", prefix: true })).kvs.map((kv) => [kv.key, kv.modRevision]);
        expectEqual(
          { a: a.metadata.resourceVersion, b: b.metadata.resourceVersion, updated: updated.metadata.resourceVersion, store: rows, revision: await store.currentRevision() },
          { a: "2", b: "3", updated: "4", store: [["/registry/configmaps/default/a", 4], ["/registry/configmaps/default/b", 3]], revision: 4 },
          {
            ko: "빈 저장소는 리비전 1이다. a 생성은 2, b 생성은 3, a 업데이트는 4이고, resourceVersion은 그 숫자를 문자열로 쓴 것이다",
            en: "an empty store is at revision 1; creating a writes 2, creating b 3, updating a 4; resourceVersion is that number as a string",
          },
          { steps: ["create a", "create b", "get a", "update a"] },
        );
      },
    },
    {
      id: "not-found-and-already-exists",
      name: { ko: "없으면 404 NotFound, 이미 있으면 409 AlreadyExists", en: "404 NotFound when absent, 409 AlreadyExists when present" },
      async run({ impl, expectEqual }) {
        const { api } = cluster(impl);
        await api.create("deployments", deployment("web"));
        expectEqual(
          await statusOf(() => api.create("deployments", deployment("web"))),
          { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message: 'deployments.apps "web" already exists', reason: "AlreadyExists", details: { name: "web", group: "apps", kind: "deployments" }, code: 409 },
          { ko: "같은 키를 두 번 만들 수는 없다: 409 AlreadyExists", en: "the same key cannot be created twice: 409 AlreadyExists" },
          { steps: ["create deployments default/web", "create deployments default/web again"] },
        );
        const missing = { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message: 'pods "nope" not found', reason: "NotFound", details: { name: "nope", kind: "pods" }, code: 404 };
        expectEqual(
          [
            await statusOf(() => api.get("pods", "default", "nope")),
            await statusOf(() => api.update("pods", pod("nope"))),
            await statusOf(() => api.delete("pods", "default", "nope")),
          ],
          [missing, missing, missing],
          { ko: "없는 파드를 get, update, delete하면 모두 404 NotFound `pods \"nope\" not found`다", en: 'get, update and delete of a missing pod are each 404 NotFound `pods "nope" not found`' },
          { calls: ["get pods default/nope", "update pods default/nope", "delete pods default/nope"] },
        );
      },
    },
    {
      id: "invalid-and-bad-request",
      name: { ko: "잘못된 오브젝트는 422 Invalid, 다른 네임스페이스는 400", en: "an invalid object is 422 Invalid, another namespace is 400" },
      async run({ impl, expectEqual }) {
        const { api, store } = cluster(impl);
        const bad = deployment("web", -1);
        expectEqual(
          await statusOf(() => api.create("deployments", bad)),
          {
            kind: "Status",
            apiVersion: "v1",
            metadata: {},
            status: "Failure",
            message: 'Deployment.apps "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0',
            reason: "Invalid",
            details: { name: "web", group: "apps", kind: "Deployment", causes: [{ reason: "FieldValueInvalid", message: "Invalid value: -1: must be greater than or equal to 0", field: "spec.replicas" }] },
            code: 422,
          },
          { ko: "검증에 실패하면 필드 경로가 담긴 422 Invalid다", en: "a failed validation is a 422 Invalid with field paths" },
          { create: bad },
        );
        expectEqual(
          await statusOf(() => api.create("pods", pod("web", { namespace: "prod" }), "default")),
          { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message: "the namespace of the provided object does not match the namespace sent on the request", reason: "BadRequest", code: 400 },
          { ko: "metadata.namespace가 요청의 네임스페이스와 다르면 400 BadRequest다", en: "a metadata.namespace other than the request's is a 400 BadRequest" },
          { create: "pods in namespace default, object says prod" },
        );
        expectEqual(await keysIn(store), [], { ko: "거절한 요청은 아무것도 저장하지 않는다", en: "a refused request stores nothing" });
      },
    },
    {
      id: "optimistic-concurrency",
      name: { ko: "오래된 resourceVersion으로 업데이트하면 409 Conflict", en: "an update with a stale resourceVersion is a 409 Conflict" },
      async run({ impl, expectEqual }) {
        const { api } = cluster(impl);
        await api.create("deployments", deployment("web"));
        const alice = (await api.get("deployments", "default", "web")) as Any;
        const bob = structuredClone(alice);
        const first = (await api.update("deployments", { ...alice, spec: { ...alice.spec, replicas: 3 } })) as Any;
        const second = await statusOf(() => api.update("deployments", { ...bob, spec: { ...bob.spec, replicas: 5 } }));
        const blind = (await api.update("deployments", withRv({ ...bob, spec: { ...bob.spec, replicas: 4 } }, undefined))) as Any;
        expectEqual(
          { first: [first.metadata.resourceVersion, first.spec.replicas], second, blind: [blind.metadata.resourceVersion, blind.spec.replicas] },
          {
            first: ["3", 3],
            second: {
              kind: "Status",
              apiVersion: "v1",
              metadata: {},
              status: "Failure",
              message: 'Operation cannot be fulfilled on deployments.apps "web": the object has been modified; please apply your changes to the latest version and try again',
              reason: "Conflict",
              details: { name: "web", group: "apps", kind: "deployments" },
              code: 409,
            },
            blind: ["4", 4],
          },
          {
            ko: "둘 다 resourceVersion 2를 읽었다. 먼저 쓴 쪽은 성공하고(3), 나중에 쓴 쪽은 409를 받는다. resourceVersion 없이 보내면 무조건 덮어쓴다(4)",
            en: "both read resourceVersion 2: the first writer wins (3), the second gets a 409; without a resourceVersion the write is unconditional (4)",
          },
          { steps: ["alice and bob get web (rv 2)", "alice sets replicas 3", "bob sets replicas 5 with rv 2", "bob sets replicas 4 without rv"] },
        );
      },
    },
    {
      id: "generation-counts-spec",
      name: { ko: "generation은 spec이 바뀔 때만 오른다", en: "generation goes up only when spec changes" },
      async run({ impl, expectEqual }) {
        const { api, store } = cluster(impl);
        const steps: [string, unknown][] = [];
        const d0 = (await api.create("deployments", deployment("web"))) as Any;
        steps.push(["create", d0.metadata.generation]);
        const d1 = (await api.update("deployments", { ...d0, spec: { ...d0.spec, replicas: 2 } })) as Any;
        steps.push(["spec.replicas 2", d1.metadata.generation]);
        const d2 = (await api.update("deployments", { ...d1, metadata: { ...d1.metadata, labels: { team: "a" } } })) as Any;
        steps.push(["label", d2.metadata.generation]);
        const d3 = (await api.update("deployments", { ...d2, metadata: { ...d2.metadata, annotations: { note: "x" } } })) as Any;
        steps.push(["annotation", d3.metadata.generation]);
        const d4 = (await api.updateStatus("deployments", { ...d3, status: { observedGeneration: 3, replicas: 2 } })) as Any;
        steps.push(["status", d4.metadata.generation]);
        const p0 = (await api.create("pods", pod("web"))) as Any;
        const p1 = (await api.update("pods", { ...p0, metadata: { ...p0.metadata, labels: { team: "a" } } })) as Any;
        steps.push(["pod label", p1.metadata.generation]);
        const before = await store.currentRevision();
        const same = (await api.update("pods", p1)) as Any;
        steps.push(["pod unchanged", [same.metadata.resourceVersion, (await store.currentRevision()) - before]]);
        expectEqual(
          steps,
          [
            ["create", 1],
            ["spec.replicas 2", 2],
            ["label", 2],
            ["annotation", 3],
            ["status", 3],
            ["pod label", 1],
            ["pod unchanged", [p1.metadata.resourceVersion, 0]],
          ],
          {
            ko: "spec 변경은 generation을 올리고 레이블과 status는 올리지 않는다. 디플로이먼트(Deployment)는 어노테이션 변경에도 올린다. 아무것도 바꾸지 않는 업데이트는 쓰지 않으므로 resourceVersion도 그대로다",
            en: "a spec change bumps generation, labels and status do not; a Deployment also bumps on annotation changes; an update that changes nothing writes nothing, so its resourceVersion stays",
          },
        );
      },
    },
    {
      id: "status-apart-from-spec",
      name: { ko: "update는 status를, updateStatus는 spec과 metadata를 지킨다", en: "update keeps status, updateStatus keeps spec and metadata" },
      async run({ impl, expectEqual }) {
        const { api } = cluster(impl);
        const d0 = (await api.create("deployments", deployment("web"))) as Any;
        const s1 = (await api.updateStatus("deployments", { ...d0, status: { replicas: 1, observedGeneration: 1 } })) as Any;
        const u2 = (await api.update("deployments", { ...s1, spec: { ...s1.spec, replicas: 2 }, status: { replicas: 99 } })) as Any;
        const s3 = (await api.updateStatus("deployments", {
          ...u2,
          metadata: { ...u2.metadata, labels: { sneaky: "yes" } },
          spec: { ...u2.spec, replicas: 9 },
          status: { replicas: 2, observedGeneration: 2 },
        })) as Any;
        expectEqual(
          {
            afterUpdate: { replicas: u2.spec.replicas, status: u2.status, generation: u2.metadata.generation },
            afterStatus: { replicas: s3.spec.replicas, labels: s3.metadata.labels, status: s3.status, generation: s3.metadata.generation, resourceVersion: s3.metadata.resourceVersion },
          },
          {
            afterUpdate: { replicas: 2, status: { replicas: 1, observedGeneration: 1 }, generation: 2 },
            afterStatus: { replicas: 2, labels: undefined, status: { replicas: 2, observedGeneration: 2 }, generation: 2, resourceVersion: "5" },
          },
          {
            ko: "update가 보낸 status(replicas 99)는 무시하고 저장된 status를 지킨다. updateStatus는 status만 바꾸고 spec(replicas 9)과 레이블은 무시한다",
            en: "update ignores the status it is sent (replicas 99) and keeps the stored one; updateStatus changes status only and ignores spec (replicas 9) and labels",
          },
        );
      },
    },
    {
      id: "finalizers-hold-deletion",
      name: { ko: "파이널라이저가 있으면 deletionTimestamp만 설정하고 남긴다", en: "with finalizers, delete only sets deletionTimestamp" },
      async run({ impl, expectEqual }) {
        const { api, clock } = cluster(impl);
        await api.create("configmaps", configMap("held", { finalizers: ["example.com/cleanup"] }));
        clock.now = "2026-01-01T00:05:00Z";
        const marked = (await api.delete("configmaps", "default", "held")) as Any;
        const still = (await api.get("configmaps", "default", "held")) as Any;
        const released = (await api.update("configmaps", { ...still, metadata: { ...still.metadata, finalizers: [] } })) as Any;
        const after = await statusOf(() => api.get("configmaps", "default", "held"));
        await api.create("deployments", deployment("web"));
        const fg = (await api.delete("deployments", "default", "web", { propagationPolicy: "Foreground" })) as Any;
        expectEqual(
          {
            marked: { deleted: marked.deleted, meta: marked.object.metadata },
            stillThere: still.metadata.resourceVersion,
            released: released.metadata.resourceVersion,
            after: after.code,
            foreground: { deleted: fg.deleted, finalizers: fg.object.metadata.finalizers, deletionTimestamp: fg.object.metadata.deletionTimestamp, generation: fg.object.metadata.generation },
          },
          {
            marked: {
              deleted: false,
              meta: {
                name: "held",
                namespace: "default",
                finalizers: ["example.com/cleanup"],
                uid: "uid-1",
                creationTimestamp: T0,
                deletionTimestamp: "2026-01-01T00:05:00Z",
                deletionGracePeriodSeconds: 0,
                resourceVersion: "3",
              },
            },
            stillThere: "3",
            released: "4",
            after: 404,
            foreground: { deleted: false, finalizers: ["foregroundDeletion"], deletionTimestamp: "2026-01-01T00:05:00Z", generation: 2 },
          },
          {
            ko: "delete는 deletionTimestamp(지금)와 deletionGracePeriodSeconds 0을 쓰고 오브젝트를 남긴다. 마지막 파이널라이저를 지우는 업데이트가 오브젝트를 지운다(리비전 4). Foreground는 foregroundDeletion 파이널라이저를 더하고 generation을 올린다",
            en: "delete writes deletionTimestamp (now) and deletionGracePeriodSeconds 0 and keeps the object; the update that removes the last finalizer deletes it (revision 4); Foreground adds the foregroundDeletion finalizer and bumps generation",
          },
        );
      },
    },
    {
      id: "graceful-pod-deletion",
      name: { ko: "노드에 바인딩된 파드는 유예 기간을 두고 지운다", en: "a pod bound to a node is deleted gracefully" },
      async run({ impl, expectEqual }) {
        const { api } = cluster(impl);
        await api.create("pods", pod("bound", { nodeName: "node-1" }));
        await api.create("pods", pod("unbound"));
        const first = (await api.delete("pods", "default", "bound")) as Any;
        const again = (await api.delete("pods", "default", "bound")) as Any;
        const now = (await api.delete("pods", "default", "bound", { gracePeriodSeconds: 0 })) as Any;
        const unbound = (await api.delete("pods", "default", "unbound")) as Any;
        expectEqual(
          {
            first: [first.deleted, first.object.metadata.deletionTimestamp, first.object.metadata.deletionGracePeriodSeconds, first.object.metadata.generation, first.object.metadata.resourceVersion],
            again: [again.deleted, again.object.metadata.resourceVersion],
            now: [now.deleted, now.object.metadata.resourceVersion],
            unbound: [unbound.deleted, unbound.object.metadata.resourceVersion],
            gone: [await statusOf(() => api.get("pods", "default", "bound")), await statusOf(() => api.get("pods", "default", "unbound"))].map((s) => s.code),
          },
          {
            first: [false, "2026-01-01T00:00:30Z", 30, 2, "4"],
            again: [false, "4"],
            now: [true, "5"],
            unbound: [true, "6"],
            gone: [404, 404],
          },
          {
            ko: "바인딩된 파드는 지금+30초를 deletionTimestamp로 받고 남는다. 다시 지워도 바뀌지 않는다. gracePeriodSeconds 0이면 바로 지운다. 노드가 없는 파드는 처음부터 바로 지운다",
            en: "a bound pod gets deletionTimestamp now+30s and stays; deleting it again changes nothing; gracePeriodSeconds 0 deletes it at once; a pod on no node is deleted at once",
          },
          { steps: ["create pod bound (nodeName node-1) and unbound", "delete bound", "delete bound again", "delete bound with gracePeriodSeconds 0", "delete unbound"] },
        );
      },
    },
    {
      id: "delete-preconditions",
      name: { ko: "삭제 전제 조건이 맞지 않으면 409 Conflict", en: "a delete whose preconditions fail is a 409 Conflict" },
      async run({ impl, expectEqual }) {
        const { api } = cluster(impl);
        await api.create("pods", pod("web"));
        expectEqual(
          [
            await statusOf(() => api.delete("pods", "default", "web", { preconditions: { uid: "uid-old" } })),
            await statusOf(() => api.delete("pods", "default", "web", { preconditions: { resourceVersion: "1" } })),
            ((await api.delete("pods", "default", "web", { preconditions: { uid: "uid-1", resourceVersion: "2" } })) as Any).deleted,
          ],
          [
            {
              kind: "Status",
              apiVersion: "v1",
              metadata: {},
              status: "Failure",
              message: 'Operation cannot be fulfilled on Pod "web": the UID in the precondition (uid-old) does not match the UID in record (uid-1). The object might have been deleted and then recreated',
              reason: "Conflict",
              details: { name: "web", kind: "Pod" },
              code: 409,
            },
            {
              kind: "Status",
              apiVersion: "v1",
              metadata: {},
              status: "Failure",
              message: 'Operation cannot be fulfilled on Pod "web": the ResourceVersion in the precondition (1) does not match the ResourceVersion in record (2). The object might have been modified',
              reason: "Conflict",
              details: { name: "web", kind: "Pod" },
              code: 409,
            },
            true,
          ],
          {
            ko: "uid나 resourceVersion 전제 조건이 다르면 rest.BeforeDelete의 문구로 409를 내고, 맞으면 지운다",
            en: "a uid or resourceVersion precondition that does not match is a 409 worded as rest.BeforeDelete words it; matching ones delete",
          },
        );
      },
    },
    {
      id: "list-with-selectors",
      name: { ko: "레이블 셀렉터와 필드 셀렉터로 목록을 거른다", en: "filters lists by label and field selectors" },
      async run({ impl, expectEqual }) {
        const { api, store } = cluster(impl);
        await api.create("pods", pod("a", { labels: { app: "web", tier: "fe" }, nodeName: "node-1" }));
        await api.create("pods", pod("b", { labels: { app: "web", tier: "be", canary: "true" } }));
        await api.create("pods", pod("c", { labels: { app: "db" }, nodeName: "node-1" }));
        await api.create("pods", pod("d", { labels: { app: "web" }, namespace: "prod", nodeName: "node-2" }));
        const ask = async (options: Record<string, string>) => {
          const list = (await api.list("pods", options)) as Any;
          return [list.kind, list.metadata.resourceVersion, ...names(list)];
        };
        expectEqual(
          {
            all: await ask({}),
            web: await ask({ labelSelector: "app=web" }),
            webInDefault: await ask({ namespace: "default", labelSelector: "app=web" }),
            set: await ask({ labelSelector: "tier in (fe,be),!canary" }),
            onNode1: await ask({ fieldSelector: "spec.nodeName=node-1" }),
            notA: await ask({ fieldSelector: "metadata.name!=a", labelSelector: "app" }),
          },
          {
            all: ["PodList", "5", "default/a", "default/b", "default/c", "prod/d"],
            web: ["PodList", "5", "default/a", "default/b", "prod/d"],
            webInDefault: ["PodList", "5", "default/a", "default/b"],
            set: ["PodList", "5", "default/a"],
            onNode1: ["PodList", "5", "default/a", "default/c"],
            notA: ["PodList", "5", "default/b", "default/c", "prod/d"],
          },
          {
            ko: "목록은 키 순서(네임스페이스, 이름)이고 resourceVersion은 읽은 리비전(5)이다. 레이블 셀렉터(일치성, 집합성, 존재)와 필드 셀렉터가 모두 맞는 오브젝트만 담는다",
            en: "a list is in key order (namespace, name) and its resourceVersion is the revision read at (5); it holds the objects that match the label selector (equality, set, exists) and the field selector",
          },
          { pods: ["default/a app=web,tier=fe node-1", "default/b app=web,tier=be,canary=true", "default/c app=db node-1", "prod/d app=web node-2"] },
        );
        expectEqual(
          [await statusOf(() => api.list("pods", { fieldSelector: "spec.image=nginx" })), await keysIn(store).then((k) => k.length)],
          [{ kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message: "field label not supported: spec.image", reason: "BadRequest", code: 400 }, 4],
          { ko: "파드가 지원하지 않는 필드 셀렉터는 400 BadRequest다", en: "a field selector pods do not support is a 400 BadRequest" },
        );
      },
    },
    {
      id: "pages-at-one-revision",
      name: { ko: "모든 페이지를 첫 페이지의 리비전에서 읽는다", en: "reads every page at the first page's revision" },
      async run({ impl, expectEqual }) {
        const { api } = cluster(impl);
        for (const n of ["a", "b", "c", "d", "e"]) await api.create("configmaps", configMap(n));
        const page1 = (await api.list("configmaps", { limit: 2 })) as Any;
        // Writes between the pages: none of them may show in the pages that follow.
        await api.create("configmaps", configMap("cc"));
        await api.delete("configmaps", "default", "d");
        const c = (await api.get("configmaps", "default", "c")) as Any;
        await api.update("configmaps", { ...c, data: { key: "new" } });
        const page2 = (await api.list("configmaps", { limit: 2, continue: page1.metadata.continue })) as Any;
        const page3 = (await api.list("configmaps", { limit: 2, continue: page2.metadata.continue })) as Any;
        const row = (p: Any) => ({
          items: p.items.map((o: Any) => `${o.metadata.name}@${o.metadata.resourceVersion}`),
          resourceVersion: p.metadata.resourceVersion,
          more: p.metadata.continue !== undefined,
          remainingItemCount: p.metadata.remainingItemCount,
        });
        expectEqual(
          [row(page1), row(page2), row(page3)],
          [
            { items: ["a@2", "b@3"], resourceVersion: "6", more: true, remainingItemCount: 3 },
            { items: ["c@4", "d@5"], resourceVersion: "6", more: true, remainingItemCount: 1 },
            { items: ["e@6"], resourceVersion: "6", more: false, remainingItemCount: undefined },
          ],
          {
            ko: "세 페이지 모두 리비전 6의 상태다. 그 사이의 생성(cc), 삭제(d), 업데이트(c)는 보이지 않는다. remainingItemCount는 남은 항목 수다",
            en: "all three pages show the state at revision 6: the create (cc), delete (d) and update (c) in between do not show; remainingItemCount counts what is left",
          },
          { steps: ["create a..e", "list limit 2", "create cc, delete d, update c", "list with continue", "list with continue"] },
        );
      },
    },
    {
      id: "continue-expired",
      name: { ko: "압축된 리비전의 continue 토큰은 410 Expired", en: "a continue token of a compacted revision is a 410 Expired" },
      async run({ impl, expectEqual }) {
        const { api, store } = cluster(impl);
        for (const n of ["a", "b", "c"]) await api.create("configmaps", configMap(n));
        const page1 = (await api.list("configmaps", { limit: 1 })) as Any;
        await api.create("configmaps", configMap("d"));
        await store.compact(await store.currentRevision());
        expectEqual(
          await statusOf(() => api.list("configmaps", { limit: 1, continue: page1.metadata.continue })),
          {
            kind: "Status",
            apiVersion: "v1",
            metadata: {},
            status: "Failure",
            message: "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.",
            reason: "Expired",
            code: 410,
          },
          { ko: "첫 페이지의 리비전 4가 압축되었으니 일관된 다음 페이지는 없다: 410 Expired", en: "revision 4 of the first page was compacted, so no consistent next page exists: 410 Expired" },
          { steps: ["create a, b, c", "list limit 1 (revision 4)", "create d", "compact to 5", "list with continue"] },
        );
      },
    },
    {
      id: "watch-from-resource-version",
      name: { ko: "resourceVersion N부터의 감시는 N 이후의 변경을 빠짐없이 한 번씩 전한다", en: "a watch from resourceVersion N delivers every later change, once" },
      async run({ impl, expectEqual }) {
        const { api } = cluster(impl);
        const a = (await api.create("configmaps", configMap("a"))) as Any;
        const fromA = await api.watch("configmaps", { resourceVersion: a.metadata.resourceVersion });
        await api.update("configmaps", { ...a, data: { key: "2" } });
        await api.create("configmaps", configMap("b"));
        await api.delete("configmaps", "default", "a");
        const fromNow = await api.watch("configmaps", {});
        await api.create("configmaps", configMap("c"));
        const seen = (await drain(fromA)).events.map(brief);
        const initial = (await drain(fromNow)).events.map(brief);
        await fromA.return();
        await fromNow.return();
        expectEqual(
          { fromResourceVersion2: seen, withoutResourceVersion: initial },
          {
            fromResourceVersion2: ["MODIFIED a@3", "ADDED b@4", "DELETED a@5", "ADDED c@6"],
            withoutResourceVersion: ["ADDED b@4", "ADDED c@6"],
          },
          {
            ko: "리비전 2 이후의 변경이 순서대로 한 번씩 온다. DELETED는 마지막 상태를 삭제의 리비전(5)과 함께 싣는다. resourceVersion 없는 감시는 지금 있는 것을 ADDED로 먼저 보낸다",
            en: "the changes after revision 2 arrive in order, once each; DELETED carries the last state with the deletion's revision (5); a watch without resourceVersion first sends what exists as ADDED",
          },
          { steps: ["create a (rv 2)", "watch from 2", "update a", "create b", "delete a", "watch without rv", "create c"] },
        );
      },
    },
    {
      id: "watch-compacted-410",
      name: { ko: "압축된 resourceVersion부터 감시하면 ERROR 410 하나로 끝난다", en: "a watch from a compacted resourceVersion ends with one ERROR 410" },
      async run({ impl, expectEqual }) {
        const { api, store } = cluster(impl);
        for (const n of ["a", "b", "c"]) await api.create("configmaps", configMap(n));
        await store.compact(4);
        const watch = await api.watch("configmaps", { resourceVersion: "2" });
        await api.create("configmaps", configMap("d"));
        const { events, done } = await drain(watch);
        expectEqual(
          { events, done },
          {
            events: [{ type: "ERROR", object: { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message: "too old resource version: 2 (4)", reason: "Expired", code: 410 } }],
            done: true,
          },
          {
            ko: "리비전 3은 압축으로 사라졌다. 감시는 410 Expired Status를 담은 ERROR 하나를 보내고 끝나야 한다(클라이언트는 다시 목록을 읽는다)",
            en: "revision 3 is compacted away: the watch sends one ERROR carrying a 410 Expired Status and ends (the client lists again)",
          },
          { steps: ["create a, b, c (revisions 2-4)", "compact to 4", "watch from 2", "create d"] },
        );
      },
    },
    {
      id: "watch-selector-transitions",
      name: { ko: "셀렉터 감시에서 벗어나는 오브젝트는 DELETED, 들어오는 오브젝트는 ADDED", en: "in a selector watch, leaving is DELETED and entering is ADDED" },
      async run({ impl, expectEqual }) {
        const { api } = cluster(impl);
        const web = (await api.create("pods", pod("p", { labels: { app: "web" } }))) as Any;
        const watch = await api.watch("pods", { labelSelector: "app=web", resourceVersion: web.metadata.resourceVersion, allowWatchBookmarks: true });
        const db = (await api.update("pods", { ...web, metadata: { ...web.metadata, labels: { app: "db" } } })) as Any;
        await api.create("pods", pod("other", { labels: { app: "db" } }));
        const back = (await api.update("pods", { ...db, metadata: { ...db.metadata, labels: { app: "web" } } })) as Any;
        await api.updateStatus("pods", { ...back, status: { phase: "Running" } });
        const { events } = await drain(watch);
        await watch.return();
        const leaving = events.find((e) => e.type === "DELETED")?.object as Any;
        expectEqual(
          { events: events.map(brief), leavingLabels: leaving?.metadata.labels },
          { events: ["DELETED p@3", "BOOKMARK @4", "ADDED p@5", "MODIFIED p@6"], leavingLabels: { app: "web" } },
          {
            ko: "app=web에서 벗어난 p는 DELETED(마지막으로 맞던 상태, 리비전 3), 다시 들어오면 ADDED다. 걸러진 변경(other)은 BOOKMARK로 리비전만 알린다",
            en: "p leaving app=web is DELETED (its last matching state, at revision 3), coming back is ADDED; a filtered change (other) is a BOOKMARK with just the revision",
          },
          { steps: ["create p app=web (rv 2)", "watch app=web from 2 with bookmarks", "relabel p app=db", "create other app=db", "relabel p app=web", "status of p"] },
        );
      },
    },
    {
      id: "same-as-reference",
      name: { ko: "무작위 작업 순서에서 참조 구현과 같은 결과, 오류, 감시 이벤트를 낸다", en: "gives the reference's results, errors and watch events on random operation sequences" },
      async run({ impl, ref, forAll, expectEqual }) {
        await forAll(
          fc.array(op, { minLength: 1, maxLength: 12 }),
          async (ops) => {
            const sides = await Promise.all(
              [ref, impl].map(async (mod) => {
                const c = cluster(mod);
                const all = await c.api.watch("deployments", { resourceVersion: "1" });
                const web = await c.api.watch("configmaps", { labelSelector: "app=web", resourceVersion: "1", allowWatchBookmarks: true });
                const results: unknown[] = [];
                for (const o of ops) results.push(await run(c, o));
                const events = [(await drain(all, 200)).events, (await drain(web, 200)).events];
                await all.return();
                await web.return();
                return canonical({ results, events });
              }),
            );
            const [expected, actual] = sides as [Any, Any];
            for (let i = 0; i < ops.length; i++) {
              expectEqual(actual.results[i], expected.results[i], { ko: `${i + 1}번째 작업의 결과가 참조 구현과 다르다`, en: `operation ${i + 1} gave another result than the reference` }, { operations: ops.slice(0, i + 1) });
            }
            expectEqual(actual.events, expected.events, { ko: "감시 이벤트가 참조 구현과 다르다", en: "the watch events differ from the reference's" }, { operations: ops, watches: ["deployments from 1", "configmaps app=web from 1 with bookmarks"] });
          },
          { numRuns: 40 },
        );
      },
    },
    inClusterCheck<Module>({
      name: { ko: "내 API 서버 위에서 클러스터가 디플로이먼트를 띄우고, 지운 파드를 다시 채운다", en: "a whole cluster runs on your API server: a Deployment comes up, and a deleted pod is replaced" },
      scenario: "self-healing.yaml",
      lesson: "lesson-3",
      swap: (impl, ref) => ({ ...ref, apiserver: (options) => new impl.ApiServer(options) as never }),
    }),
  ],
});
