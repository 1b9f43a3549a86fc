/**
 * Chapter 4's checks: `parseManifests` (YAML documents to validated objects, errors with file:line:column and field
 * path) and `apply` (kubectl's client-side apply). Parsing is pinned on the official examples of kubernetes.io and
 * on broken files whose error positions are written out. Apply runs against the reference API server of chapter 3
 * over the chapter-2 store, behind a small client that logs each request as `kubectl apply -v=8` shows it and
 * applies PATCH bodies with the workbook's strategic-merge-patch engine, so the requests and the patch bodies are
 * pinned too. The last check applies random sequences of manifest edits, mixed with other writers' changes, with the
 * learner's apply and the reference's, and compares what they print and what the cluster ends up holding.
 */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { MvccStore } from "../../solutions/02-etcd/mvcc-store.ts";
import { ApiServer } from "../../solutions/03-apiserver/api-server.ts";
import type * as Solution from "../../solutions/04-manifests/manifests.ts";
import type { ApplyClient, ManifestError } from "../../solutions/04-manifests/manifests.ts";
import { applyDefaults } from "../../src/kube/defaults.ts";
import { conflict } from "../../src/kube/errors.ts";
import type { KubeObject } from "../../src/kube/index.ts";
import { applyPatch, applyStrategicMergePatch } from "../../src/kube/patch/index.ts";
import { groupVersion, resourceFor } from "../../src/kube/resources.ts";
import { join } from "node:path";
import { Cluster as SimCluster } from "../../src/sim/cluster.ts";
import { loadComponents } from "../../src/sim/slots.ts";
import { paths } from "../../src/workbook/paths.ts";
import { defineSpec } from "../spec.ts";

// Loose object access for the checks: the server's answers are plain JSON.
type Any = any;
type Module = typeof Solution;

const LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";
const T0 = "2026-01-01T00:00:00Z";

const fixture = (name: string): string => readFileSync(new URL(`../../lessons/04-manifests/manifests/${name}`, import.meta.url), "utf8");

/** Errors as `line:column path: message`, easy to read in a failure and to write out. */
const positions = (errors: readonly ManifestError[]): string[] => errors.map((e) => `${e.file}:${e.line}:${e.column} ${e.path}: ${e.message}`);

// ---- a cluster: the reference API server over the reference store, behind the client apply needs ----

interface Cluster {
  api: ApiServer;
  client: ApplyClient;
  /** Requests as `kubectl apply -v=8` logs them: `GET /apis/apps/v1/namespaces/default/deployments/web`. */
  log: string[];
  /** PATCH bodies, in order. */
  patches: unknown[];
  /** How many of the next PATCHes answer 409, and what another writer does just before each. */
  conflicts: { left: number; before?: () => Promise<void> };
}

function urlOf(resource: string, namespace: string | undefined, name?: string): string {
  const info = resourceFor(resource)!;
  const base = info.group ? `/apis/${groupVersion(info)}` : `/api/${info.version}`;
  return `${base}${info.namespaced ? `/namespaces/${namespace ?? "default"}` : ""}/${info.resource}${name ? `/${name}` : ""}`;
}

/** Objects as the API server stores them: defaulted, as a real kube-apiserver would (so live objects carry more). */
function cluster(): Cluster {
  let uids = 0;
  const api = new ApiServer({ storage: new MvccStore(), now: () => T0, uid: () => `uid-${++uids}` });
  const c: Cluster = {
    api,
    log: [],
    patches: [],
    conflicts: { left: 0 },
    client: {
      async get(resource, namespace, name) {
        c.log.push(`GET ${urlOf(resource, namespace, name)}`);
        return api.get(resource, namespace, name);
      },
      async create(resource, object, namespace) {
        c.log.push(`POST ${urlOf(resource, namespace ?? object.metadata.namespace)}`);
        return api.create(resource, applyDefaults(structuredClone(object)), namespace);
      },
      async patch(resource, namespace, name, patch, contentType) {
        c.log.push(`PATCH ${urlOf(resource, namespace, name)} ${contentType}`);
        c.patches.push(structuredClone(patch));
        if (c.conflicts.left > 0) {
          c.conflicts.left--;
          await c.conflicts.before?.();
          throw conflict({ group: resourceFor(resource)!.group, resource }, name);
        }
        const live = await api.get<KubeObject>(resource, namespace, name);
        return api.update(resource, applyDefaults(applyStrategicMergePatch(live, patch, live.kind)));
      },
    },
  };
  return c;
}

const get = (c: Cluster, resource: string, name: string): Promise<Any> => c.api.get(resource, "default", name);

/** Another writer changes the live object (as `kubectl scale` or `kubectl label` would). */
async function edit(c: Cluster, resource: string, name: string, change: (o: Any) => void): Promise<void> {
  const live = await get(c, resource, name);
  change(live);
  await c.api.update(resource, live);
}

// ---- manifests ----

/** The Deployment of wire-facts.md: one container `c`. */
const web = (image: string, more: { replicas?: number; labels?: Record<string, string>; env?: { name: string; value: string }[] } = {}): KubeObject => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "web", labels: { app: "web", ...more.labels } },
  spec: {
    ...(more.replicas === undefined ? {} : { replicas: more.replicas }),
    selector: { matchLabels: { app: "web" } },
    template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "c", image, ...(more.env ? { env: more.env } : {}) }] } },
  },
});

/** The annotation kubectl writes for web("nginx:1.26"): the manifest, keys sorted, namespace filled in, no annotation. */
const WEB_126_ANNOTATION =
  '{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"annotations":{},"labels":{"app":"web"},"name":"web","namespace":"default"},' +
  '"spec":{"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"image":"nginx:1.26","name":"c"}]}}}}\n';

const NGINX_DEPLOYMENT_ANNOTATION =
  '{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"annotations":{},"labels":{"app.kubernetes.io/name":"nginx"},"name":"nginx-deployment","namespace":"default"},' +
  '"spec":{"replicas":3,"selector":{"matchLabels":{"app.kubernetes.io/name":"nginx"}},"template":{"metadata":{"labels":{"app.kubernetes.io/name":"nginx"}},' +
  '"spec":{"containers":[{"image":"nginx:1.14.2","name":"nginx","ports":[{"containerPort":80}]}]}}}}\n';

const configMap = (name: string, data: Record<string, string>): KubeObject => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name }, data });

// ---- random edits: one Deployment and one ConfigMap, changed step by step, with other writers in between ----

type Step =
  | { type: "apply"; deployment?: KubeObject; config?: KubeObject }
  | { type: "scale"; replicas: number }
  | { type: "label"; value: string };

const deploymentVariant = fc
  .record({
    replicas: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
    image: fc.constantFrom("nginx:1.25", "nginx:1.26"),
    tier: fc.boolean(),
    env: fc.subarray(["A", "B", "C"]),
    sidecar: fc.boolean(),
    note: fc.option(fc.constantFrom("first", "second"), { nil: undefined }),
  })
  .map(({ replicas, image, tier, env, sidecar, note }): KubeObject => {
    const d: Any = web(image, { replicas, labels: tier ? { tier: "web" } : {}, env: env.length ? env.map((name) => ({ name, value: name.toLowerCase() })) : undefined });
    if (sidecar) d.spec.template.spec.containers.push({ name: "log", image: "busybox:1.36" });
    if (note) d.metadata.annotations = { note };
    return d;
  });

const configVariant = fc
  .dictionary(fc.constantFrom("a", "b", "c"), fc.constantFrom("1", "2"), { maxKeys: 3 })
  .map((data) => configMap("settings", data));

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ type: fc.constant("apply" as const), deployment: fc.option(deploymentVariant, { nil: undefined }), config: fc.option(configVariant, { nil: undefined }) }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant("scale" as const), replicas: fc.integer({ min: 1, max: 5 }) }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant("label" as const), value: fc.constantFrom("ops", "dev") }) },
);

/** Runs the steps on a fresh cluster; returns what apply printed per step and the objects at the end. */
async function play(mod: Module, steps: readonly Step[]): Promise<{ printed: string[][]; objects: unknown[] }> {
  const c = cluster();
  const printed: string[][] = [];
  for (const s of steps) {
    if (s.type === "apply") {
      printed.push(await mod.apply(c.client, [s.deployment, s.config].filter((o): o is KubeObject => o !== undefined)));
    } else {
      const exists = await get(c, "deployments", "web").then(() => true, () => false);
      if (!exists) continue;
      await edit(c, "deployments", "web", (o) => {
        if (s.type === "scale") o.spec.replicas = s.replicas;
        else o.metadata.labels = { ...o.metadata.labels, owner: s.value };
      });
    }
  }
  const objects = await Promise.all(
    [["deployments", "web"], ["configmaps", "settings"]].map(([r, n]) => get(c, r!, n!).catch(() => null)),
  );
  return { printed, objects };
}

export default defineSpec<Module>({
  exports: ["parseManifests", "apply"],
  shapes: {
    parseManifests: {
      type: "object",
      required: ["objects", "errors"],
      properties: {
        objects: { type: "array", items: { type: "object" } },
        errors: {
          type: "array",
          items: {
            type: "object",
            required: ["file", "line", "column", "path", "message"],
            properties: { file: { type: "string" }, line: { type: "integer" }, column: { type: "integer" }, path: { type: "string" }, message: { type: "string" } },
          },
        },
      },
    },
    apply: { type: "array", items: { type: "string" } },
  },
  checks: [
    {
      id: "parses-one-document",
      name: { ko: "kubernetes.io의 nginx 디플로이먼트를 오브젝트로 읽는다", en: "reads the nginx Deployment of kubernetes.io into an object" },
      run({ impl, expectEqual }) {
        const text = fixture("kubernetes-io-nginx-deployment.yaml");
        expectEqual(
          impl.parseManifests(text, "kubernetes-io-nginx-deployment.yaml"),
          {
            objects: [
              {
                apiVersion: "apps/v1",
                kind: "Deployment",
                metadata: { name: "nginx-deployment", labels: { "app.kubernetes.io/name": "nginx" } },
                spec: {
                  replicas: 3,
                  selector: { matchLabels: { "app.kubernetes.io/name": "nginx" } },
                  template: {
                    metadata: { labels: { "app.kubernetes.io/name": "nginx" } },
                    spec: { containers: [{ name: "nginx", image: "nginx:1.14.2", ports: [{ containerPort: 80 }] }] },
                  },
                },
              },
            ],
            errors: [],
          },
          { ko: "문서 하나가 오류 없이 오브젝트 하나가 되어야 한다", en: "one document should become one object, without errors" },
          text,
        );
      },
    },
    {
      id: "multi-document",
      name: { ko: "`---`로 나뉜 문서를 파일 순서대로 모두 읽는다", en: "reads every document separated by `---`, in file order" },
      run({ impl, expectEqual }) {
        const names = (file: string) => impl.parseManifests(fixture(file), file).objects.map((o) => `${o.kind}/${o.metadata.name}`);
        expectEqual(
          names("kubernetes-io-nginx-app.yaml"),
          ["Service/my-nginx-svc", "Deployment/my-nginx"],
          { ko: "kubernetes.io의 nginx-app.yaml에는 서비스와 디플로이먼트가 이 순서로 있다", en: "nginx-app.yaml of kubernetes.io holds a Service, then a Deployment" },
          fixture("kubernetes-io-nginx-app.yaml"),
        );
        expectEqual(
          names("kubernetes-io-simple-service.yaml"),
          ["Service/my-service"],
          { ko: "흐름 스타일({ ... })로 쓴 서비스도 YAML이다", en: "a Service written in flow style ({ ... }) is YAML too" },
          fixture("kubernetes-io-simple-service.yaml"),
        );
      },
    },
    {
      id: "skips-empty-documents",
      name: { ko: "비어 있거나 주석뿐인 문서는 건너뛴다", en: "skips documents that are empty or only comments" },
      run({ impl, expectEqual }) {
        const text = fixture("workbook-web.yaml");
        const got = impl.parseManifests(text, "workbook-web.yaml");
        expectEqual(
          { objects: got.objects.map((o) => `${o.kind}/${o.metadata.name}`), errors: positions(got.errors) },
          { objects: ["ConfigMap/web-config", "Deployment/web", "Service/web"], errors: [] },
          { ko: "주석뿐인 문서는 kubectl처럼 조용히 건너뛰어야 한다: 오류가 아니다", en: "a document of only a comment is skipped quietly, as kubectl does: it is not an error" },
          text,
        );
        const blank = "---\n---\n\n---\n# nothing here\n";
        expectEqual(impl.parseManifests(blank, "blank.yaml"), { objects: [], errors: [] }, { ko: "빈 문서만 있는 파일에는 오브젝트도 오류도 없다", en: "a file of empty documents has no objects and no errors" }, blank);
      },
    },
    {
      id: "expands-list",
      name: { ko: "`kind: List`를 항목 오브젝트로 펼친다", en: "expands a `kind: List` into its items" },
      run({ impl, expectEqual }) {
        const text = fixture("workbook-list.yaml");
        expectEqual(
          impl.parseManifests(text, "workbook-list.yaml").objects,
          [configMap("colors", { sky: "blue" }), configMap("sizes", { shirt: "M" })],
          { ko: "List는 보낼 오브젝트가 아니다: items의 컨피그맵(ConfigMap) 두 개가 나와야 한다", en: "a List is not an object to send: its two ConfigMaps in items should come out" },
          text,
        );
        const broken = fixture("broken-list.yaml");
        const got = impl.parseManifests(broken, "broken-list.yaml");
        expectEqual(
          { objects: got.objects.map((o) => o.metadata.name), errors: positions(got.errors) },
          {
            objects: ["fine"],
            errors: [
              "broken-list.yaml:12:5 items[1].metadata.name: Invalid value: \"Not_A_Name\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
            ],
          },
          { ko: "항목의 오류는 문서 안의 경로 `items[1]...`와 그 줄:열로 알려야 한다", en: "an item's error is reported with its path in the document, `items[1]...`, and its line:column" },
          broken,
        );
      },
    },
    {
      id: "yaml-syntax-errors",
      name: { ko: "YAML 문법 오류를 줄:열과 함께 알린다", en: "reports YAML syntax errors with line:column" },
      run({ impl, expectEqual }) {
        const text = fixture("broken-yaml.yaml");
        const got = impl.parseManifests(text, "broken-yaml.yaml");
        expectEqual(
          { objects: got.objects.map((o) => o.metadata.name), errors: positions(got.errors) },
          {
            objects: ["fine"],
            errors: [
              "broken-yaml.yaml:8:3 : Map keys must be unique",
              "broken-yaml.yaml:13:9 : Nested mappings are not allowed in compact mappings",
              "broken-yaml.yaml:18:1 : Tabs are not allowed as indentation",
            ],
          },
          {
            ko: "줄과 열은 1부터 센다. 깨진 문서는 오브젝트가 되지 않고, 나머지 문서는 그대로 읽힌다",
            en: "lines and columns count from 1; a broken document yields no object, the other documents still parse",
          },
          text,
        );
      },
    },
    {
      id: "field-error-positions",
      name: { ko: "검증 오류를 필드 경로와 그 필드의 줄:열로 알린다", en: "reports validation errors with the field path and the field's line:column" },
      run({ impl, expectEqual }) {
        const text = fixture("broken-fields.yaml");
        const got = impl.parseManifests(text, "broken-fields.yaml");
        expectEqual(
          { objects: got.objects.length, errors: positions(got.errors) },
          {
            objects: 0,
            errors: [
              "broken-fields.yaml:7:3 spec.replicas: Invalid value: -1: must be greater than or equal to 0",
              "broken-fields.yaml:17:9 spec.template.spec.containers[0].image: Required value",
              'broken-fields.yaml:22:1 kind: Invalid value: "Deploymnet": no matches for kind "Deploymnet" in version "apps/v1"',
              "broken-fields.yaml:31:3 data[enabled]: Invalid value: true: must be of type string",
              "broken-fields.yaml:35:1 metadata.name: Required value: name or generateName is required",
            ],
          },
          {
            ko: "있는 필드는 그 키를, 없는 필드는 부모(컨테이너 항목, metadata 키)를 가리켜야 한다. YAML 1.1의 yes는 불리언이다",
            en: "a present field points at its key, a missing one at its parent (the container item, the metadata key); YAML 1.1's yes is a boolean",
          },
          text,
        );
      },
    },
    {
      id: "creates-with-annotation",
      name: { ko: "없는 오브젝트를 last-applied 어노테이션과 함께 만든다", en: "creates a missing object with the last-applied annotation" },
      async run({ impl, expectEqual }) {
        const c = cluster();
        const objects = impl.parseManifests(fixture("kubernetes-io-nginx-deployment.yaml"), "nginx.yaml").objects;
        const printed = await impl.apply(c.client, objects);
        const live = await get(c, "deployments", "nginx-deployment");
        expectEqual(
          { printed, requests: c.log, annotation: live.metadata.annotations?.[LAST_APPLIED] },
          {
            printed: ["deployment.apps/nginx-deployment created"],
            requests: ["GET /apis/apps/v1/namespaces/default/deployments/nginx-deployment", "POST /apis/apps/v1/namespaces/default/deployments"],
            annotation: NGINX_DEPLOYMENT_ANNOTATION,
          },
          {
            ko: "GET이 404면 POST로 만든다. 어노테이션은 매니페스트(키 정렬, 압축 JSON, namespace 채움, 끝에 줄바꿈)다",
            en: "a 404 on GET means POST; the annotation is the manifest (keys sorted, compact JSON, namespace filled in, a trailing newline)",
          },
          objects,
        );
      },
    },
    {
      id: "prints-like-kubectl",
      name: { ko: "결과 줄을 kubectl처럼 `kind.group/name 동작`으로 쓴다", en: "prints result lines as kubectl does: `kind.group/name action`" },
      async run({ impl, expectEqual }) {
        const c = cluster();
        const objects = impl.parseManifests(fixture("workbook-web.yaml"), "web.yaml").objects;
        expectEqual(
          await impl.apply(c.client, objects),
          ["configmap/web-config created", "deployment.apps/web created", "service/web created"],
          { ko: "코어 그룹은 그룹 없이(service/web), 다른 그룹은 kind 뒤에 그룹을 붙인다(deployment.apps/web)", en: "the core group prints without a group (service/web), others after the kind (deployment.apps/web)" },
          objects,
        );
      },
    },
    {
      id: "unchanged-on-reapply",
      name: { ko: "같은 매니페스트를 다시 적용하면 unchanged이고 PATCH를 보내지 않는다", en: "re-applying the same manifest is unchanged and sends no PATCH" },
      async run({ impl, expectEqual }) {
        const c = cluster();
        const objects = impl.parseManifests(fixture("workbook-web.yaml"), "web.yaml").objects;
        await impl.apply(c.client, objects);
        c.log.length = 0;
        expectEqual(
          { printed: await impl.apply(c.client, objects), requests: c.log },
          {
            printed: ["configmap/web-config unchanged", "deployment.apps/web unchanged", "service/web unchanged"],
            requests: [
              "GET /api/v1/namespaces/default/configmaps/web-config",
              "GET /apis/apps/v1/namespaces/default/deployments/web",
              "GET /api/v1/namespaces/default/services/web",
            ],
          },
          {
            ko: "살아 있는 오브젝트에는 기본값, status, uid가 더 있다. 매니페스트와 통째로 비교하면 영원히 configured가 된다",
            en: "live objects carry defaults, status and uid on top; comparing them whole with the manifest says configured forever",
          },
          objects,
        );
      },
    },
    {
      id: "patch-as-kubectl-sends",
      name: { ko: "이미지를 바꾸면 kubectl과 똑같은 strategic merge patch를 보낸다", en: "a changed image sends exactly kubectl's strategic merge patch" },
      async run({ impl, expectEqual }) {
        const c = cluster();
        await impl.apply(c.client, [web("nginx:1.25")]);
        c.log.length = 0;
        const printed = await impl.apply(c.client, [web("nginx:1.26")]);
        const live = await get(c, "deployments", "web");
        expectEqual(
          { printed, requests: c.log, patches: c.patches, image: live.spec.template.spec.containers[0].image },
          {
            printed: ["deployment.apps/web configured"],
            requests: [
              "GET /apis/apps/v1/namespaces/default/deployments/web",
              "PATCH /apis/apps/v1/namespaces/default/deployments/web application/strategic-merge-patch+json",
            ],
            patches: [
              {
                metadata: { annotations: { [LAST_APPLIED]: WEB_126_ANNOTATION } },
                spec: { template: { spec: { "$setElementOrder/containers": [{ name: "c" }], containers: [{ image: "nginx:1.26", name: "c" }] } } },
              },
            ],
            image: "nginx:1.26",
          },
          {
            ko: "패치에는 바뀐 것만 있다: 새 어노테이션, 그리고 병합 키 name으로 찾은 컨테이너의 image (reference/wire-facts.md)",
            en: "the patch holds only what changed: the new annotation, and the image of the container found by its merge key name (reference/wire-facts.md)",
          },
          { first: web("nginx:1.25"), then: web("nginx:1.26") },
        );
      },
    },
    {
      id: "keeps-others-fields",
      name: { ko: "다른 쓰기 주체가 정한 필드는 지킨다 (kubectl scale 뒤의 replicas)", en: "keeps fields other writers set (replicas after kubectl scale)" },
      async run({ impl, expectEqual }) {
        const c = cluster();
        await impl.apply(c.client, [web("nginx:1.25")]);
        await edit(c, "deployments", "web", (o) => {
          o.spec.replicas = 5;
          o.metadata.labels.owner = "ops";
        });
        const printed = await impl.apply(c.client, [web("nginx:1.26")]);
        const live = await get(c, "deployments", "web");
        expectEqual(
          { printed, replicas: live.spec.replicas, labels: live.metadata.labels, image: live.spec.template.spec.containers[0].image, imagePullPolicy: live.spec.template.spec.containers[0].imagePullPolicy },
          { printed: ["deployment.apps/web configured"], replicas: 5, labels: { app: "web", owner: "ops" }, image: "nginx:1.26", imagePullPolicy: "IfNotPresent" },
          {
            ko: "매니페스트에 replicas가 없으니 scale로 정한 5가 남아야 한다. 다른 사람이 붙인 레이블과 기본값도 남는다",
            en: "the manifest has no replicas, so the 5 set by scale stays; so do a label someone else added and the defaults",
          },
          { first: web("nginx:1.25"), then: web("nginx:1.26"), meanwhile: "replicas=5, label owner=ops" },
        );
      },
    },
    {
      id: "removes-dropped-fields",
      name: { ko: "매니페스트에서 지운 필드는 살아 있는 오브젝트에서도 지운다", en: "removes from the live object a field removed from the manifest" },
      async run({ impl, expectEqual }) {
        const c = cluster();
        const before = web("nginx:1.25", { labels: { tier: "web" }, env: [{ name: "A", value: "a" }, { name: "B", value: "b" }] });
        const after = web("nginx:1.25", { env: [{ name: "A", value: "a" }] });
        await impl.apply(c.client, [before]);
        c.patches.length = 0;
        const printed = await impl.apply(c.client, [after]);
        const live = await get(c, "deployments", "web");
        const patch: Any = c.patches[0];
        expectEqual(
          { printed, labels: live.metadata.labels, env: live.spec.template.spec.containers[0].env, labelPatch: patch?.metadata?.labels, containerPatch: patch?.spec?.template?.spec?.containers },
          {
            printed: ["deployment.apps/web configured"],
            labels: { app: "web" },
            env: [{ name: "A", value: "a" }],
            labelPatch: { tier: null },
            containerPatch: [{ env: [{ name: "B", $patch: "delete" }], "$setElementOrder/env": [{ name: "A" }], name: "c" }],
          },
          {
            ko: "지난번 적용한 구성에 있었고 이번 매니페스트에 없는 것은 지운다: 맵의 키는 null, 병합 목록의 항목은 $patch: delete",
            en: "what the last-applied configuration had and the manifest no longer has is deleted: a map key with null, a merged list item with $patch: delete",
          },
          { first: before, then: after },
        );
      },
    },
    {
      id: "annotation-without-itself",
      name: { ko: "어노테이션에는 자기 자신이 들어가지 않는다", en: "the annotation never contains itself" },
      async run({ impl, expectEqual }) {
        const c = cluster();
        await impl.apply(c.client, [web("nginx:1.26")]);
        // `kubectl get deploy web -o yaml > web.yaml`, then `kubectl apply -f web.yaml`, twice.
        const exported = async (): Promise<KubeObject> => {
          const live = await get(c, "deployments", "web");
          return { apiVersion: live.apiVersion, kind: live.kind, metadata: { name: "web", labels: live.metadata.labels, annotations: live.metadata.annotations }, spec: web("nginx:1.26").spec };
        };
        await impl.apply(c.client, [await exported()]);
        await impl.apply(c.client, [await exported()]);
        const live = await get(c, "deployments", "web");
        expectEqual(
          live.metadata.annotations[LAST_APPLIED],
          WEB_126_ANNOTATION,
          {
            ko: "내보낸 오브젝트에 옛 어노테이션이 있어도, 새 어노테이션은 그것을 뺀 매니페스트다 (적용할 때마다 커지면 안 된다)",
            en: "even when an exported object carries the old annotation, the new one is the manifest without it (it must not grow with every apply)",
          },
          await exported(),
        );
      },
    },
    {
      id: "retries-on-conflict",
      name: { ko: "409를 받으면 새로 GET해서 최대 5번 다시 시도한다", en: "on a 409, GETs again and retries, at most 5 times" },
      async run({ impl, expectEqual, fail }) {
        const c = cluster();
        await impl.apply(c.client, [web("nginx:1.25")]);
        c.log.length = 0;
        c.conflicts = { left: 2, before: () => edit(c, "deployments", "web", (o) => (o.metadata.labels.owner = "ops")) };
        const printed = await impl.apply(c.client, [web("nginx:1.26")]);
        const GET = "GET /apis/apps/v1/namespaces/default/deployments/web";
        const PATCH = "PATCH /apis/apps/v1/namespaces/default/deployments/web application/strategic-merge-patch+json";
        expectEqual(
          { printed, requests: c.log },
          { printed: ["deployment.apps/web configured"], requests: [GET, PATCH, GET, PATCH, GET, PATCH] },
          { ko: "409 두 번 뒤에 세 번째 PATCH가 성공해야 한다. 시도마다 먼저 새로 GET한다", en: "after two 409s the third PATCH succeeds; each retry GETs the object first" },
        );
        c.log.length = 0;
        c.conflicts = { left: 100 };
        let error: unknown;
        await impl.apply(c.client, [web("nginx:1.27")]).catch((e: unknown) => (error = e));
        if ((error as { code?: number } | undefined)?.code !== 409) {
          fail({ ko: "계속 409라면 마지막 409 오류로 실패해야 한다", en: "when every PATCH gets a 409, apply should fail with the last 409" }, { actual: String(error) });
        }
        expectEqual(
          c.log,
          [GET, PATCH, GET, PATCH, GET, PATCH, GET, PATCH, GET, PATCH, GET, PATCH],
          { ko: "첫 PATCH 하나와 재시도 5번(patcher.go의 maxPatchRetry): PATCH는 모두 6번이다", en: "one first PATCH and 5 retries (maxPatchRetry in patcher.go): 6 PATCHes in all" },
        );
      },
    },
    {
      id: "same-as-reference",
      name: { ko: "무작위 매니페스트 수정에서 참조 구현과 같은 결과와 오브젝트를 낸다", en: "prints and stores what the reference does over random manifest edits" },
      async run({ impl, ref, forAll, expectEqual }) {
        await forAll(
          fc.array(step, { minLength: 1, maxLength: 6 }),
          async (steps) => {
            const expected = await play(ref, steps);
            const actual = await play(impl, steps);
            expectEqual(actual, expected, { ko: "출력이나 클러스터에 남은 오브젝트가 참조 구현과 다르다", en: "the output or the objects left in the cluster differ from the reference's" }, steps);
          },
          { numRuns: 60 },
        );
      },
    },
    {
      id: "in-cluster",
      timeLimitMs: 60_000,
      name: {
        ko: "내 parseManifests와 apply로 공식 nginx 예제를 클러스터에 올리고 이미지를 바꾼다",
        en: "your parseManifests and apply run the official nginx example in a cluster, then change its image",
      },
      async run({ impl, fail }) {
        const { components } = await loadComponents();
        const sim = await SimCluster.create({ components, seed: 1, nodes: [{ name: "node-1" }, { name: "node-2" }] });
        const api = sim.api;
        const client: ApplyClient = {
          get: (resource, namespace, name) => api.get(resource, namespace, name) as Promise<KubeObject>,
          create: (resource, object, namespace) => api.create(resource, object, namespace) as Promise<KubeObject>,
          // What kube-apiserver does with a strategic merge patch: apply it to the live object, then update.
          async patch(resource, namespace, name, patch, contentType) {
            const live = (await api.get(resource, namespace, name)) as KubeObject;
            return (await api.update(resource, applyPatch(live, patch, contentType, live.kind))) as KubeObject;
          },
        };
        const file = join(paths.root, "lessons", "04-manifests", "manifests", "kubernetes-io-nginx-deployment.yaml");
        const text = readFileSync(file, "utf8");
        const parsed = impl.parseManifests(text, "kubernetes-io-nginx-deployment.yaml");
        const images = async () =>
          ((await api.list("pods", { namespace: "default" })).items as KubeObject[])
            .filter((p) => !p.metadata.deletionTimestamp && (p.status as { phase?: string } | undefined)?.phase === "Running")
            .map((p) => (p.spec as { containers: { image: string }[] }).containers[0]!.image)
            .sort();
        const printed = [...(await impl.apply(client, parsed.objects))];
        await sim.runFor(30_000);
        const first = await images();
        const edited = impl.parseManifests(text.replace("nginx:1.14.2", "nginx:1.16.1"), "kubernetes-io-nginx-deployment.yaml");
        printed.push(...(await impl.apply(client, edited.objects)));
        await sim.runFor(120_000);
        printed.push(...(await impl.apply(client, edited.objects)));
        const second = await images();
        const expected = {
          printed: ["deployment.apps/nginx-deployment created", "deployment.apps/nginx-deployment configured", "deployment.apps/nginx-deployment unchanged"],
          runningImages: [["nginx:1.14.2", "nginx:1.14.2", "nginx:1.14.2"], ["nginx:1.16.1", "nginx:1.16.1", "nginx:1.16.1"]],
        };
        const actual = { printed, runningImages: [first, second] };
        if (JSON.stringify(actual) !== JSON.stringify(expected)) {
          fail(
            {
              ko: "적용, 이미지 변경, 다시 적용을 거치며 created, configured, unchanged를 출력하고 파드 3개가 새 이미지로 바뀌어야 한다",
              en: "apply, change the image, apply again: created, configured, unchanged, and three pods running the new image",
            },
            { given: "lessons/04-manifests/manifests/kubernetes-io-nginx-deployment.yaml", expected, actual },
          );
        }
      },
    },
  ],
});
