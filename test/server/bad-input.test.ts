/**
 * Bad requests: each is answered with a `Status` carrying the right code and reason, and the server keeps serving.
 * Also the discovery documents and Tables the clients depend on, checked on the wire.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_BODY_BYTES } from "../../src/server/index.ts";
import { testCluster, type TestCluster } from "./helpers.ts";

interface Answer {
  status: number;
  contentType: string;
  body: Record<string, unknown>;
}

describe("bad input to the API server", () => {
  let c: TestCluster;
  beforeAll(async () => {
    c = await testCluster({ nodes: 1, speed: 1 });
  });
  afterAll(async () => {
    await c?.close();
  });

  const send = async (method: string, path: string, body?: string | Buffer, contentType = "application/json", accept?: string): Promise<Answer> => {
    const res = await fetch(c.url + path, {
      method,
      headers: { ...(body !== undefined ? { "Content-Type": contentType } : {}), ...(accept ? { Accept: accept } : {}) },
      ...(body !== undefined ? { body: typeof body === "string" ? body : new Uint8Array(body) } : {}),
    });
    const text = await res.text();
    let parsed: Record<string, unknown>;
    try {
      parsed = JSON.parse(text) as Record<string, unknown>;
    } catch {
      parsed = { text };
    }
    return { status: res.status, contentType: res.headers.get("content-type") ?? "", body: parsed };
  };
  const cms = "/api/v1/namespaces/default/configmaps";
  const expectStatus = (a: Answer, code: number, reason: string) => {
    expect(a.status, JSON.stringify(a.body)).toBe(code);
    expect(a.body).toMatchObject({ kind: "Status", apiVersion: "v1", status: "Failure", code, reason });
    expect(typeof a.body.message).toBe("string");
  };

  it("400 for a malformed JSON or YAML body, and takes a YAML one", async () => {
    expectStatus(await send("POST", cms, "{not json"), 400, "BadRequest");
    expectStatus(await send("POST", cms, "metadata: [unclosed", "application/yaml"), 400, "BadRequest");
    expectStatus(await send("POST", cms, "[1, 2]"), 400, "BadRequest");
    expectStatus(await send("POST", cms, ""), 400, "BadRequest");
    const yaml = await send("POST", cms, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-yaml\ndata:\n  a: b\n", "application/yaml");
    expect(yaml.status).toBe(201);
    expect((await c.cluster.api.get("configmaps", "default", "from-yaml")).metadata?.uid).toBeTruthy();
  });

  it("413 for a body over 3 MiB", async () => {
    const big = JSON.stringify({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "big" }, data: { a: "x".repeat(MAX_BODY_BYTES) } });
    const a = await send("POST", cms, big);
    expectStatus(a, 413, "RequestEntityTooLarge");
    expect(a.body.message).toBe(`Request entity too large: limit is ${MAX_BODY_BYTES}`);
  });

  it("404 for unknown resources, objects, namespaces and paths outside the API", async () => {
    for (const path of ["/nope", "/api/v2", "/api/v1/widgets", "/apis/example.com/v1/widgets", "/apis/apps/v1/namespaces/default/pods", "/api/v1/namespaces/default/pods/x/exec"]) {
      expectStatus(await send("GET", path), 404, "NotFound");
    }
    const missing = await send("GET", `${cms}/nosuch`);
    expectStatus(missing, 404, "NotFound");
    expect(missing.body.message).toBe('configmaps "nosuch" not found');
    const noNamespace = await send("POST", "/api/v1/namespaces/nosuch/configmaps", JSON.stringify({ metadata: { name: "x" } }));
    expectStatus(noNamespace, 404, "NotFound");
    expect(noNamespace.body.message).toBe('namespaces "nosuch" not found');
  });

  it("400 for a body of another kind, 405 for a verb the path does not take", async () => {
    expectStatus(await send("POST", cms, JSON.stringify({ apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "d" } })), 400, "BadRequest");
    expectStatus(await send("POST", cms, JSON.stringify({ apiVersion: "v1", kind: "Widget", metadata: { name: "w" } })), 400, "BadRequest");
    expectStatus(await send("POST", `${cms}/x`, "{}"), 405, "MethodNotAllowed");
    expectStatus(await send("PUT", cms, "{}"), 405, "MethodNotAllowed");
    expectStatus(await send("PATCH", cms, "{}", "application/merge-patch+json"), 405, "MethodNotAllowed");
    expectStatus(await send("POST", "/api/v1", "{}"), 405, "MethodNotAllowed");
  });

  it("415 for a content type the endpoint does not take", async () => {
    await send("POST", cms, JSON.stringify({ metadata: { name: "patchme" } }));
    expectStatus(await send("POST", cms, "hello", "text/plain"), 415, "UnsupportedMediaType");
    expectStatus(await send("POST", cms, "x", "application/cbor"), 415, "UnsupportedMediaType");
    // Protobuf is taken (kubectl's typed clients send it); a body that is not protobuf is a 400.
    expectStatus(await send("POST", cms, "x", "application/vnd.kubernetes.protobuf"), 400, "BadRequest");
    expectStatus(await send("PATCH", `${cms}/patchme`, "{}", "application/json"), 415, "UnsupportedMediaType");
    expectStatus(await send("PATCH", `${cms}/patchme`, "{}", "application/apply-patch+cbor"), 415, "UnsupportedMediaType");
    // Server-side apply is served, but needs a fieldManager (patch.go), and the body's apiVersion must match.
    expectStatus(await send("PATCH", `${cms}/patchme`, "{}", "application/apply-patch+yaml"), 400, "BadRequest");
    expectStatus(await send("PATCH", `${cms}/patchme?fieldManager=t`, "kind: ConfigMap", "application/apply-patch+yaml"), 400, "BadRequest");
    expectStatus(await send("PATCH", `${cms}/patchme?fieldManager=t&force=true`, "{}", "application/merge-patch+json"), 422, "Invalid");
    // A malformed patch of a known type is a 400.
    expectStatus(await send("PATCH", `${cms}/patchme`, "{bad", "application/merge-patch+json"), 400, "BadRequest");
  });

  it("422 for an invalid object, 409 for a duplicate or a stale write, 410 for a compacted resourceVersion", async () => {
    const bad = await send("POST", cms, JSON.stringify({ metadata: { name: "Bad_Name" } }));
    expectStatus(bad, 422, "Invalid");
    expect((bad.body.details as { causes?: unknown[] }).causes?.length).toBeGreaterThan(0);
    const replicas = await send("POST", "/apis/apps/v1/namespaces/default/deployments", JSON.stringify({ metadata: { name: "neg" }, spec: { replicas: -1, selector: { matchLabels: { a: "b" } }, template: { metadata: { labels: { a: "b" } }, spec: { containers: [{ name: "c", image: "nginx" }] } } } }));
    expectStatus(replicas, 422, "Invalid");

    const body = JSON.stringify({ metadata: { name: "dup" } });
    expect((await send("POST", cms, body)).status).toBe(201);
    expectStatus(await send("POST", cms, body), 409, "AlreadyExists");
    const current = (await send("GET", `${cms}/dup`)).body as { metadata: { resourceVersion: string } };
    expect((await send("PUT", `${cms}/dup`, JSON.stringify({ ...current, data: { a: "1" } }))).status).toBe(200);
    expectStatus(await send("PUT", `${cms}/dup`, JSON.stringify({ ...current, data: { a: "2" } })), 409, "Conflict");
    expectStatus(await send("DELETE", `${cms}/dup`, JSON.stringify({ preconditions: { resourceVersion: current.metadata.resourceVersion } })), 409, "Conflict");

    const old = current.metadata.resourceVersion;
    // Two more writes, then compact: every revision up to `old` + 1 is gone, so a watch from `old` cannot resume.
    await send("POST", cms, JSON.stringify({ metadata: { name: "after-1" } }));
    await send("POST", cms, JSON.stringify({ metadata: { name: "after-2" } }));
    await c.storage.compact(await c.storage.currentRevision());
    expectStatus(await send("GET", `${cms}?resourceVersion=${old}`), 410, "Expired");
    const watch = await fetch(`${c.url}${cms}?watch=true&resourceVersion=${old}`);
    expect(watch.status).toBe(200);
    const lines = (await watch.text()).trim().split("\n").map((l) => JSON.parse(l) as { type: string; object: { code: number } });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ type: "ERROR", object: { kind: "Status", code: 410 } });
  });

  it("400 for selectors and parameters that do not parse", async () => {
    expectStatus(await send("GET", `${cms}?labelSelector=${encodeURIComponent("a in (")}`), 400, "BadRequest");
    expectStatus(await send("GET", `/api/v1/pods?fieldSelector=spec.nope%3Dx`), 400, "BadRequest");
    expectStatus(await send("GET", `${cms}?limit=abc`), 400, "BadRequest");
    expectStatus(await send("POST", `${cms}?fieldValidation=Sometimes`, JSON.stringify({ metadata: { name: "fv" } })), 400, "BadRequest");
  });

  it("serves discovery, aggregated discovery with its exact Content-Type, OpenAPI v3 and Tables", async () => {
    const v2 = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json";
    const agg = await send("GET", "/apis", undefined, undefined, v2);
    expect(agg.contentType).toBe("application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList");
    expect(agg.body.kind).toBe("APIGroupDiscoveryList");
    const legacy = await send("GET", "/apis");
    expect(legacy.body.kind).toBe("APIGroupList");
    const core = await send("GET", "/api/v1");
    const pods = (core.body.resources as { name: string; shortNames?: string[]; categories?: string[] }[]).find((r) => r.name === "pods");
    expect(pods).toMatchObject({ shortNames: ["po"], categories: ["all"] });
    expect((core.body.resources as { name: string }[]).map((r) => r.name)).toEqual(expect.arrayContaining(["pods/status", "pods/log", "pods/binding"]));
    const root = await send("GET", "/openapi/v3");
    const appsUrl = (root.body.paths as Record<string, { serverRelativeURL: string }>)["apis/apps/v1"]!.serverRelativeURL;
    const doc = await send("GET", appsUrl);
    const patch = ((doc.body.paths as Record<string, Record<string, { "x-kubernetes-group-version-kind"?: unknown; parameters?: { name: string }[] }>>)["/apis/apps/v1/namespaces/{namespace}/deployments/{name}"]!).patch!;
    expect(patch["x-kubernetes-group-version-kind"]).toEqual({ group: "apps", version: "v1", kind: "Deployment" });
    expect(patch.parameters?.map((p) => p.name)).toContain("fieldValidation");
    const table = await send("GET", "/api/v1/nodes", undefined, undefined, "application/json;as=Table;v=v1;g=meta.k8s.io,application/json");
    expect(table.body.kind).toBe("Table");
    expect((table.body.columnDefinitions as { name: string }[]).map((d) => d.name)).toEqual(["Name", "Status", "Roles", "Age", "Version", "Internal-IP", "External-IP", "OS-Image", "Kernel-Version", "Container-Runtime"]);
    expect((table.body.rows as { cells: unknown[]; object: { kind: string } }[])[0]!.object.kind).toBe("PartialObjectMetadata");
  });

  it("is still up after all of it", async () => {
    const v = await send("GET", "/version");
    expect(v.status).toBe(200);
    expect(v.body.gitVersion).toMatch(/^v1\.32\./);
  });
});
