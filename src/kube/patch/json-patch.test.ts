import { describe, expect, it } from "vitest";
import { ApiError } from "../errors.ts";
import { JsonPatchError } from "./errors.ts";
import { applyJsonPatch, type JsonPatchOperation } from "./json-patch.ts";
import { thrown } from "./thrown.ts";

const deployment = () => ({ metadata: { name: "web", annotations: { a: "1" } }, spec: { replicas: 1, template: { spec: { containers: [{ name: "c", image: "nginx:1.25" }] } } } });

describe("applyJsonPatch", () => {
  it("applies add, replace and remove in order", () => {
    const ops: JsonPatchOperation[] = [
      { op: "replace", path: "/spec/replicas", value: 3 },
      { op: "add", path: "/metadata/labels", value: { app: "web" } },
      { op: "remove", path: "/metadata/annotations/a" },
    ];
    expect(applyJsonPatch(deployment(), ops)).toEqual({
      metadata: { name: "web", annotations: {}, labels: { app: "web" } },
      spec: { replicas: 3, template: { spec: { containers: [{ name: "c", image: "nginx:1.25" }] } } },
    });
  });

  it("replaces /spec/template as kubectl rollout undo does", () => {
    const template = { spec: { containers: [{ name: "c", image: "nginx:1.24" }] } };
    const out = applyJsonPatch(deployment(), [{ op: "replace", path: "/spec/template", value: template }]);
    expect(out.spec.template).toEqual({ spec: { containers: [{ name: "c", image: "nginx:1.24" }] } });
  });

  it("appends to a list with the - index", () => {
    const out = applyJsonPatch(deployment(), [{ op: "add", path: "/spec/template/spec/containers/-", value: { name: "sidecar", image: "envoy" } }]);
    expect(out.spec.template.spec.containers).toEqual([{ name: "c", image: "nginx:1.25" }, { name: "sidecar", image: "envoy" }]);
  });

  it("passes a test op whose value matches", () => {
    const out = applyJsonPatch(deployment(), [{ op: "test", path: "/spec/replicas", value: 1 }, { op: "replace", path: "/spec/replicas", value: 5 }]);
    expect(out.spec.replicas).toBe(5);
  });

  it("fails a test op with a JsonPatchError naming its index and path", () => {
    const err = thrown(() => applyJsonPatch(deployment(), [{ op: "replace", path: "/spec/replicas", value: 2 }, { op: "test", path: "/spec/replicas", value: 1 }]));
    expect(err).toBeInstanceOf(JsonPatchError);
    expect(err).toMatchObject({ index: 1, op: "test", path: "/spec/replicas", code: 422, reason: "Invalid" });
    expect((err as JsonPatchError).summary).toBe('json patch operation 1 (test) at path "/spec/replicas": test failed: the value at the path is not the one given');
  });

  it("refuses to replace a path that does not exist", () => {
    const err = thrown(() => applyJsonPatch(deployment(), [{ op: "replace", path: "/spec/paused", value: true }]));
    expect(err).toMatchObject({ index: 0, op: "replace", path: "/spec/paused", detail: "the path does not exist in the document" });
  });

  it("refuses to add under a parent that does not exist", () => {
    const err = thrown(() => applyJsonPatch(deployment(), [{ op: "add", path: "/status/replicas", value: 1 }]));
    expect(err).toMatchObject({ index: 0, op: "add", path: "/status/replicas", detail: "cannot add at the path: its parent does not exist" });
  });

  it("renders a failure as the Status kube-apiserver sends", () => {
    const err = thrown(() => applyJsonPatch(deployment(), [{ op: "remove", path: "/nope" }])) as JsonPatchError;
    expect(err.toStatus()).toEqual({
      kind: "Status",
      apiVersion: "v1",
      metadata: {},
      status: "Failure",
      message: "the server rejected our request due to an error in our request",
      reason: "Invalid",
      details: { causes: [{ reason: "UnexpectedServerResponse", message: 'json patch operation 0 (remove) at path "/nope": the path does not exist in the document' }] },
      code: 422,
    });
  });

  it("applies none of the operations when one fails", () => {
    const doc = deployment();
    thrown(() => applyJsonPatch(doc, [{ op: "replace", path: "/spec/replicas", value: 9 }, { op: "remove", path: "/nope" }]));
    expect(doc.spec.replicas).toBe(1);
  });

  it("answers a body that is not a list with 400 BadRequest", () => {
    const err = thrown(() => applyJsonPatch(deployment(), { op: "add" } as unknown as JsonPatchOperation[]));
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ code: 400, reason: "BadRequest" });
  });

  it("does not modify the document or the operations", () => {
    const doc = deployment();
    const value = { app: "web" };
    const out = applyJsonPatch(doc, [{ op: "add", path: "/metadata/labels", value }]) as unknown as { metadata: { labels: { app: string } } };
    out.metadata.labels.app = "changed";
    expect(doc).toEqual(deployment());
    expect(value).toEqual({ app: "web" });
  });
});
