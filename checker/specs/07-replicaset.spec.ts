/**
 * Chapter 7's checks: `syncReplicaSet(view)`, one sync of the ReplicaSet controller (Kubernetes v1.32). Table cases
 * pin each idea with written-out actions: scale up from the template, scale down, inactive pods replaced, adoption
 * and release, the victim ranking rule by rule (cases after controller_utils_test.go TestSortingActivePods and
 * TestSortingActivePodsWithRanks), the burst limit, the expectations gate, status and availability. A property then
 * compares the actions with the reference's, as a multiset, on random namespaces.
 */
import fc from "fast-check";
import type { Action, Pod, ReplicaSet } from "#kube";
import { inClusterCheck } from "../in-cluster.ts";
import { type CheckContext, defineSpec } from "../spec.ts";
import type * as Solution from "../../solutions/07-replicaset/replicaset-controller.ts";
import type { ReplicaSetView } from "../../solutions/07-replicaset/replicaset-controller.ts";

const NOW = "2026-03-01T12:00:00Z";
const NOW_MS = Date.parse(NOW);
const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** RFC 3339, `seconds` before NOW. */
const ago = (seconds: number): string => new Date(NOW_MS - seconds * 1000).toISOString().replace(".000Z", "Z");

const RS_UID = "uid-rs-web";
const OUR_REF = { apiVersion: "apps/v1", kind: "ReplicaSet", name: "web", uid: RS_UID, controller: true, blockOwnerDeletion: true };
const OTHER_REF = { apiVersion: "apps/v1", kind: "ReplicaSet", name: "api", uid: "uid-rs-api", controller: true, blockOwnerDeletion: true };
const INVOLVED = { kind: "ReplicaSet", apiVersion: "apps/v1", namespace: "default", name: "web", uid: RS_UID };
const TEMPLATE_LABELS = { app: "web", tier: "fe" };
const CONTAINERS = [{ name: "nginx", image: "nginx:1.27" }];

interface RsOptions {
  replicas: number;
  minReadySeconds?: number;
  generation?: number;
  status?: ReplicaSet["status"];
  deleting?: boolean;
  owner?: { name: string; uid: string };
}

function replicaSet(o: RsOptions): ReplicaSet {
  return {
    apiVersion: "apps/v1",
    kind: "ReplicaSet",
    metadata: {
      name: "web",
      namespace: "default",
      uid: RS_UID,
      resourceVersion: "100",
      generation: o.generation ?? 1,
      creationTimestamp: ago(30 * DAY),
      ...(o.deleting ? { deletionTimestamp: ago(1) } : {}),
      ...(o.owner ? { ownerReferences: [{ apiVersion: "apps/v1", kind: "Deployment", ...o.owner, controller: true, blockOwnerDeletion: true }] } : {}),
    },
    spec: {
      replicas: o.replicas,
      ...(o.minReadySeconds ? { minReadySeconds: o.minReadySeconds } : {}),
      selector: { matchLabels: { app: "web" } },
      template: { metadata: { labels: TEMPLATE_LABELS }, spec: { containers: CONTAINERS } },
    },
    status: o.status ?? { replicas: 0, observedGeneration: o.generation ?? 1 },
  };
}

interface PodOptions {
  node?: string;
  phase?: string;
  /** Ready since this many seconds ago; "untimed": ready without a lastTransitionTime; undefined: not ready. */
  ready?: number | "untimed";
  restarts?: number;
  /** Created this many seconds ago; undefined: no creationTimestamp. */
  created?: number;
  owner?: "ours" | "other" | "none";
  labels?: Record<string, string>;
  deleting?: boolean;
  cost?: string;
  uid?: string;
  extraOwners?: object[];
}

function pod(name: string, o: PodOptions = {}): Pod {
  const owner = o.owner ?? "ours";
  const refs = [...(o.extraOwners ?? []), ...(owner === "ours" ? [OUR_REF] : owner === "other" ? [OTHER_REF] : [])];
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name,
      namespace: "default",
      uid: o.uid ?? `uid-${name}`,
      resourceVersion: "7",
      labels: o.labels ?? TEMPLATE_LABELS,
      ...(o.created !== undefined ? { creationTimestamp: ago(o.created) } : {}),
      ...(refs.length ? { ownerReferences: refs } : {}),
      ...(o.deleting ? { deletionTimestamp: ago(5) } : {}),
      ...(o.cost !== undefined ? { annotations: { "controller.kubernetes.io/pod-deletion-cost": o.cost } } : {}),
    },
    spec: { containers: CONTAINERS, nodeName: o.node ?? "node-1" },
    status: {
      phase: o.phase ?? "Running",
      ...(o.ready !== undefined
        ? { conditions: [{ type: "Ready", status: "True", ...(o.ready === "untimed" ? {} : { lastTransitionTime: ago(o.ready) }) }] }
        : { conditions: [{ type: "Ready", status: "False" }] }),
      containerStatuses: [{ name: "nginx", image: "nginx:1.27", imageID: "", ready: o.ready !== undefined, restartCount: o.restarts ?? 0 }],
    },
  } as Pod;
}

const view = (rs: ReplicaSet, pods: Pod[], extra: Partial<ReplicaSetView> = {}): ReplicaSetView => ({
  rs,
  pods,
  now: NOW,
  expectations: { add: 0, del: 0 },
  ...extra,
});

/** A JSON text with sorted keys, empty ownerReferences dropped: actions compare as a multiset of these. */
function canonical(value: unknown): string {
  const norm = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(norm);
    if (v === null || typeof v !== "object") return v;
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) {
      const x = (v as Record<string, unknown>)[k];
      if (x === undefined || (k === "ownerReferences" && Array.isArray(x) && x.length === 0)) continue;
      out[k] = norm(x);
    }
    return out;
  };
  return JSON.stringify(norm(value));
}
const multiset = (actions: readonly unknown[]): unknown[] =>
  actions.map((a) => ({ key: canonical(a), a })).sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0)).map((x) => JSON.parse(x.key));

const ofType = (actions: readonly Action[], ...types: Action["type"][]): Action[] => actions.filter((a) => types.includes(a.type));
const without = (actions: readonly Action[], ...types: Action["type"][]): Action[] => actions.filter((a) => !types.includes(a.type));
const deletedNames = (actions: readonly Action[]): string[] =>
  actions.flatMap((a) => (a.type === "delete" ? [a.name] : [])).sort();

const created = {
  type: "create",
  resource: "pods",
  object: {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { generateName: "web-", namespace: "default", labels: TEMPLATE_LABELS, ownerReferences: [OUR_REF] },
    spec: { containers: CONTAINERS },
  },
};
const createdEvent = { type: "event", involved: INVOLVED, reason: "SuccessfulCreate", message: "Created pod: web-", eventType: "Normal" };
const deleted = (name: string) => [
  { type: "delete", resource: "pods", namespace: "default", name, uid: `uid-${name}` },
  { type: "event", involved: INVOLVED, reason: "SuccessfulDelete", message: `Deleted pod: ${name}`, eventType: "Normal" },
];
const times = (n: number, ...items: object[]): object[] => Array.from({ length: n }, () => items).flat();

/** One ranking case: with replicas 1 and these two pods, `victim` is the one deleted, in either input order. */
interface VictimCase {
  why: string;
  pods: Pod[];
  victim: string;
  rs?: ReplicaSet;
  replicaSets?: ReplicaSet[];
  others?: Pod[];
}

function expectVictims(ctx: CheckContext<typeof Solution>, cases: readonly VictimCase[]): void {
  for (const c of cases) {
    for (const pods of [c.pods, [...c.pods].reverse()]) {
      const rs = c.rs ?? replicaSet({ replicas: c.pods.length - 1 });
      const v = view(rs, [...pods, ...(c.others ?? [])], c.replicaSets ? { replicaSets: c.replicaSets } : {});
      ctx.expectEqual(
        deletedNames(ctx.impl.syncReplicaSet(v)),
        [c.victim],
        { ko: `${c.victim}를 지워야 한다: ${c.why}`, en: `${c.victim} should be deleted: ${c.why}` },
        v,
      );
    }
  }
}

// ---- random namespaces for the property ----

const DEPLOY = { name: "web", uid: "uid-deploy-web" };
const SIBLING: ReplicaSet = {
  apiVersion: "apps/v1",
  kind: "ReplicaSet",
  metadata: {
    name: "web-old",
    namespace: "default",
    uid: "uid-rs-web-old",
    ownerReferences: [{ apiVersion: "apps/v1", kind: "Deployment", ...DEPLOY, controller: true, blockOwnerDeletion: true }],
  },
  spec: { replicas: 1, selector: { matchLabels: { app: "web", rev: "old" } }, template: { metadata: { labels: { app: "web", rev: "old" } } } },
};
const SIBLING_REF = { apiVersion: "apps/v1", kind: "ReplicaSet", name: "web-old", uid: "uid-rs-web-old", controller: true, blockOwnerDeletion: true };

const randomPod = fc.record({
  node: fc.constantFrom("", "node-a", "node-a", "node-b", "node-c"),
  phase: fc.constantFrom("Pending", "Running", "Running", "Running", "Unknown", "Succeeded", "Failed"),
  ready: fc.constantFrom("yes", "yes", "no", "untimed"),
  restarts: fc.constantFrom(0, 0, 1, 4),
  owner: fc.constantFrom("ours", "ours", "ours", "none", "other", "sibling"),
  labels: fc.constantFrom("template", "template", "selector", "sibling", "api"),
  deleting: fc.constantFrom(false, false, false, true),
  cost: fc.constantFrom(undefined, undefined, undefined, "10", "-5", "0", "+3", "007", "x"),
  created: fc.boolean(),
});

const LABELS: Record<string, Record<string, string>> = {
  template: { app: "web", tier: "fe" },
  selector: { app: "web", extra: "1" },
  sibling: { app: "web", rev: "old" },
  api: { app: "api" },
};

const randomView = fc
  .record({
    replicas: fc.integer({ min: 0, max: 6 }),
    minReadySeconds: fc.constantFrom(0, 0, 30, 600),
    generation: fc.integer({ min: 1, max: 3 }),
    observed: fc.integer({ min: 0, max: 3 }),
    statusCounts: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 4, maxLength: 4 }),
    deleting: fc.constantFrom(false, false, false, false, true),
    owned: fc.boolean(),
    expectations: fc.constantFrom({ add: 0, del: 0 }, { add: 0, del: 0 }, { add: 0, del: 0 }, { add: 2, del: 0 }, { add: 0, del: 1 }, { add: -1, del: 0 }),
    pods: fc.array(randomPod, { maxLength: 9 }),
    // Distinct offsets, so that no two pods share a ready time or a creation time (see getPodsToDelete's comment).
    offsets: fc.uniqueArray(fc.integer({ min: 1, max: 60 * DAY }), { minLength: 18, maxLength: 18 }),
    uids: fc.shuffledSubarray(Array.from({ length: 9 }, (_, i) => `uid-${String.fromCharCode(97 + i)}`), { minLength: 9, maxLength: 9 }),
  })
  .map((r): ReplicaSetView => {
    const [replicas, fully, ready, available] = r.statusCounts as [number, number, number, number];
    const rs = replicaSet({
      replicas: r.replicas,
      minReadySeconds: r.minReadySeconds,
      generation: r.generation,
      deleting: r.deleting,
      status: { replicas, fullyLabeledReplicas: fully, readyReplicas: ready, availableReplicas: available, observedGeneration: Math.min(r.observed, r.generation) },
      ...(r.owned ? { owner: DEPLOY } : {}),
    });
    const pods = r.pods.map((p, i) => {
      const base = pod(`web-${i}`, {
        node: p.node,
        phase: p.phase,
        ready: p.ready === "yes" ? r.offsets[i]! : p.ready === "untimed" ? "untimed" : undefined,
        restarts: p.restarts,
        created: p.created ? r.offsets[9 + i]! : undefined,
        owner: p.owner === "sibling" ? "none" : (p.owner as "ours" | "none" | "other"),
        extraOwners: p.owner === "sibling" ? [SIBLING_REF] : [],
        labels: LABELS[p.labels]!,
        deleting: p.deleting,
        uid: r.uids[i]!,
        ...(p.cost !== undefined ? { cost: p.cost } : {}),
      });
      return base;
    });
    return view(rs, pods, { expectations: r.expectations, ...(r.owned ? { replicaSets: [SIBLING, rs] } : {}) });
  });

const spec = defineSpec<typeof Solution>({
  exports: ["syncReplicaSet", "calculateStatus", "claimPods", "getPodsToDelete", "isPodAvailable"],
  shapes: {
    syncReplicaSet: {
      type: "array",
      items: {
        type: "object",
        required: ["type"],
        properties: { type: { enum: ["create", "update", "updateStatus", "delete", "event", "requeueAfter"] } },
        allOf: [
          { if: { properties: { type: { enum: ["create", "update", "updateStatus"] } } }, then: { required: ["resource", "object"] } },
          { if: { properties: { type: { const: "delete" } } }, then: { required: ["resource", "name"] } },
          { if: { properties: { type: { const: "event" } } }, then: { required: ["involved", "reason", "message", "eventType"] } },
          { if: { properties: { type: { const: "requeueAfter" } } }, then: { required: ["seconds"], properties: { seconds: { type: "number" } } } },
        ],
      },
    },
  },
  checks: [
    {
      id: "creates-missing",
      name: { ko: "모자란 파드를 템플릿으로 만들고 소유자 참조를 단다", en: "creates the missing pods from the template, with an owner reference" },
      run({ impl, expectEqual }) {
        const v = view(replicaSet({ replicas: 3 }), []);
        expectEqual(
          multiset(without(impl.syncReplicaSet(v), "updateStatus", "requeueAfter")),
          multiset(times(3, created, createdEvent)),
          {
            ko: "파드 3개를 만들어야 한다: generateName `web-`, 템플릿의 레이블, 네임스페이스, controller와 blockOwnerDeletion이 켜진 소유자 참조. 만들 때마다 SuccessfulCreate 이벤트 하나",
            en: "three pods should be created: generateName `web-`, the template's labels, the namespace, an owner reference with controller and blockOwnerDeletion; one SuccessfulCreate event each",
          },
          v,
        );
      },
    },
    {
      id: "deletes-extra",
      name: { ko: "남는 파드를 UID 전제 조건과 함께 지운다", en: "deletes an extra pod, with its UID as a precondition" },
      run({ impl, expectEqual }) {
        const v = view(replicaSet({ replicas: 0 }), [pod("web-abc", { ready: HOUR, created: HOUR })]);
        expectEqual(
          multiset(without(impl.syncReplicaSet(v), "updateStatus", "requeueAfter")),
          multiset(deleted("web-abc")),
          { ko: "web-abc를 uid와 함께 지우고 `Deleted pod: web-abc` 이벤트를 남겨야 한다", en: "web-abc should be deleted with its uid, and `Deleted pod: web-abc` recorded" },
          v,
        );
      },
    },
    {
      id: "replaces-inactive",
      name: { ko: "삭제 중이거나 끝난 파드는 세지 않고 새로 만든다", en: "does not count terminating or finished pods, and replaces them" },
      run({ impl, expectEqual }) {
        const pods = [
          pod("web-a", { ready: HOUR }),
          pod("web-b", { ready: HOUR }),
          pod("web-c", { ready: HOUR, deleting: true }),
          pod("web-d", { phase: "Failed" }),
          pod("web-e", { phase: "Succeeded" }),
        ];
        const v = view(replicaSet({ replicas: 3 }), pods);
        expectEqual(
          multiset(without(impl.syncReplicaSet(v), "updateStatus", "requeueAfter")),
          multiset([created, createdEvent]),
          {
            ko: "활성 파드는 web-a와 web-b 둘뿐이다(web-c는 deletionTimestamp, web-d와 web-e는 끝남): 하나를 만들고, 비활성 파드는 지우지 않는다",
            en: "only web-a and web-b are active (web-c has a deletionTimestamp, web-d and web-e finished): create one, and delete none of the inactive",
          },
          v,
        );
      },
    },
    {
      id: "adopts-orphan",
      name: { ko: "레이블이 맞는 고아 파드를 입양한다", en: "adopts an orphan whose labels match" },
      run({ impl, expectEqual }) {
        const orphan = pod("handmade", { owner: "none" });
        const others = [
          pod("api-1", { owner: "none", labels: { app: "api" } }),
          pod("leaving", { owner: "none", deleting: true }),
        ];
        const v = view(replicaSet({ replicas: 2 }), [pod("web-a", { ready: HOUR }), orphan, ...others]);
        const adopted = { ...orphan, metadata: { ...orphan.metadata, ownerReferences: [OUR_REF] } };
        expectEqual(
          multiset(without(impl.syncReplicaSet(v), "updateStatus", "requeueAfter")),
          multiset([{ type: "update", resource: "pods", object: adopted }]),
          {
            ko: "handmade에 우리 소유자 참조를 더한 업데이트(resourceVersion 포함) 하나만 있어야 하고, 입양한 파드도 세므로 새로 만들지 않는다. 레이블이 다른 api-1과 삭제 중인 leaving은 입양하지 않는다",
            en: "one update should add our owner reference to handmade (resourceVersion kept); the adopted pod counts, so nothing is created. api-1 (other labels) and leaving (being deleted) are not adopted",
          },
          v,
        );
      },
    },
    {
      id: "ignores-foreign",
      name: { ko: "다른 컨트롤러가 소유한 파드는 건드리지 않는다", en: "leaves pods owned by another controller alone" },
      run({ impl, expectEqual }) {
        const v = view(replicaSet({ replicas: 2 }), [pod("web-a", { ready: HOUR }), pod("api-x", { owner: "other", ready: HOUR })]);
        expectEqual(
          multiset(without(impl.syncReplicaSet(v), "updateStatus", "requeueAfter")),
          multiset([created, createdEvent]),
          {
            ko: "api-x는 레이블이 맞아도 다른 레플리카셋의 것이다: 입양하지 않고 세지도 않으므로 하나를 만들어야 한다",
            en: "api-x matches the labels but belongs to another ReplicaSet: not adopted, not counted, so one pod is created",
          },
          v,
        );
      },
    },
    {
      id: "releases-mismatched",
      name: { ko: "레이블이 더는 맞지 않는 파드를 놓아준다", en: "releases an owned pod whose labels no longer match" },
      run({ impl, expectEqual }) {
        const keeper = { apiVersion: "example.com/v1", kind: "Debugger", name: "dbg", uid: "uid-dbg" };
        const debug = pod("web-b", { ready: HOUR, labels: { app: "debug" }, extraOwners: [keeper] });
        const v = view(replicaSet({ replicas: 2 }), [pod("web-a", { ready: HOUR }), debug]);
        const released = { ...debug, metadata: { ...debug.metadata, ownerReferences: [keeper] } };
        expectEqual(
          multiset(without(impl.syncReplicaSet(v), "updateStatus", "requeueAfter")),
          multiset([{ type: "update", resource: "pods", object: released }, created, createdEvent]),
          {
            ko: "web-b의 소유자 참조 중 우리 것만 지운 업데이트(다른 소유자는 남긴다)와, 그 자리를 채울 파드 하나가 있어야 한다",
            en: "an update should remove only our owner reference from web-b (other owners stay), and one pod is created in its place",
          },
          v,
        );
      },
    },
    {
      id: "victims-by-state",
      name: { ko: "축소할 때 배정되지 않은, 덜 진행된, 준비되지 않은 파드부터 지운다", en: "scales down unassigned, earlier-phase and unready pods first" },
      run(ctx) {
        expectVictims(ctx, [
          { why: "unscheduled < scheduled", pods: [pod("unscheduled", { node: "", phase: "Pending" }), pod("scheduled", { phase: "Pending" })], victim: "unscheduled" },
          { why: "Pending < Unknown", pods: [pod("pending", { phase: "Pending" }), pod("unknown", { phase: "Unknown" })], victim: "pending" },
          { why: "Unknown < Running", pods: [pod("unknown", { phase: "Unknown" }), pod("running", { phase: "Running" })], victim: "unknown" },
          { why: "not ready < ready", pods: [pod("not-ready"), pod("ready", { ready: HOUR })], victim: "not-ready" },
          { why: "unassigned goes first even when Running", pods: [pod("running-unassigned", { node: "", ready: HOUR }), pod("pending-assigned", { phase: "Pending" })], victim: "running-unassigned" },
        ]);
      },
    },
    {
      id: "victims-by-cost-and-node",
      name: { ko: "삭제 비용이 낮은 파드, 관련 파드가 많은 노드의 파드부터 지운다", en: "then lower pod-deletion-cost, then pods on nodes crowded with related pods" },
      run(ctx) {
        const owned = replicaSet({ replicas: 1, owner: DEPLOY });
        const sibling = (name: string, node: string) => ({ ...pod(name, { node, ready: HOUR, labels: { app: "web", rev: "old" }, owner: "none", extraOwners: [SIBLING_REF] }) });
        expectVictims(ctx, [
          { why: "deletion cost 10 < 100", pods: [pod("low", { ready: 1, created: 30 * DAY, cost: "10" }), pod("high", { ready: 1, created: 30 * DAY, cost: "100" })], victim: "low" },
          { why: "an invalid cost (+5) counts as 0", pods: [pod("plus", { ready: HOUR, created: DAY, cost: "+5" }), pod("one", { ready: HOUR, created: 2 * DAY, cost: "1" })], victim: "plus" },
          {
            why: "its node holds 3 pods of the Deployment (2 of the sibling web-old), the other node 1",
            rs: owned,
            replicaSets: [SIBLING, owned],
            pods: [pod("crowded", { node: "node-a", ready: 2 * DAY, created: 2 * DAY }), pod("alone", { node: "node-b", ready: HOUR, created: HOUR })],
            others: [sibling("old-1", "node-a"), sibling("old-2", "node-a")],
            victim: "crowded",
          },
          {
            why: "a ReplicaSet without a controller has no related pods: every rank is 0, so the newer pod goes",
            rs: replicaSet({ replicas: 1 }),
            replicaSets: [SIBLING],
            pods: [pod("crowded", { node: "node-a", ready: 2 * DAY, created: 2 * DAY }), pod("alone", { node: "node-b", ready: HOUR, created: HOUR })],
            others: [sibling("old-1", "node-a"), sibling("old-2", "node-a")],
            victim: "alone",
          },
        ]);
      },
    },
    {
      id: "victims-by-age",
      name: { ko: "그다음 최근에 준비된 파드, 재시작이 많은 파드, 최근에 만든 파드부터 지운다", en: "then the most recently ready, the most restarted, the newest pods first" },
      run(ctx) {
        expectVictims(ctx, [
          { why: "ready without a time < ready at a time", pods: [pod("no-time", { ready: "untimed" }), pod("timed", { ready: 1 })], victim: "no-time" },
          { why: "ready 2 hours (bucket 42) < ready 5 hours (bucket 44)", pods: [pod("ready-2h", { ready: 2 * HOUR, created: 30 * DAY }), pod("ready-5h", { ready: 5 * HOUR, created: 30 * DAY })], victim: "ready-2h" },
          {
            why: "ready 5 and 8 hours ago fall in one log2 bucket: the lower UID goes, restarts are never looked at",
            pods: [pod("ready-5h", { ready: 5 * HOUR, uid: "uid-b", restarts: 9 }), pod("ready-8h", { ready: 8 * HOUR, uid: "uid-a" })],
            victim: "ready-8h",
          },
          { why: "same ready time: more restarts first", pods: [pod("restarts-9001", { ready: HOUR, restarts: 9001 }), pod("restarts-0", { ready: HOUR })], victim: "restarts-9001" },
          { why: "created now < created a month ago", pods: [pod("new", { ready: HOUR, created: 2 * HOUR }), pod("old", { ready: HOUR, created: 30 * DAY })], victim: "new" },
          {
            why: "created 5 and 8 hours ago: same bucket, lower UID first",
            pods: [pod("created-5h", { ready: HOUR, created: 5 * HOUR, uid: "uid-z" }), pod("created-8h", { ready: HOUR, created: 8 * HOUR, uid: "uid-m" })],
            victim: "created-8h",
          },
          { why: "no creation time < any creation time", pods: [pod("untimed", { ready: HOUR }), pod("timed", { ready: HOUR, created: 1 })], victim: "untimed" },
        ]);
      },
    },
    {
      id: "burst-limit",
      name: { ko: "한 번에 500개까지만 만들거나 지운다", en: "creates or deletes at most 500 pods per sync" },
      run({ impl, expectEqual }) {
        const up = view(replicaSet({ replicas: 600 }), []);
        const count = (actions: readonly Action[], type: Action["type"]) => ofType(actions, type).length;
        expectEqual(count(impl.syncReplicaSet(up), "create"), 500, { ko: "600개가 모자라도 이번에는 500개만 만들어야 한다(burstReplicas)", en: "600 are missing, but only 500 should be created this sync (burstReplicas)" }, { replicas: 600, pods: 0 });
        const many = Array.from({ length: 600 }, (_, i) => pod(`web-${i}`, { ready: HOUR, created: HOUR + i }));
        const down = view(replicaSet({ replicas: 0 }), many);
        expectEqual(count(impl.syncReplicaSet(down), "delete"), 500, { ko: "600개가 남아도 이번에는 500개만 지워야 한다", en: "600 are extra, but only 500 should be deleted this sync" }, { replicas: 0, pods: 600 });
      },
    },
    {
      id: "waits-for-expectations",
      name: { ko: "기대한 생성·삭제가 남아 있으면 파드를 늘리거나 줄이지 않는다", en: "neither creates nor deletes while expectations are pending" },
      run({ impl, expectEqual }) {
        const v = view(replicaSet({ replicas: 3 }), [], { expectations: { add: 3, del: 0 } });
        expectEqual(impl.syncReplicaSet(v), [], {
          ko: "아직 보지 못한 생성이 3개 있다: 캐시가 늦은 것이니 다시 만들면 6개가 된다. 아무것도 하지 않아야 한다(status도 그대로다)",
          en: "3 creates are not in the cache yet: it is behind, and creating again would make 6. Nothing should be done (the status is unchanged too)",
        }, v);
        const orphan = pod("handmade", { owner: "none" });
        const w = view(replicaSet({ replicas: 0 }), [pod("web-a", { ready: HOUR }), orphan], { expectations: { add: 0, del: 1 } });
        const adopted = { ...orphan, metadata: { ...orphan.metadata, ownerReferences: [OUR_REF] } };
        expectEqual(
          multiset(without(impl.syncReplicaSet(w), "updateStatus")),
          multiset([{ type: "update", resource: "pods", object: adopted }]),
          {
            ko: "삭제 하나를 기다리는 중이다: 남는 파드를 지우지 않는다. 그래도 입양은 한다(claimPods는 기대치와 상관없이 돈다)",
            en: "one delete is pending: no extra pod is deleted. Adoption still happens (claimPods runs whatever the expectations)",
          },
          w,
        );
      },
    },
    {
      id: "status-counts",
      name: { ko: "status에 replicas, fullyLabeled, ready, available을 센다", en: "counts replicas, fullyLabeled, ready and available in the status" },
      run({ impl, expectEqual }) {
        const rs = replicaSet({ replicas: 5, minReadySeconds: 30, generation: 2, status: { replicas: 5, observedGeneration: 1 } });
        const pods = [
          pod("long-ready", { ready: 60 }),
          pod("just-30s", { ready: 30 }),
          pod("not-ready"),
          pod("partial-labels", { ready: 2 * MINUTE, labels: { app: "web" } }),
          pod("untimed", { ready: "untimed" }),
          pod("gone", { ready: HOUR, deleting: true }),
        ];
        const v = view(rs, pods);
        expectEqual(
          ofType(impl.syncReplicaSet(v), "updateStatus"),
          [
            {
              type: "updateStatus",
              resource: "replicasets",
              object: { ...rs, status: { replicas: 5, fullyLabeledReplicas: 4, readyReplicas: 4, availableReplicas: 2, observedGeneration: 2 } },
            },
          ],
          {
            ko: "활성 파드 5개, 템플릿 레이블을 다 가진 파드 4개, 준비된 파드 4개, 30초를 넘겨 준비된 파드 2개(정확히 30초는 아직 아니고, 시간이 없으면 가용이 아니다), observedGeneration 2",
            en: "5 active pods, 4 with every template label, 4 ready, 2 ready for more than 30 s (exactly 30 s is not yet; no time, never), observedGeneration 2",
          },
          v,
        );
      },
    },
    {
      id: "requeues-for-availability",
      name: { ko: "준비된 파드가 가용해질 때 다시 돌도록 requeueAfter를 낸다", en: "asks to run again when a ready pod turns available" },
      run({ impl, expectEqual }) {
        const rs = replicaSet({ replicas: 2, minReadySeconds: 30 });
        const v = view(rs, [pod("web-a", { ready: 10 }), pod("web-b", { ready: 25 })]);
        expectEqual(
          ofType(impl.syncReplicaSet(v), "requeueAfter"),
          [{ type: "requeueAfter", seconds: 6 }],
          {
            ko: "web-b는 25초 전에 준비되었다: 5초 뒤 30초에 닿고, 가용은 그보다 엄격히 뒤이므로 1초를 더해 6초 뒤에 다시 돌아야 한다(upstream의 updatePod도 1초를 더한다)",
            en: "web-b became ready 25 s ago: it reaches 30 s in 5 s, and available means strictly after, so run again in 6 s (upstream's updatePod adds the same second)",
          },
          v,
        );
        const w = view(replicaSet({ replicas: 2 }), [pod("web-a", { ready: 10 }), pod("web-b", { ready: 25 })]);
        expectEqual(ofType(impl.syncReplicaSet(w), "requeueAfter"), [], { ko: "minReadySeconds가 0이면 준비가 곧 가용이다: 다시 돌 필요가 없다", en: "with minReadySeconds 0, ready is available: no need to run again" }, w);
      },
    },
    {
      id: "status-only-when-changed",
      name: { ko: "status가 바뀌었을 때만 쓴다", en: "writes the status only when it changed" },
      run({ impl, expectEqual }) {
        const steady = { replicas: 2, fullyLabeledReplicas: 2, readyReplicas: 2, availableReplicas: 2, observedGeneration: 1 };
        const pods = [pod("web-a", { ready: HOUR }), pod("web-b", { ready: HOUR })];
        const same = view(replicaSet({ replicas: 2, status: steady }), pods);
        expectEqual(impl.syncReplicaSet(same), [], {
          ko: "셀 것이 모두 같고 generation 1도 이미 관찰했다: 쓸 것이 없다(매번 쓰면 resourceVersion이 오르고 감시자가 모두 깨어난다)",
          en: "every count is the same and generation 1 was observed: nothing to write (writing anyway bumps resourceVersion and wakes every watcher)",
        }, same);
        const rs = replicaSet({ replicas: 2, generation: 2, status: steady });
        const bumped = view(rs, pods);
        expectEqual(
          impl.syncReplicaSet(bumped),
          [{ type: "updateStatus", resource: "replicasets", object: { ...rs, status: { ...steady, observedGeneration: 2 } } }],
          { ko: "spec이 바뀌어 generation이 2가 되었다: 세는 값이 같아도 observedGeneration 2를 써야 한다", en: "the spec changed to generation 2: even with the same counts, observedGeneration 2 should be written" },
          bumped,
        );
      },
    },
    {
      id: "deleting-replicaset",
      name: { ko: "삭제 중인 레플리카셋은 파드를 만들지도, 입양하지도, 놓아주지도 않는다", en: "a ReplicaSet being deleted creates, adopts and releases nothing" },
      run({ impl, expectEqual }) {
        const rs = replicaSet({ replicas: 3, deleting: true });
        const v = view(rs, [pod("web-a", { ready: HOUR }), pod("handmade", { owner: "none" }), pod("web-b", { labels: { app: "debug" } })]);
        expectEqual(
          impl.syncReplicaSet(v),
          [{ type: "updateStatus", resource: "replicasets", object: { ...rs, status: { replicas: 1, fullyLabeledReplicas: 1, readyReplicas: 1, availableReplicas: 1, observedGeneration: 1 } } }],
          {
            ko: "가비지 수집기가 치우는 중이다: 만들기, 입양, 놓아주기 없이 status만 쓴다(web-a 하나를 센다)",
            en: "the garbage collector is cleaning up: no creates, adoptions or releases, only the status (counting web-a alone)",
          },
          v,
        );
      },
    },
    {
      id: "same-as-reference",
      name: { ko: "무작위 네임스페이스에서 참조 구현과 같은 조치를 낸다", en: "returns the reference's actions on random namespaces" },
      async run({ impl, ref, forAll, expectEqual }) {
        await forAll(randomView, (v) => {
          expectEqual(
            multiset(impl.syncReplicaSet(v)),
            multiset(ref.syncReplicaSet(v)),
            { ko: "조치가 참조 구현과 다르다(순서는 보지 않는다)", en: "the actions differ from the reference's (order aside)" },
            v,
          );
        });
      },
    },
    inClusterCheck<typeof Solution>({
      name: { ko: "내 레플리카셋 컨트롤러가 지운 파드를 다시 만들어 클러스터를 치유한다", en: "your ReplicaSet controller heals a cluster when a pod is deleted" },
      scenario: "self-healing.yaml",
      lesson: "lesson-7",
      swap: (impl, ref) => ({ ...ref, replicaset: (view) => impl.syncReplicaSet(view as never) }),
    }),
  ],
});

export default spec;
