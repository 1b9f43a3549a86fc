import { describe, expect, it } from "vitest";
import { ApiError } from "../errors.ts";
import { JsonPatchError, applyPatch } from "./index.ts";
import { thrown } from "./thrown.ts";

const deployment = () => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "web" },
  spec: { replicas: 1, template: { spec: { containers: [{ name: "a", image: "x:1" }, { name: "b", image: "y:1" }] } } },
});

describe("applyPatch", () => {
  it("applies a JSON patch for application/json-patch+json", () => {
    expect(applyPatch(deployment(), [{ op: "replace", path: "/spec/replicas", value: 4 }], "application/json-patch+json", "Deployment").spec.replicas).toBe(4);
  });

  it("applies a merge patch for application/merge-patch+json, replacing lists", () => {
    const out = applyPatch(deployment(), { spec: { template: { spec: { containers: [{ name: "b", image: "y:2" }] } } } }, "application/merge-patch+json", "Deployment");
    expect(out.spec.template.spec.containers).toEqual([{ name: "b", image: "y:2" }]);
  });

  it("applies a strategic merge patch for application/strategic-merge-patch+json, merging containers by name", () => {
    const out = applyPatch(deployment(), { spec: { template: { spec: { containers: [{ name: "b", image: "y:2" }] } } } }, "application/strategic-merge-patch+json", "Deployment");
    expect(out.spec.template.spec.containers).toEqual([{ name: "a", image: "x:1" }, { name: "b", image: "y:2" }]);
  });

  it("ignores media type parameters and case", () => {
    expect(applyPatch(deployment(), { spec: { replicas: 2 } }, "Application/Merge-Patch+JSON; charset=utf-8", "Deployment").spec.replicas).toBe(2);
  });

  it("answers another content type with 415 naming the accepted ones", () => {
    const err = thrown(() => applyPatch(deployment(), {}, "application/apply-patch+yaml", "Deployment"));
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).toStatus()).toEqual({
      kind: "Status",
      apiVersion: "v1",
      metadata: {},
      status: "Failure",
      message:
        "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json",
      reason: "UnsupportedMediaType",
      code: 415,
    });
  });

  it("answers a strategic merge patch for a kind without patch metadata with 415", () => {
    const err = thrown(() => applyPatch({ kind: "Widget" }, {}, "application/strategic-merge-patch+json", "Widget"));
    expect(err).toMatchObject({ code: 415, message: "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json" });
  });

  it("answers a merge patch that is not an object with 400", () => {
    expect(thrown(() => applyPatch(deployment(), [1], "application/merge-patch+json", "Deployment"))).toMatchObject({ code: 400, reason: "BadRequest" });
  });

  it("passes a failing JSON patch's typed error on", () => {
    expect(thrown(() => applyPatch(deployment(), [{ op: "test", path: "/spec/replicas", value: 9 }], "application/json-patch+json", "Deployment"))).toBeInstanceOf(JsonPatchError);
  });
});
