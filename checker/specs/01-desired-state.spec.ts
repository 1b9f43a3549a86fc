/**
 * Chapter 1's checks: `reconcile(desired, observed, manager)`, the observe-diff-act step. Table cases pin each idea;
 * properties then compare the learner's actions with the reference's on random clusters, and prove the two laws a
 * controller lives by: running it again on its own result does nothing, and repeating it converges.
 */
import fc from "fast-check";
import { Cluster } from "../../src/sim/cluster.ts";
import { loadComponents } from "../../src/sim/slots.ts";
import { defineSpec } from "../spec.ts";
import type * as Solution from "../../solutions/01-desired-state/reconcile.ts";
import type { Action, KubeObject } from "../../solutions/01-desired-state/reconcile.ts";

const ME = "kube-workbook";
const OURS = { "app.kubernetes.io/managed-by": ME };

const deployment = (name: string, spec: Record<string, unknown>, extra: Partial<KubeObject["metadata"]> = {}): KubeObject => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name, namespace: "default", ...extra },
  spec,
});

/** What the API server adds to everything it stores: these must not look like differences. */
const live = (o: KubeObject, rv = "7"): KubeObject => ({
  ...o,
  metadata: { ...o.metadata, uid: `uid-${o.metadata.name}`, resourceVersion: rv, generation: 1, creationTimestamp: "2026-01-01T00:00:00Z" },
  spec: { ...(o.spec as object), progressDeadlineSeconds: 600, revisionHistoryLimit: 10 },
  status: { replicas: 1, readyReplicas: 1 },
});

const byKey = (actions: readonly Action[]): string[] =>
  actions.map((a) => (a.type === "delete" ? `delete ${a.kind}/${a.namespace}/${a.name}` : `${a.type} ${a.object.kind}/${a.object.metadata.namespace ?? "default"}/${a.object.metadata.name}`)).sort();

/** A tiny API server: applies actions to a list of live objects as the real one would. */
function apply(observed: readonly KubeObject[], actions: readonly Action[], keyOf: (o: KubeObject) => string): KubeObject[] {
  const out = new Map(observed.map((o) => [keyOf(o), o]));
  for (const a of actions) {
    if (a.type === "delete") out.delete(`${a.kind}/${a.namespace}/${a.name}`);
    else out.set(keyOf(a.object), live(structuredClone(a.object), String(Number(a.object.metadata.resourceVersion ?? 0) + 1)));
  }
  return [...out.values()];
}

const key = (o: KubeObject): string => `${o.kind}/${o.metadata.namespace ?? "default"}/${o.metadata.name}`;

/** Random manifests over a small universe of names, so that desired and observed overlap often. */
const manifest = fc
  .record({
    kind: fc.constantFrom("Deployment", "ConfigMap"),
    name: fc.constantFrom("web", "api", "db"),
    namespace: fc.constantFrom(undefined, "default", "kube-system"),
    replicas: fc.integer({ min: 0, max: 3 }),
    images: fc.array(fc.constantFrom("nginx:1.25", "nginx:1.26"), { minLength: 1, maxLength: 2 }),
  })
  .map(({ kind, name, namespace, replicas, images }): KubeObject => ({
    apiVersion: kind === "Deployment" ? "apps/v1" : "v1",
    kind,
    metadata: namespace === undefined ? { name } : { name, namespace },
    ...(kind === "Deployment"
      ? { spec: { replicas, template: { spec: { containers: images.map((image, i) => ({ name: `c${i}`, image })) } } } }
      : { data: { replicas: String(replicas) } }),
  }));

const cluster = fc.record({
  desired: fc.uniqueArray(manifest, { selector: key, maxLength: 4 }),
  observed: fc.uniqueArray(
    fc.tuple(manifest, fc.constantFrom("ours", "foreign", "none"), fc.boolean()).map(([o, owner, terminating]) =>
      live({
        ...o,
        metadata: {
          ...o.metadata,
          ...(owner === "ours" ? { labels: OURS } : owner === "foreign" ? { labels: { "app.kubernetes.io/managed-by": "helm" } } : {}),
          ...(terminating ? { deletionTimestamp: "2026-01-01T00:01:00Z" } : {}),
        },
      }),
    ),
    { selector: key, maxLength: 4 },
  ),
});

export default defineSpec<typeof Solution>({
  exports: ["reconcile"],
  shapes: {
    reconcile: {
      type: "array",
      items: {
        oneOf: [
          { type: "object", required: ["type", "object"], properties: { type: { enum: ["create", "update"] }, object: { type: "object", required: ["kind", "metadata"] } } },
          { type: "object", required: ["type", "kind", "namespace", "name"], properties: { type: { const: "delete" } } },
        ],
      },
    },
  },
  checks: [
    {
      id: "creates-missing",
      name: { ko: "없는 오브젝트를 만들고 관리 레이블을 붙인다", en: "creates what is missing, with the managed-by label" },
      run({ impl, expectEqual }) {
        const web = deployment("web", { replicas: 3 });
        const given = { desired: [web], observed: [] };
        expectEqual(
          impl.reconcile([web], [], ME),
          [{ type: "create", object: deployment("web", { replicas: 3 }, { labels: OURS }) }],
          { ko: "빠진 디플로이먼트 하나를 만들어야 한다", en: "the missing Deployment should be created" },
          given,
        );
      },
    },
    {
      id: "ignores-fields-not-set",
      name: { ko: "의도한 상태가 정하지 않은 필드는 비교하지 않는다", en: "compares only the fields the desired state sets" },
      run({ impl, expectEqual }) {
        const web = deployment("web", { replicas: 3 });
        const observed = [live(deployment("web", { replicas: 3 }, { labels: OURS }))];
        expectEqual(
          impl.reconcile([web], observed, ME),
          [],
          {
            ko: "살아 있는 오브젝트는 기본값, status, resourceVersion을 더 갖고 있을 뿐 다르지 않다: 할 일이 없어야 한다",
            en: "the live object only carries defaults, status and resourceVersion on top: nothing should be done",
          },
          { desired: [web], observed },
        );
      },
    },
    {
      id: "updates-changed-field",
      name: { ko: "달라진 필드를 고치되 살아 있는 오브젝트의 나머지는 지킨다", en: "updates a changed field and keeps the rest of the live object" },
      run({ impl, expectEqual }) {
        const web = deployment("web", { replicas: 5 });
        const have = live(deployment("web", { replicas: 3 }, { labels: OURS }));
        const want = { ...have, spec: { ...(have.spec as object), replicas: 5 } };
        expectEqual(
          impl.reconcile([web], [have], ME),
          [{ type: "update", object: want }],
          {
            ko: "replicas만 5로 바꾸고 resourceVersion(낙관적 동시성)과 status, 기본값은 그대로 보내야 한다",
            en: "only replicas should change to 5; resourceVersion (for optimistic concurrency), status and defaults are sent as they are",
          },
          { desired: [web], observed: [have] },
        );
      },
    },
    {
      id: "lists-whole",
      name: { ko: "목록은 항목별로, 길이까지 비교한다", en: "compares lists item by item, length included" },
      run({ impl, expectEqual }) {
        const containers = (...images: string[]) => ({ template: { spec: { containers: images.map((image, i) => ({ name: `c${i}`, image })) } } });
        const web = deployment("web", containers("nginx:1.26"));
        const have = live(deployment("web", containers("nginx:1.26", "sidecar:1"), { labels: OURS }));
        const actions = impl.reconcile([web], [have], ME);
        expectEqual(
          byKey(actions),
          ["update Deployment/default/web"],
          { ko: "컨테이너 목록의 길이가 다르면 업데이트해야 한다", en: "a container list of another length needs an update" },
          { desired: [web], observed: [have] },
        );
      },
    },
    {
      id: "default-namespace",
      name: { ko: "네임스페이스가 없으면 default로 본다", en: "a missing namespace means default" },
      run({ impl, expectEqual }) {
        const web: KubeObject = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "web" }, data: { a: "1" } };
        const have = live({ ...web, metadata: { name: "web", namespace: "default", labels: OURS } });
        expectEqual(
          impl.reconcile([web], [have], ME),
          [],
          {
            ko: "매니페스트에 namespace가 없어도 default 네임스페이스의 같은 오브젝트다: 만들지도 지우지도 않아야 한다",
            en: "without a namespace the manifest names the same object in default: nothing to create or delete",
          },
          { desired: [web], observed: [have] },
        );
      },
    },
    {
      id: "deletes-only-owned",
      name: { ko: "자신이 관리하는 오브젝트만 지운다", en: "deletes only the objects it manages" },
      run({ impl, expectEqual }) {
        const ours = live(deployment("old", { replicas: 1 }, { labels: OURS }));
        const helm = live(deployment("chart", { replicas: 1 }, { labels: { "app.kubernetes.io/managed-by": "helm" } }));
        const handmade = live(deployment("handmade", { replicas: 1 }));
        expectEqual(
          impl.reconcile([], [ours, helm, handmade], ME),
          [{ type: "delete", kind: "Deployment", namespace: "default", name: "old" }],
          {
            ko: "관리 레이블이 우리 것인 old만 지워야 한다. 다른 도구나 사람이 만든 오브젝트는 건드리지 않는다",
            en: "only `old`, labelled as ours, should be deleted; what another tool or a person made is left alone",
          },
          { desired: [], observed: [ours, helm, handmade] },
        );
      },
    },
    {
      id: "leaves-terminating-alone",
      name: { ko: "삭제 중인 오브젝트는 건드리지 않는다", en: "leaves an object that is being deleted alone" },
      run({ impl, expectEqual }) {
        const web = deployment("web", { replicas: 5 });
        const going = live(deployment("web", { replicas: 3 }, { labels: OURS, deletionTimestamp: "2026-01-01T00:01:00Z" }));
        const gone = live(deployment("old", { replicas: 1 }, { labels: OURS, deletionTimestamp: "2026-01-01T00:01:00Z" }));
        expectEqual(
          impl.reconcile([web], [going, gone], ME),
          [],
          {
            ko: "deletionTimestamp가 있는 오브젝트는 이미 사라지는 중이다: 업데이트도, 다시 지우기도 하지 않아야 한다",
            en: "objects with a deletionTimestamp are already going away: neither update nor delete them again",
          },
          { desired: [web], observed: [going, gone] },
        );
      },
    },
    {
      id: "same-as-reference",
      name: { ko: "무작위 클러스터에서 참조 구현과 같은 조치를 낸다", en: "returns the reference's actions on random clusters" },
      async run({ impl, ref, forAll, expectEqual }) {
        await forAll(cluster, ({ desired, observed }) => {
          const expected = ref.reconcile(desired, observed, ME);
          const actual = impl.reconcile(desired, observed, ME);
          const sort = (as: readonly Action[]) => [...as].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
          expectEqual(sort(actual), sort(expected), { ko: "조치가 참조 구현과 다르다 (순서는 보지 않는다)", en: "the actions differ from the reference's (order aside)" }, { desired, observed });
        });
      },
    },
    {
      id: "idempotent",
      name: { ko: "자기 결과 위에서 다시 실행하면 할 일이 없다", en: "run again on its own result, it does nothing" },
      async run({ impl, forAll, expectEqual }) {
        await forAll(cluster, ({ desired, observed }) => {
          const settled = observed.filter((o) => !o.metadata.deletionTimestamp);
          const after = apply(settled, impl.reconcile(desired, settled, ME), key);
          expectEqual(
            impl.reconcile(desired, after, ME),
            [],
            { ko: "조치를 적용한 클러스터에서 다시 실행했더니 또 할 일이 나왔다", en: "after its actions were applied, a second run still found work to do" },
            { desired, observed: after },
          );
        });
      },
    },
    {
      id: "in-cluster",
      timeLimitMs: 60_000,
      name: {
        ko: "내 reconcile이 클러스터를 매니페스트대로 맞추고, 빠진 매니페스트의 오브젝트는 치운다",
        en: "your reconcile brings a cluster to its manifests, and prunes what was dropped",
      },
      async run({ impl, fail }) {
        const { components } = await loadComponents();
        const cluster = await Cluster.create({ components, seed: 1, nodes: [{ name: "node-1" }, { name: "node-2" }] });
        const api = cluster.api;
        const web: KubeObject = {
          apiVersion: "apps/v1",
          kind: "Deployment",
          metadata: { name: "web" },
          spec: {
            replicas: 2,
            selector: { matchLabels: { app: "web" } },
            template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "web", image: "nginx:1.27" }] } },
          },
        };
        const settings: KubeObject = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "settings" }, data: { mode: "fast" } };
        const resources: Record<string, string> = { Deployment: "deployments", ConfigMap: "configmaps" };
        // One pass of an addon manager: observe, reconcile, act through the API, let the cluster work for 10 s.
        const pass = async (desired: KubeObject[]) => {
          const observed = [
            ...(await api.list("deployments", { namespace: "default" })).items,
            ...(await api.list("configmaps", { namespace: "default" })).items,
          ] as KubeObject[];
          for (const action of impl.reconcile(desired, observed, ME)) {
            if (action.type === "create") await api.create(resources[action.object.kind]!, action.object, "default");
            else if (action.type === "update") await api.update(resources[action.object.kind]!, action.object);
            else await api.delete(resources[action.kind]!, action.namespace, action.name);
          }
          await cluster.runFor(10_000);
        };
        for (let i = 0; i < 3; i++) await pass([web, settings]);
        const live = (await api.list("deployments", { namespace: "default" })).items as KubeObject[];
        const ready = (live[0]?.status as { readyReplicas?: number } | undefined)?.readyReplicas;
        if (live.length !== 1 || ready !== 2) {
          fail(
            { ko: "세 번 실행한 뒤 web 디플로이먼트가 파드 2개로 준비되어 있어야 한다", en: "after three passes the web Deployment should have 2 ready pods" },
            { given: { desired: [web, settings] }, expected: { deployments: ["web"], readyReplicas: 2 }, actual: { deployments: live.map((d) => d.metadata.name), readyReplicas: ready } },
          );
        }
        for (let i = 0; i < 3; i++) await pass([settings]);
        const pods = (await api.list("pods", { namespace: "default" })).items;
        const left = (await api.list("deployments", { namespace: "default" })).items.map((d) => d.metadata?.name);
        if (left.length > 0 || pods.length > 0) {
          fail(
            {
              ko: "web을 의도한 상태에서 빼면 디플로이먼트가 지워지고, 가비지 수집기가 그 파드까지 치워야 한다",
              en: "once web leaves the desired state its Deployment should be deleted, and the garbage collector should remove its pods",
            },
            { given: { desired: [settings] }, expected: { deployments: [], pods: [] }, actual: { deployments: left, pods: pods.map((p) => p.metadata?.name) } },
          );
        }
      },
    },
  ],
});
