/**
 * Chapter 8's checks: `syncDeployment(view)`, one sync of the Deployment controller (Kubernetes v1.32), plus the
 * pure pieces a learner can check alone: `resolveFenceposts`, `calculateStatus` and kubectl's `rolloutStatus`.
 * Table cases pin each idea with written-out values: the fencepost table of deployment_util_test.go
 * (TestResolveFenceposts), a rolling update stepped by hand, Recreate's wait, the proportional scaling cases of
 * sync_test.go (TestScale), a rollback's revision numbers, the history clean-up of TestDeploymentController_cleanupDeployment,
 * paused Deployments, status counts and the Progressing condition. A property then compares the actions with the
 * reference's, as a multiset, on random namespaces.
 */
import fc from "fast-check";
import type { Action, Deployment, DeploymentStatus, Pod, ReplicaSet } from "#kube";
import { inClusterCheck } from "../in-cluster.ts";
import { defineSpec } from "../spec.ts";
import type * as Solution from "../../solutions/08-deployment/deployment-controller.ts";
import type { DeploymentView, IntOrString } from "../../solutions/08-deployment/deployment-controller.ts";

const NOW = "2026-03-01T12:00:00Z";
const NOW_MS = Date.parse(NOW);
const MINUTE = 60;
const DAY = 24 * 60 * MINUTE;
/** RFC 3339, `seconds` before NOW (negative: after). */
const ago = (seconds: number): string => new Date(NOW_MS - seconds * 1000).toISOString().replace(".000Z", "Z");

const REVISION = "deployment.kubernetes.io/revision";
const HISTORY = "deployment.kubernetes.io/revision-history";
const DESIRED = "deployment.kubernetes.io/desired-replicas";
const MAX = "deployment.kubernetes.io/max-replicas";
const HASH = "pod-template-hash";
const D_UID = "uid-deploy-web";
const OWNER = { apiVersion: "apps/v1", kind: "Deployment", name: "web", uid: D_UID, controller: true, blockOwnerDeletion: true };
const INVOLVED = { kind: "Deployment", apiVersion: "apps/v1", namespace: "default", name: "web", uid: D_UID };
/** computeHash of template("nginx:1.27") (FNV-1a over canonical JSON, SafeEncodeString'd): pinned once here. */
const HASH_127 = "787cdcbd95";

const template = (image: string) => ({ metadata: { labels: { app: "web" }, creationTimestamp: null }, spec: { containers: [{ name: "nginx", image }] } });

interface DeploymentOptions {
  replicas: number;
  image: string;
  recreate?: boolean;
  maxSurge?: IntOrString;
  maxUnavailable?: IntOrString;
  paused?: boolean;
  generation?: number;
  revisionHistoryLimit?: number;
  revision?: string;
  status?: DeploymentStatus;
}

function deployment(o: DeploymentOptions): Deployment {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: {
      name: "web",
      namespace: "default",
      uid: D_UID,
      resourceVersion: "50",
      generation: o.generation ?? 2,
      creationTimestamp: ago(30 * DAY),
      ...(o.revision ? { annotations: { [REVISION]: o.revision } } : {}),
    },
    spec: {
      replicas: o.replicas,
      selector: { matchLabels: { app: "web" } },
      template: template(o.image) as never,
      strategy: o.recreate
        ? { type: "Recreate" }
        : { type: "RollingUpdate", rollingUpdate: { maxSurge: o.maxSurge ?? "25%", maxUnavailable: o.maxUnavailable ?? "25%" } },
      revisionHistoryLimit: o.revisionHistoryLimit ?? 10,
      progressDeadlineSeconds: 600,
      ...(o.paused ? { paused: true } : {}),
    },
    status: o.status ?? {},
  };
}

interface RsOptions {
  /** `web-v1`: the hash label is what follows `web-`. */
  name: string;
  image: string;
  replicas: number;
  /** status.replicas (default: replicas), readyReplicas and availableReplicas (default: all of them). */
  current?: number;
  ready?: number;
  available?: number;
  revision?: number;
  /** The replicas annotations: sized for this spec.replicas and this maximum. */
  desired?: number;
  max?: number;
  created: string;
  owner?: "ours" | "none" | "other";
}

function replicaSet(o: RsOptions): ReplicaSet {
  const hash = o.name.slice("web-".length);
  const labels = { app: "web", [HASH]: hash };
  const current = o.current ?? o.replicas;
  const annotations: Record<string, string> = {
    ...(o.revision !== undefined ? { [REVISION]: String(o.revision) } : {}),
    ...(o.desired !== undefined ? { [DESIRED]: String(o.desired) } : {}),
    ...(o.max !== undefined ? { [MAX]: String(o.max) } : {}),
  };
  const owner = o.owner ?? "ours";
  return {
    apiVersion: "apps/v1",
    kind: "ReplicaSet",
    metadata: {
      name: o.name,
      namespace: "default",
      uid: `uid-${o.name}`,
      resourceVersion: "10",
      generation: 1,
      creationTimestamp: o.created,
      labels,
      ...(Object.keys(annotations).length ? { annotations } : {}),
      ...(owner === "ours" ? { ownerReferences: [OWNER] } : owner === "other" ? { ownerReferences: [{ ...OWNER, name: "api", uid: "uid-deploy-api" }] } : {}),
    },
    spec: { replicas: o.replicas, selector: { matchLabels: labels }, template: { ...template(o.image), metadata: { labels, creationTimestamp: null } } as never },
    status: { replicas: current, readyReplicas: o.ready ?? o.available ?? current, availableReplicas: o.available ?? current, observedGeneration: 1 },
  };
}

const view = (d: Deployment, replicaSets: ReplicaSet[], pods: Pod[] = [], now = NOW): DeploymentView => ({ deployment: d, replicaSets, pods, now });

// ---- reading actions ----

type RsWrite = Extract<Action, { type: "create" | "update" }>;
const rsWrites = (actions: readonly Action[]): RsWrite[] =>
  actions.filter((a): a is RsWrite => (a.type === "create" || a.type === "update") && a.resource === "replicasets");
const sizes = (actions: readonly Action[]): Record<string, number> =>
  Object.fromEntries(rsWrites(actions).map((a) => [a.object.metadata?.name, (a.object as unknown as ReplicaSet).spec?.replicas]));
const creates = (actions: readonly Action[]): string[] => actions.flatMap((a) => (a.type === "create" ? [String(a.object.metadata?.name)] : []));
const deletes = (actions: readonly Action[]): string[] => actions.flatMap((a) => (a.type === "delete" ? [a.name] : []));
const messages = (actions: readonly Action[]): string[] => actions.flatMap((a) => (a.type === "event" ? [a.message] : []));
const statusWrite = (actions: readonly Action[]): Deployment | undefined =>
  actions.find((a) => a.type === "updateStatus")?.type === "updateStatus"
    ? ((actions.find((a) => a.type === "updateStatus") as Extract<Action, { type: "updateStatus" }>).object as unknown as Deployment)
    : undefined;

/** Canonical JSON (sorted keys), so that actions compare as a multiset whatever their key order. */
const canonical = (v: unknown): string =>
  JSON.stringify(v, (_, x: unknown) =>
    x && typeof x === "object" && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : x,
  );
const multiset = (actions: readonly Action[]): string[] => actions.map(canonical).sort();

/** The API server's side: applies the actions to the view, as created/updated/deleted objects. */
function apply(v: DeploymentView, actions: readonly Action[], at: string): DeploymentView {
  let replicaSets = [...v.replicaSets];
  let d = v.deployment;
  for (const a of actions) {
    if (a.type === "create" && a.resource === "replicasets") {
      const rs = structuredClone(a.object) as unknown as ReplicaSet;
      const metadata = { ...rs.metadata, uid: `uid-${rs.metadata?.name}`, resourceVersion: "1", generation: 1, creationTimestamp: at };
      replicaSets.push({ ...rs, metadata, status: { replicas: 0, observedGeneration: 1 } });
    } else if (a.type === "update" && a.resource === "replicasets") {
      const next = structuredClone(a.object) as unknown as ReplicaSet;
      replicaSets = replicaSets.map((rs) => (rs.metadata?.name === next.metadata?.name ? { ...next, status: rs.status } : rs));
    } else if (a.type === "delete") {
      replicaSets = replicaSets.filter((rs) => rs.metadata?.name !== a.name);
    } else if (a.type === "updateStatus") {
      const next = structuredClone(a.object) as unknown as Deployment;
      d = { ...d, metadata: { ...d.metadata, annotations: next.metadata?.annotations }, status: next.status };
    }
  }
  return { ...v, deployment: d, replicaSets };
}

/** The ReplicaSet controller and kubelets' side, at once: every ReplicaSet runs its pods, all ready and available. */
const settle = (v: DeploymentView): DeploymentView => ({
  ...v,
  replicaSets: v.replicaSets.map((rs) => {
    const n = rs.spec?.replicas ?? 1;
    return { ...rs, status: { replicas: n, readyReplicas: n, availableReplicas: n, observedGeneration: 1 } };
  }),
});

const oldAndNew = (v: DeploymentView, oldName: string): [number, number] => {
  const old = v.replicaSets.find((rs) => rs.metadata?.name === oldName)?.spec?.replicas ?? 0;
  const fresh = v.replicaSets.find((rs) => rs.metadata?.name !== oldName)?.spec?.replicas ?? 0;
  return [old, fresh];
};

const complete = (replicas: number, generation = 2): DeploymentStatus => ({
  observedGeneration: generation,
  replicas,
  updatedReplicas: replicas,
  readyReplicas: replicas,
  availableReplicas: replicas,
  conditions: [
    { type: "Available", status: "True", reason: "MinimumReplicasAvailable", message: "Deployment has minimum availability.", lastUpdateTime: ago(DAY), lastTransitionTime: ago(DAY) },
    { type: "Progressing", status: "True", reason: "NewReplicaSetAvailable", message: 'ReplicaSet "web-v1" has successfully progressed.', lastUpdateTime: ago(DAY), lastTransitionTime: ago(2 * DAY) },
  ],
});

// ---- random namespaces for the property ----

const IMAGES = ["nginx:1.25", "nginx:1.26", "nginx:1.27"];
const randomView = fc
  .record({
    replicas: fc.integer({ min: 0, max: 6 }),
    image: fc.constantFrom(...IMAGES),
    recreate: fc.constantFrom(false, false, true),
    maxSurge: fc.constantFrom<IntOrString>(0, 1, 2, "25%", "50%"),
    maxUnavailable: fc.constantFrom<IntOrString>(0, 1, "25%", "50%"),
    paused: fc.constantFrom(false, false, false, true),
    generation: fc.integer({ min: 1, max: 3 }),
    observed: fc.integer({ min: 0, max: 3 }),
    counts: fc.tuple(fc.nat(6), fc.nat(6), fc.nat(6), fc.nat(6)),
    progressing: fc.constantFrom(undefined, "ReplicaSetUpdated", "NewReplicaSetAvailable", "DeploymentPaused", "ProgressDeadlineExceeded"),
    progressAge: fc.constantFrom(10, 300, 600, 601, 3600),
    limit: fc.constantFrom(0, 1, 10),
    rss: fc.uniqueArray(
      fc.record({
        image: fc.constantFrom(...IMAGES),
        replicas: fc.nat(6),
        current: fc.nat(6),
        ready: fc.nat(6),
        available: fc.nat(6),
        revision: fc.constantFrom<number | undefined>(undefined, 1, 2, 3, 4),
        desired: fc.constantFrom<number | undefined>(undefined, 0, 2, 3, 5),
        max: fc.constantFrom<number | undefined>(undefined, 0, 3, 4, 7),
        age: fc.integer({ min: 1, max: 100 }),
        owner: fc.constantFrom<"ours" | "none" | "other">("ours", "ours", "ours", "none", "other"),
      }),
      { selector: (r) => r.image, maxLength: 3 },
    ),
    pods: fc.array(fc.record({ rs: fc.nat(2), phase: fc.constantFrom("Running", "Pending", "Succeeded", "Failed") }), { maxLength: 3 }),
  })
  .map((r): DeploymentView => {
    const [replicas, updated, ready, available] = r.counts;
    const status: DeploymentStatus = {
      observedGeneration: r.observed,
      replicas,
      updatedReplicas: updated,
      readyReplicas: ready,
      availableReplicas: available,
      ...(r.progressing
        ? {
            conditions: [
              {
                type: "Progressing",
                status: r.progressing === "ProgressDeadlineExceeded" ? "False" : r.progressing === "DeploymentPaused" ? "Unknown" : "True",
                reason: r.progressing,
                message: "earlier",
                lastUpdateTime: ago(r.progressAge),
                lastTransitionTime: ago(r.progressAge * 2),
              },
            ],
          }
        : {}),
    };
    const d = deployment({ ...r, revisionHistoryLimit: r.limit, generation: r.generation, status });
    const replicaSets = r.rss.map((o) => {
      const current = Math.min(o.current, 6);
      const rs = replicaSet({
        name: `web-${o.image.replace(/\D/g, "")}`,
        image: o.image,
        replicas: o.replicas,
        current,
        ready: Math.min(o.ready, current),
        available: Math.min(o.available, o.ready, current),
        ...(o.revision !== undefined ? { revision: o.revision } : {}),
        ...(o.desired !== undefined ? { desired: o.desired } : {}),
        ...(o.max !== undefined ? { max: o.max } : {}),
        created: ago(o.age * MINUTE),
        owner: o.owner,
      });
      return rs;
    });
    const pods = r.pods.flatMap((p, i): Pod[] => {
      const rs = replicaSets[p.rs];
      if (!rs) return [];
      return [
        {
          apiVersion: "v1",
          kind: "Pod",
          metadata: {
            name: `${rs.metadata?.name}-p${i}`,
            namespace: "default",
            uid: `uid-pod-${i}`,
            labels: rs.metadata?.labels,
            ownerReferences: [{ apiVersion: "apps/v1", kind: "ReplicaSet", name: rs.metadata!.name!, uid: rs.metadata!.uid!, controller: true }],
          },
          spec: { containers: [{ name: "nginx", image: "x" }] },
          status: { phase: p.phase },
        },
      ];
    });
    return view(d, replicaSets, pods);
  });

export default defineSpec<typeof Solution>({
  exports: ["syncDeployment", "resolveFenceposts", "calculateStatus", "rolloutStatus", "computeHash"],
  shapes: {
    syncDeployment: {
      type: "array",
      items: { type: "object", required: ["type"], properties: { type: { enum: ["create", "update", "updateStatus", "delete", "event", "requeueAfter"] } } },
    },
    resolveFenceposts: { type: "object", required: ["surge", "unavailable"], properties: { surge: { type: "integer" }, unavailable: { type: "integer" } } },
    rolloutStatus: { type: "object", required: ["state", "message"], properties: { state: { enum: ["done", "waiting", "failed"] }, message: { type: "string" } } },
  },
  checks: [
    {
      id: "fenceposts-rounding",
      name: { ko: "최대 서지는 올림, 최대 불가는 내림으로 센다", en: "maxSurge rounds up, maxUnavailable rounds down" },
      run({ impl, expectEqual }) {
        const cases: [IntOrString | undefined, IntOrString | undefined, number, { surge: number; unavailable: number }][] = [
          ["25%", "25%", 10, { surge: 3, unavailable: 2 }],
          ["25%", "25%", 8, { surge: 2, unavailable: 2 }],
          ["39%", "39%", 10, { surge: 4, unavailable: 3 }],
          ["25%", "25%", 1, { surge: 1, unavailable: 0 }],
          ["10%", 0, 5, { surge: 1, unavailable: 0 }],
          [2, 1, 3, { surge: 2, unavailable: 1 }],
          [undefined, "39%", 10, { surge: 0, unavailable: 3 }],
          ["39%", undefined, 10, { surge: 4, unavailable: 0 }],
        ];
        for (const [surge, unavailable, desired, expected] of cases) {
          expectEqual(
            impl.resolveFenceposts(surge, unavailable, desired),
            expected,
            {
              ko: `replicas ${desired}, maxSurge ${String(surge)}, maxUnavailable ${String(unavailable)}: 서지는 올림, 불가는 내림(없는 값은 0)`,
              en: `replicas ${desired}, maxSurge ${String(surge)}, maxUnavailable ${String(unavailable)}: surge rounds up, unavailable down (a missing value is 0)`,
            },
            { maxSurge: surge, maxUnavailable: unavailable, desired },
          );
        }
      },
    },
    {
      id: "fenceposts-both-zero",
      name: { ko: "둘 다 0이 되면 최대 불가를 1로 한다", en: "when both come out 0, maxUnavailable becomes 1" },
      run({ impl, expectEqual }) {
        const cases: [IntOrString | undefined, IntOrString | undefined, number][] = [
          ["0%", "0%", 0],
          [0, "10%", 5],
          ["0%", "25%", 3],
          [undefined, undefined, 10],
        ];
        for (const [surge, unavailable, desired] of cases) {
          expectEqual(
            impl.resolveFenceposts(surge, unavailable, desired),
            { surge: 0, unavailable: 1 },
            {
              ko: "서지도 불가도 0이면 롤아웃이 한 걸음도 움직일 수 없다: 업스트림은 불가를 1로 한다",
              en: "with neither surge nor unavailability a rollout cannot take a step: upstream makes unavailable 1",
            },
            { maxSurge: surge, maxUnavailable: unavailable, desired },
          );
        }
      },
    },
    {
      id: "creates-new-replicaset",
      name: { ko: "새 레플리카셋을 해시 이름, 레이블, 리비전 1로 만든다", en: "creates the new ReplicaSet with the hash name, labels and revision 1" },
      run({ impl, expectEqual }) {
        const d = deployment({ replicas: 3, image: "nginx:1.27", generation: 1 });
        const labels = { app: "web", [HASH]: HASH_127 };
        const name = `web-${HASH_127}`;
        const given = view(d, []);
        expectEqual(
          multiset(impl.syncDeployment(given)),
          multiset([
            {
              type: "create",
              resource: "replicasets",
              object: {
                apiVersion: "apps/v1",
                kind: "ReplicaSet",
                metadata: { name, namespace: "default", ownerReferences: [OWNER], labels, annotations: { [REVISION]: "1", [DESIRED]: "3", [MAX]: "4" } },
                spec: { replicas: 3, selector: { matchLabels: labels }, template: { metadata: { labels, creationTimestamp: null }, spec: { containers: [{ name: "nginx", image: "nginx:1.27" }] } } },
              },
            },
            { type: "event", involved: INVOLVED, reason: "ScalingReplicaSet", message: `Scaled up replica set ${name} to 3`, eventType: "Normal" },
            {
              type: "updateStatus",
              resource: "deployments",
              object: {
                ...d,
                metadata: { ...d.metadata, annotations: { [REVISION]: "1" } },
                status: {
                  observedGeneration: 1,
                  unavailableReplicas: 3,
                  conditions: [
                    { type: "Progressing", status: "True", reason: "NewReplicaSetCreated", message: `Created new replica set "${name}"`, lastUpdateTime: NOW, lastTransitionTime: NOW },
                    { type: "Available", status: "False", reason: "MinimumReplicasUnavailable", message: "Deployment does not have minimum availability.", lastUpdateTime: NOW, lastTransitionTime: NOW },
                  ],
                },
              },
            },
          ] as unknown as Action[]),
          {
            ko: "web-<해시>를 3개로 만들고(pod-template-hash 레이블과 셀렉터, 리비전 1, desired 3, max 4), ScalingReplicaSet 이벤트와 NewReplicaSetCreated 상태를 써야 한다",
            en: "web-<hash> should be created with 3 replicas (pod-template-hash label and selector, revision 1, desired 3, max 4), with a ScalingReplicaSet event and a NewReplicaSetCreated status",
          },
          given,
        );
      },
    },
    {
      id: "adopts-orphans",
      name: { ko: "셀렉터가 맞는 고아 레플리카셋을 입양하고 남의 것은 두다", en: "adopts a matching orphan ReplicaSet and leaves another owner's alone" },
      run({ impl, expectEqual }) {
        const d = deployment({ replicas: 3, image: "nginx:1.27", generation: 1, status: complete(3, 1) });
        const orphan = replicaSet({ name: "web-v2", image: "nginx:1.27", replicas: 3, revision: 1, created: ago(DAY), owner: "none" });
        const foreign = replicaSet({ name: "web-x", image: "nginx:1.26", replicas: 1, revision: 1, created: ago(2 * DAY), owner: "other" });
        const given = view(d, [orphan, foreign]);
        const actions = impl.syncDeployment(given);
        expectEqual(
          { creates: creates(actions), updated: rsWrites(actions).map((a) => [a.object.metadata?.name, (a.object as unknown as ReplicaSet).metadata?.ownerReferences]) },
          { creates: [], updated: [["web-v2", [OWNER]]] },
          {
            ko: "템플릿이 같은 고아 web-v2에 컨트롤러 소유자 참조를 달아 입양하고(새로 만들지 않는다), 다른 디플로이먼트의 web-x는 건드리지 않아야 한다",
            en: "the orphan web-v2 with our template should be adopted with a controller reference (not created anew); web-x of another Deployment stays untouched",
          },
          given,
        );
      },
    },
    {
      id: "scales-up-within-surge",
      name: { ko: "새 레플리카셋은 replicas + 최대 서지 안에서 늘린다", en: "scales the new ReplicaSet up within replicas + maxSurge" },
      run({ impl, expectEqual }) {
        for (const [replicas, expected] of [
          [3, { created: 1, old: 3 }],
          [10, { created: 3, old: 8 }],
        ] as const) {
          const d = deployment({ replicas, image: "nginx:1.27", revision: "1", status: complete(replicas, 1) });
          const old = replicaSet({ name: "web-v1", image: "nginx:1.26", replicas, revision: 1, desired: replicas, created: ago(DAY) });
          const given = view(d, [old]);
          const actions = impl.syncDeployment(given);
          expectEqual(
            { created: sizes(actions)[`web-${HASH_127}`], old: sizes(actions)["web-v1"] ?? replicas },
            expected,
            {
              ko: `replicas ${replicas}, 25%/25%: 새 레플리카셋은 서지만큼(${expected.created}) 만들고, 이전 것은 가용성을 지키는 만큼만 줄인다`,
              en: `replicas ${replicas}, 25%/25%: the new ReplicaSet starts at the surge (${expected.created}); the old one shrinks only as far as availability allows`,
            },
            given,
          );
        }
      },
    },
    {
      id: "scales-down-within-unavailable",
      name: { ko: "이전 레플리카셋은 새 파드가 가용해진 만큼만 줄인다", en: "scales old ReplicaSets down only as new pods become available" },
      run({ impl, expectEqual }) {
        const d = deployment({ replicas: 10, image: "nginx:1.27", revision: "2", status: complete(10) });
        const old = (n: number) => replicaSet({ name: "web-v1", image: "nginx:1.26", replicas: n, revision: 1, desired: 10, max: 13, created: ago(DAY) });
        const fresh = (available: number) => replicaSet({ name: "web-v2", image: "nginx:1.27", replicas: 5, available, revision: 2, desired: 10, max: 13, created: ago(60) });
        for (const [available, expected] of [
          [0, {}],
          [2, { "web-v1": 6 }],
          [5, { "web-v1": 3 }],
        ] as const) {
          const given = view(d, [old(8), fresh(available)]);
          expectEqual(
            sizes(impl.syncDeployment(given)),
            expected,
            {
              ko: `10개, 최대 불가 2: 이전 8개 + 새 5개 중 새 파드 ${available}개가 가용하다. 가용 파드가 8개 아래로 내려가지 않게 줄여야 한다`,
              en: `10 replicas, maxUnavailable 2: old 8 + new 5, ${available} new pods available. Never drop below 8 available pods`,
            },
            given,
          );
        }
      },
    },
    {
      id: "unhealthy-first",
      name: { ko: "가용하지 않은 이전 파드부터 정리한다", en: "cleans up unavailable old pods first" },
      run({ impl, expectEqual }) {
        const d = deployment({ replicas: 10, image: "nginx:1.27", revision: "2", status: complete(10) });
        const old = replicaSet({ name: "web-v1", image: "nginx:1.26", replicas: 10, available: 7, revision: 1, desired: 10, max: 13, created: ago(DAY) });
        const fresh = replicaSet({ name: "web-v2", image: "nginx:1.27", replicas: 3, available: 0, revision: 2, desired: 10, max: 13, created: ago(60) });
        const given = view(d, [old, fresh]);
        const actions = impl.syncDeployment(given);
        expectEqual(
          { sizes: sizes(actions), events: messages(actions) },
          { sizes: { "web-v1": 8 }, events: ["Scaled down replica set web-v1 to 8 from 10"] },
          {
            ko: "이전 10개 중 3개가 가용하지 않다. 줄여도 가용성이 줄지 않으니 maxScaledDown(13 - 8 - 3 = 2)만큼 먼저 줄여야 한다",
            en: "3 of the 10 old pods are unavailable; removing them costs no availability, so scale down by maxScaledDown (13 - 8 - 3 = 2) first",
          },
          given,
        );
      },
    },
    {
      id: "rolling-update-sequence",
      name: { ko: "롤링 업데이트를 한 단계씩: 3개, 25%/25%", en: "a rolling update step by step: 3 replicas, 25%/25%" },
      run({ impl, expectEqual }) {
        let v = view(
          deployment({ replicas: 3, image: "nginx:1.27", revision: "1", status: complete(3, 1) }),
          [replicaSet({ name: "web-v1", image: "nginx:1.26", replicas: 3, revision: 1, desired: 3, max: 4, created: ago(DAY) })],
        );
        const steps: [number, number][] = [];
        const events: string[] = [];
        for (let i = 0; i < 7; i++) {
          const actions = impl.syncDeployment(v);
          events.push(...messages(actions));
          v = settle(apply(v, actions, ago(-i)));
          steps.push(oldAndNew(v, "web-v1"));
        }
        const n = `web-${HASH_127}`;
        expectEqual(
          { steps, events, status: rolloutStatusOf(v.deployment) },
          {
            steps: [[3, 1], [2, 1], [2, 2], [1, 2], [1, 3], [0, 3], [0, 3]],
            events: [
              `Scaled up replica set ${n} to 1`,
              "Scaled down replica set web-v1 to 2 from 3",
              `Scaled up replica set ${n} to 2 from 1`,
              "Scaled down replica set web-v1 to 1 from 2",
              `Scaled up replica set ${n} to 3 from 2`,
              "Scaled down replica set web-v1 to 0 from 1",
            ],
            status: { updatedReplicas: 3, replicas: 3, availableReplicas: 3, progressing: "NewReplicaSetAvailable" },
          },
          {
            ko: "싱크마다 (이전, 새) 크기가 업스트림 순서를 따라야 한다: 서지 1로 새 것을 하나 늘리고, 새 파드가 가용해지면 이전 것을 하나 줄인다",
            en: "the (old, new) sizes after each sync should follow upstream's order: up one within surge 1, then down one once the new pod is available",
          },
          { start: "web-v1 3 replicas nginx:1.26 -> template nginx:1.27; every sync's actions applied, then all pods ready" },
        );
      },
    },
    {
      id: "recreate-waits",
      name: { ko: "Recreate는 이전 파드가 모두 사라진 뒤에 새 것을 만든다", en: "Recreate creates the new ReplicaSet only once old pods are gone" },
      run({ impl, expectEqual }) {
        const d = deployment({ replicas: 3, image: "nginx:1.27", recreate: true, revision: "1", status: complete(3, 1) });
        const old = (replicas: number, current: number) => replicaSet({ name: "web-v1", image: "nginx:1.26", replicas, current, revision: 1, desired: 3, max: 3, created: ago(DAY) });
        const pod = (phase: string, deleting: boolean): Pod => ({
          apiVersion: "v1",
          kind: "Pod",
          metadata: {
            name: "web-v1-abcde",
            namespace: "default",
            uid: "uid-pod-1",
            labels: { app: "web", [HASH]: "v1" },
            ownerReferences: [{ apiVersion: "apps/v1", kind: "ReplicaSet", name: "web-v1", uid: "uid-web-v1", controller: true }],
            ...(deleting ? { deletionTimestamp: ago(5) } : {}),
          },
          spec: { containers: [{ name: "nginx", image: "nginx:1.26" }] },
          status: { phase },
        });
        const stages: [string, DeploymentView][] = [
          ["old ReplicaSet at 3", view(d, [old(3, 3)], [pod("Running", false)])],
          ["old ReplicaSet at 0, its status still counts 3 pods", view(d, [old(0, 3)], [pod("Running", true)])],
          ["old ReplicaSet reports 0, one terminating pod still Running", view(d, [old(0, 0)], [pod("Running", true)])],
          ["the last old pod has Succeeded", view(d, [old(0, 0)], [pod("Succeeded", true)])],
        ];
        const got = stages.map(([, v]) => {
          const actions = impl.syncDeployment(v);
          return { sizes: sizes(actions), creates: creates(actions) };
        });
        expectEqual(
          got,
          [
            { sizes: { "web-v1": 0 }, creates: [] },
            { sizes: {}, creates: [] },
            { sizes: {}, creates: [] },
            { sizes: { [`web-${HASH_127}`]: 3 }, creates: [`web-${HASH_127}`] },
          ],
          {
            ko: "이전 레플리카셋을 0으로 줄이고, 이전 파드가 하나라도 실행 중이면(종료 중이어도) 기다렸다가, 그다음에야 새 레플리카셋을 3개로 만들어야 한다",
            en: "scale the old ReplicaSet to 0, wait while any old pod runs (terminating counts), and only then create the new ReplicaSet at 3",
          },
          stages.map(([stage]) => stage),
        );
      },
    },
    {
      id: "proportional-scaling",
      name: { ko: "롤아웃 도중 replicas가 바뀌면 비례해서 나눈다", en: "splits a change of replicas mid-rollout in proportion" },
      run({ impl, expectEqual }) {
        // sync_test.go TestScale: [case, new replicas, maxSurge, previous replicas, previous maxSurge, new RS?, ReplicaSets (newest first), expected sizes]
        type Case = [string, number, number, number, number, boolean, [string, number][], Record<string, number>];
        const cases: Case[] = [
          ["proportional scaling: 5 -> 10", 10, 0, 5, 0, true, [["web-v2", 2], ["web-v1", 3]], { "web-v2": 4, "web-v1": 6 }],
          ["proportional scaling: 5 -> 3", 3, 0, 5, 0, true, [["web-v2", 2], ["web-v1", 3]], { "web-v2": 1, "web-v1": 2 }],
          ["proportional scaling: 9 -> 4", 4, 0, 9, 0, true, [["web-v2", 8], ["web-v1", 1]], { "web-v2": 4, "web-v1": 0 }],
          ["proportional scaling: 7 -> 10", 10, 0, 7, 0, true, [["web-v3", 2], ["web-v2", 3], ["web-v1", 2]], { "web-v3": 3, "web-v2": 4, "web-v1": 3 }],
          ["proportional scaling: 13 -> 8", 8, 0, 13, 0, true, [["web-v3", 2], ["web-v2", 8], ["web-v1", 3]], { "web-v3": 1, "web-v2": 5, "web-v1": 2 }],
          ["leftover distribution: 3 -> 4", 4, 0, 3, 0, true, [["web-v3", 1], ["web-v2", 1], ["web-v1", 1]], { "web-v3": 2, "web-v2": 1, "web-v1": 1 }],
          ["leftover distribution: 3 -> 2", 2, 0, 3, 0, true, [["web-v3", 1], ["web-v2", 1], ["web-v1", 1]], { "web-v3": 1, "web-v2": 1, "web-v1": 0 }],
          ["proportional scaling (no new rs): 4 -> 5", 5, 0, 4, 0, false, [["web-v2", 2], ["web-v1", 2]], { "web-v2": 3, "web-v1": 2 }],
          ["proportional scaling: 6 -> 0", 0, 0, 6, 0, true, [["web-v3", 3], ["web-v2", 2], ["web-v1", 1]], { "web-v3": 0, "web-v2": 0, "web-v1": 0 }],
          ["deployment with surge pods", 20, 2, 10, 2, true, [["web-v2", 6], ["web-v1", 6]], { "web-v2": 11, "web-v1": 11 }],
          ["change both surge and size", 50, 6, 10, 3, true, [["web-v2", 5], ["web-v1", 8]], { "web-v2": 22, "web-v1": 34 }],
          ["change both size and template", 14, 0, 10, 0, false, [["web-v2", 7], ["web-v1", 3]], { "web-v2": 10, "web-v1": 4 }],
        ];
        for (const [label, replicas, surge, before, surgeBefore, hasNew, rss, expected] of cases) {
          const count = rss.length;
          const replicaSets = rss.map(([name, n], i) =>
            replicaSet({
              name,
              image: hasNew && i === 0 ? "nginx:1.27" : `nginx:1.${20 + count - i}`,
              replicas: n,
              revision: count - i,
              desired: before,
              max: before + surgeBefore,
              created: ago((i + 1) * 3600),
            }),
          );
          const total = rss.reduce((t, [, n]) => t + n, 0);
          const d = deployment({ replicas, image: "nginx:1.27", maxSurge: surge, maxUnavailable: 1, revision: String(count), status: { observedGeneration: 2, replicas: total } });
          const given = view(d, replicaSets);
          const after = { ...Object.fromEntries(rss), ...sizes(impl.syncDeployment(given)) };
          expectEqual(
            after,
            expected,
            {
              ko: `${label}: 각 레플리카셋은 max-replicas 어노테이션에 대한 자기 몫만큼 늘거나 줄고, 반올림 나머지는 가장 큰 것이 받는다`,
              en: `${label}: each ReplicaSet grows or shrinks by its share against its max-replicas annotation, the rounding leftover going to the largest`,
            },
            given,
          );
        }
      },
    },
    {
      id: "paused",
      name: { ko: "일시 중지된 디플로이먼트는 롤아웃하지 않지만 스케일은 한다", en: "a paused Deployment does not roll out, yet still scales" },
      run({ impl, expectEqual }) {
        const old = replicaSet({ name: "web-v1", image: "nginx:1.26", replicas: 3, revision: 1, desired: 3, max: 4, created: ago(DAY) });
        const changed = view(deployment({ replicas: 3, image: "nginx:1.27", paused: true, revision: "1", status: complete(3, 1) }), [old]);
        const actions = impl.syncDeployment(changed);
        expectEqual(
          { rs: rsWrites(actions).length, progressing: statusWrite(actions)?.status?.conditions?.find((c) => c.type === "Progressing") },
          {
            rs: 0,
            progressing: { type: "Progressing", status: "Unknown", reason: "DeploymentPaused", message: "Deployment is paused", lastUpdateTime: NOW, lastTransitionTime: NOW },
          },
          {
            ko: "템플릿이 바뀌어도 일시 중지 중에는 새 레플리카셋을 만들지 않고, Progressing을 Unknown DeploymentPaused로 바꿔야 한다",
            en: "while paused, a changed template creates no ReplicaSet, and Progressing becomes Unknown DeploymentPaused",
          },
          changed,
        );
        const current = replicaSet({ name: "web-v1", image: "nginx:1.27", replicas: 3, revision: 1, desired: 3, max: 4, created: ago(DAY) });
        const scaled = view(deployment({ replicas: 5, image: "nginx:1.27", paused: true, revision: "1", status: complete(3, 1) }), [current]);
        const actions2 = impl.syncDeployment(scaled);
        expectEqual(
          { sizes: sizes(actions2), events: messages(actions2) },
          { sizes: { "web-v1": 5 }, events: ["Scaled up replica set web-v1 to 5 from 3"] },
          { ko: "일시 중지 중에도 replicas 3 -> 5는 레플리카셋에 반영해야 한다", en: "replicas 3 -> 5 reaches the ReplicaSet even while paused" },
          scaled,
        );
      },
    },
    {
      id: "rollback-revision",
      name: { ko: "롤백은 이전 레플리카셋을 다시 쓰고 리비전을 새로 매긴다", en: "a rollback reuses the old ReplicaSet under a new revision" },
      run({ impl, expectEqual }) {
        // `kubectl rollout undo` patched the template back to revision 1's.
        const d = deployment({ replicas: 3, image: "nginx:1.26", generation: 3, revision: "2", status: complete(3, 2) });
        const v1 = replicaSet({ name: "web-v1", image: "nginx:1.26", replicas: 0, revision: 1, desired: 3, max: 4, created: ago(2 * DAY) });
        const v2 = replicaSet({ name: "web-v2", image: "nginx:1.27", replicas: 3, revision: 2, desired: 3, max: 4, created: ago(DAY) });
        let v = view(d, [v1, v2]);
        const first = impl.syncDeployment(v);
        const reused = rsWrites(first).find((a) => a.object.metadata?.name === "web-v1")?.object as unknown as ReplicaSet | undefined;
        v = settle(apply(v, first, NOW));
        const second = impl.syncDeployment(v);
        v = apply(v, second, NOW);
        expectEqual(
          {
            creates: creates(first),
            reused: { replicas: reused?.spec?.replicas, annotations: reused?.metadata?.annotations },
            history: v.replicaSets.map((rs) => rs.metadata?.annotations?.[REVISION]).sort(),
            deployment: v.deployment.metadata?.annotations?.[REVISION],
          },
          {
            creates: [],
            reused: { replicas: 1, annotations: { [REVISION]: "3", [HISTORY]: "1", [DESIRED]: "3", [MAX]: "4" } },
            history: ["2", "3"],
            deployment: "3",
          },
          {
            ko: "템플릿이 web-v1과 같으니 새로 만들지 않고 web-v1을 리비전 3으로 올려 늘려야 한다. 리비전 1은 이력에서 사라지고(revision-history에만 남는다) 디플로이먼트도 3이 된다",
            en: "the template is web-v1's: reuse web-v1 at revision 3 and scale it up, creating nothing; revision 1 leaves the history (kept in revision-history) and the Deployment becomes 3",
          },
          { revisions: "web-v1 1, web-v2 2; template patched back to web-v1's" },
        );
      },
    },
    {
      id: "history-cleanup",
      name: { ko: "revisionHistoryLimit를 넘는 빈 이전 레플리카셋을 오래된 리비전부터 지운다", en: "deletes empty old ReplicaSets beyond revisionHistoryLimit, oldest revision first" },
      run({ impl, expectEqual }) {
        const d = deployment({ replicas: 3, image: "nginx:1.27", generation: 1, revision: "4", revisionHistoryLimit: 1, status: complete(3, 1) });
        const given = view(d, [
          replicaSet({ name: "web-v2", image: "nginx:1.25", replicas: 0, current: 1, revision: 2, desired: 3, max: 4, created: ago(3 * DAY) }),
          replicaSet({ name: "web-v1", image: "nginx:1.24", replicas: 0, revision: 1, desired: 3, max: 4, created: ago(4 * DAY) }),
          replicaSet({ name: "web-v3", image: "nginx:1.26", replicas: 0, revision: 3, desired: 3, max: 4, created: ago(2 * DAY) }),
          replicaSet({ name: "web-v4", image: "nginx:1.27", replicas: 3, revision: 4, desired: 3, max: 4, created: ago(DAY) }),
        ]);
        expectEqual(
          deletes(impl.syncDeployment(given)),
          ["web-v1"],
          {
            ko: "이전 것 3개, 한도 1: 리비전이 낮은 web-v1과 web-v2가 후보지만, 아직 파드가 하나 남은 web-v2는 지우지 않아야 한다",
            en: "3 old ones, limit 1: web-v1 and web-v2 have the lowest revisions, but web-v2 still has a pod and must stay",
          },
          given,
        );
      },
    },
    {
      id: "status-counts",
      name: { ko: "calculateStatus: 개수와 Available 컨디션", en: "calculateStatus: the counts and the Available condition" },
      run({ impl, expectEqual }) {
        const d = deployment({ replicas: 3, image: "nginx:1.27", generation: 4 });
        const fresh = replicaSet({ name: "web-v2", image: "nginx:1.27", replicas: 3, current: 3, ready: 2, available: 1, created: ago(60) });
        const old = replicaSet({ name: "web-v1", image: "nginx:1.26", replicas: 1, current: 2, ready: 2, available: 2, created: ago(DAY) });
        expectEqual(
          impl.calculateStatus([old, fresh], fresh, d, NOW),
          {
            observedGeneration: 4,
            replicas: 5,
            updatedReplicas: 3,
            readyReplicas: 4,
            availableReplicas: 3,
            unavailableReplicas: 1,
            conditions: [{ type: "Available", status: "True", reason: "MinimumReplicasAvailable", message: "Deployment has minimum availability.", lastUpdateTime: NOW, lastTransitionTime: NOW }],
          },
          {
            ko: "replicas, ready, available은 레플리카셋 status의 합이고, updated는 새 것의 status.replicas, unavailable은 spec 합(4) - available(3)이다. 가용 3 >= 3 - 0이므로 Available True",
            en: "replicas, ready and available sum the ReplicaSets' status; updated is the new one's status.replicas; unavailable is the spec sum (4) - available (3). 3 available >= 3 - 0: Available True",
          },
          { allRSs: [old, fresh], deployment: d },
        );
        const few = replicaSet({ name: "web-v2", image: "nginx:1.27", replicas: 10, current: 10, ready: 9, available: 7, created: ago(60) });
        const ten = deployment({ replicas: 10, image: "nginx:1.27", generation: 1 });
        expectEqual(
          impl.calculateStatus([few], few, ten, NOW),
          {
            observedGeneration: 1,
            replicas: 10,
            updatedReplicas: 10,
            readyReplicas: 9,
            availableReplicas: 7,
            unavailableReplicas: 3,
            conditions: [{ type: "Available", status: "False", reason: "MinimumReplicasUnavailable", message: "Deployment does not have minimum availability.", lastUpdateTime: NOW, lastTransitionTime: NOW }],
          },
          { ko: "10개에 최대 불가 2: 가용 7 < 8이므로 Available False", en: "10 replicas, maxUnavailable 2: 7 available < 8, Available False" },
          { allRSs: [few], deployment: ten },
        );
      },
    },
    {
      id: "progressing-condition",
      name: { ko: "Progressing 컨디션: 진행 중, 완료", en: "the Progressing condition: progressing, complete" },
      run({ impl, expectEqual }) {
        const available = { type: "Available", status: "True", reason: "MinimumReplicasAvailable", message: "Deployment has minimum availability.", lastUpdateTime: ago(DAY), lastTransitionTime: ago(DAY) };
        const progressing = { type: "Progressing", status: "True", reason: "ReplicaSetUpdated", message: 'ReplicaSet "web-v2" is progressing.', lastUpdateTime: ago(60), lastTransitionTime: ago(120) };
        const before = { observedGeneration: 2, replicas: 4, updatedReplicas: 1, readyReplicas: 3, availableReplicas: 3, conditions: [available, progressing] };
        const d = deployment({ replicas: 3, image: "nginx:1.27", revision: "2", status: before });
        const mid = view(d, [
          replicaSet({ name: "web-v1", image: "nginx:1.26", replicas: 2, revision: 1, desired: 3, max: 4, created: ago(DAY) }),
          replicaSet({ name: "web-v2", image: "nginx:1.27", replicas: 2, revision: 2, desired: 3, max: 4, created: ago(120) }),
        ]);
        expectEqual(
          statusWrite(impl.syncDeployment(mid))?.status?.conditions,
          [available, { ...progressing, lastUpdateTime: NOW }],
          {
            ko: "updatedReplicas가 1에서 2로 늘었다: ReplicaSetUpdated의 lastUpdateTime만 지금으로, lastTransitionTime은 그대로 두어야 한다",
            en: "updatedReplicas went from 1 to 2: ReplicaSetUpdated gets lastUpdateTime now and keeps its lastTransitionTime",
          },
          mid,
        );
        const almost = deployment({ replicas: 3, image: "nginx:1.27", revision: "2", status: { ...before, replicas: 3, updatedReplicas: 3, availableReplicas: 2 } });
        const done = view(almost, [
          replicaSet({ name: "web-v1", image: "nginx:1.26", replicas: 0, revision: 1, desired: 3, max: 4, created: ago(DAY) }),
          replicaSet({ name: "web-v2", image: "nginx:1.27", replicas: 3, revision: 2, desired: 3, max: 4, created: ago(120) }),
        ]);
        expectEqual(
          statusWrite(impl.syncDeployment(done))?.status?.conditions,
          [available, { type: "Progressing", status: "True", reason: "NewReplicaSetAvailable", message: 'ReplicaSet "web-v2" has successfully progressed.', lastUpdateTime: NOW, lastTransitionTime: ago(120) }],
          {
            ko: "세 개 모두 갱신되고 가용하다: Progressing은 NewReplicaSetAvailable이 되어야 한다(상태가 True 그대로이니 lastTransitionTime은 유지)",
            en: "all three updated and available: Progressing becomes NewReplicaSetAvailable (still True, so lastTransitionTime stays)",
          },
          done,
        );
      },
    },
    {
      id: "progress-deadline",
      name: { ko: "progressDeadlineSeconds를 넘기면 ProgressDeadlineExceeded", en: "past progressDeadlineSeconds: ProgressDeadlineExceeded" },
      run({ impl, expectEqual }) {
        const stuck = (age: number): DeploymentView =>
          view(
            deployment({
              replicas: 3,
              image: "nginx:1.27",
              revision: "2",
              status: {
                observedGeneration: 2,
                replicas: 4,
                updatedReplicas: 1,
                readyReplicas: 3,
                availableReplicas: 3,
                unavailableReplicas: 1,
                conditions: [
                  { type: "Available", status: "True", reason: "MinimumReplicasAvailable", message: "Deployment has minimum availability.", lastUpdateTime: ago(DAY), lastTransitionTime: ago(DAY) },
                  { type: "Progressing", status: "True", reason: "ReplicaSetUpdated", message: 'ReplicaSet "web-v2" is progressing.', lastUpdateTime: ago(age), lastTransitionTime: ago(age) },
                ],
              },
            }),
            [
              replicaSet({ name: "web-v1", image: "nginx:1.26", replicas: 3, revision: 1, desired: 3, max: 4, created: ago(DAY) }),
              replicaSet({ name: "web-v2", image: "nginx:1.27", replicas: 1, current: 1, available: 0, revision: 2, desired: 3, max: 4, created: ago(age) }),
            ],
          );
        const timedOut = impl.syncDeployment(stuck(601));
        expectEqual(
          statusWrite(timedOut)?.status?.conditions?.find((c) => c.type === "Progressing"),
          { type: "Progressing", status: "False", reason: "ProgressDeadlineExceeded", message: 'ReplicaSet "web-v2" has timed out progressing.', lastUpdateTime: NOW, lastTransitionTime: NOW },
          {
            ko: "마지막 진행이 601초 전이고 기한은 600초다: Progressing을 False ProgressDeadlineExceeded로 바꿔야 한다",
            en: "the last progress was 601 s ago and the deadline is 600 s: Progressing becomes False ProgressDeadlineExceeded",
          },
          stuck(601),
        );
        for (const [age, seconds] of [
          [600, 1],
          [300, 301],
        ] as const) {
          expectEqual(
            impl.syncDeployment(stuck(age)),
            [{ type: "requeueAfter", seconds }],
            {
              ko: `마지막 진행이 ${age}초 전: 아직 기한 전(정확히 600초는 넘긴 것이 아니다)이니 바꿀 것은 없고, 기한 1초 뒤에 다시 보도록 requeueAfter를 내야 한다`,
              en: `last progress ${age} s ago: not past the deadline yet (exactly 600 s is not past), nothing to write; requeueAfter one second past the deadline`,
            },
            stuck(age),
          );
        }
      },
    },
    {
      id: "rollout-status",
      name: { ko: "kubectl rollout status의 규칙과 메시지", en: "kubectl rollout status: its rule and messages" },
      run({ impl, expectEqual }) {
        const d = (generation: number, status: DeploymentStatus, replicas = 3) => deployment({ replicas, image: "nginx:1.27", generation, status });
        const cases: [string, Deployment, { state: string; message: string }][] = [
          ["generation 3, observed 2", d(3, { ...complete(3, 2) }), { state: "waiting", message: "Waiting for deployment spec update to be observed..." }],
          [
            "ProgressDeadlineExceeded",
            d(2, { observedGeneration: 2, replicas: 4, updatedReplicas: 1, conditions: [{ type: "Progressing", status: "False", reason: "ProgressDeadlineExceeded" }] }),
            { state: "failed", message: 'deployment "web" exceeded its progress deadline' },
          ],
          ["1 of 3 updated", d(2, { observedGeneration: 2, replicas: 4, updatedReplicas: 1 }), { state: "waiting", message: 'Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas have been updated...' }],
          ["4 replicas, 3 updated", d(2, { observedGeneration: 2, replicas: 4, updatedReplicas: 3, availableReplicas: 3 }), { state: "waiting", message: 'Waiting for deployment "web" rollout to finish: 1 old replicas are pending termination...' }],
          ["2 of 3 available", d(2, { observedGeneration: 2, replicas: 3, updatedReplicas: 3, availableReplicas: 2 }), { state: "waiting", message: 'Waiting for deployment "web" rollout to finish: 2 of 3 updated replicas are available...' }],
          ["complete", d(2, complete(3, 2)), { state: "done", message: 'deployment "web" successfully rolled out' }],
        ];
        for (const [label, given, expected] of cases) {
          expectEqual(
            impl.rolloutStatus(given),
            expected,
            {
              ko: `${label}: generation을 먼저 보고, 그다음 ProgressDeadlineExceeded, 세 부등식, 성공 순서로 판정한다`,
              en: `${label}: generation first, then ProgressDeadlineExceeded, the three inequalities, success`,
            },
            given,
          );
        }
      },
    },
    {
      id: "same-as-reference",
      name: { ko: "무작위 네임스페이스에서 참조 구현과 같은 조치를 낸다", en: "returns the reference's actions on random namespaces" },
      async run({ impl, ref, forAll, expectEqual }) {
        await forAll(randomView, (v) => {
          const expected = ref.syncDeployment(v);
          const actual = impl.syncDeployment(v);
          expectEqual(multiset(actual), multiset(expected), { ko: "조치가 참조 구현과 다르다(순서는 보지 않는다)", en: "the actions differ from the reference's (order aside)" }, v);
        });
      },
    },
    inClusterCheck<typeof Solution>({
      name: { ko: "내 디플로이먼트 컨트롤러가 클러스터에서 3개에서 10개로, 다시 2개로 스케일한다", en: "your Deployment controller scales a cluster's Deployment 3 -> 10 -> 2" },
      scenario: "scale.yaml",
      lesson: "lesson-8",
      swap: (impl, ref) => ({ ...ref, deployment: (view) => impl.syncDeployment(view as never) as never }),
    }),
  ],
});

/** What a finished rollout's status says, for the stepped rolling update. */
function rolloutStatusOf(d: Deployment): { updatedReplicas?: number; replicas?: number; availableReplicas?: number; progressing?: string } {
  const s = d.status ?? {};
  return {
    updatedReplicas: s.updatedReplicas,
    replicas: s.replicas,
    availableReplicas: s.availableReplicas,
    progressing: s.conditions?.find((c) => c.type === "Progressing")?.reason,
  };
}
