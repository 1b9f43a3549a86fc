import { describe, expect, it } from "vitest";
import {
  ApiError,
  FieldError,
  GoStringer,
  aggregateMessage,
  alreadyExists,
  badRequest,
  conflict,
  expired,
  goValue,
  internal,
  invalid,
  isApiError,
  methodNotAllowed,
  notFound,
  requestEntityTooLarge,
  tooOldResourceVersion,
  unsupportedMediaType,
} from "./errors.ts";

// Message wording from apimachinery pkg/api/errors/errors.go and pkg/util/validation/field/errors.go; cases after
// errors_test.go (TestNewInvalid) and field/errors_test.go (TestErrorUsefulMessage).

describe("FieldError", () => {
  it("renders Required without a value", () => {
    expect(FieldError.required("spec.template.spec.containers[0].image").message).toBe("spec.template.spec.containers[0].image: Required value");
  });

  it("renders Required with its detail", () => {
    expect(FieldError.required("metadata.name", "name or generateName is required").message).toBe(
      "metadata.name: Required value: name or generateName is required",
    );
  });

  it("renders a numeric bad value plainly", () => {
    expect(FieldError.invalid("spec.replicas", -1, "must be greater than or equal to 0").message).toBe(
      "spec.replicas: Invalid value: -1: must be greater than or equal to 0",
    );
  });

  it("quotes a string bad value", () => {
    expect(FieldError.invalid("metadata.name", "Web", "bad").message).toBe('metadata.name: Invalid value: "Web": bad');
  });

  it("renders a string map as Go's %#v does, keys sorted", () => {
    expect(FieldError.invalid("spec.template.metadata.labels", { tier: "fe", app: "x" }, "d").message).toBe(
      'spec.template.metadata.labels: Invalid value: map[string]string{"app":"x", "tier":"fe"}: d',
    );
  });

  it("lists the supported values of an enum", () => {
    expect(FieldError.notSupported("spec.restartPolicy", "Sometimes", ["Always", "OnFailure", "Never"]).message).toBe(
      'spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
    );
  });

  it("renders Duplicate with the value", () => {
    expect(FieldError.duplicate("spec.containers[1].name", "web").message).toBe('spec.containers[1].name: Duplicate value: "web"');
  });

  it("renders Forbidden without a value", () => {
    expect(FieldError.forbidden("metadata.namespace", "not allowed on this type").message).toBe("metadata.namespace: Forbidden: not allowed on this type");
  });

  it("renders TooLong without the value", () => {
    expect(FieldError.tooLong("spec.controller", "x".repeat(300), 250).message).toBe("spec.controller: Too long: must have at most 250 bytes");
  });

  it("renders null for a missing value", () => {
    expect(FieldError.invalid("spec.x", undefined, "d").message).toBe("spec.x: Invalid value: null: d");
  });

  it("prints a Stringer's text unquoted", () => {
    expect(FieldError.invalid("spec.strategy.rollingUpdate.maxUnavailable", new GoStringer("0%"), "d").message).toBe(
      "spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0%: d",
    );
  });

  it("is an Error with its own name", () => {
    const e = FieldError.required("x");
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe("FieldError");
  });
});

describe("goValue", () => {
  it("renders a string slice", () => {
    expect(goValue(["a", "b"])).toBe('[]string{"a", "b"}');
  });
});

describe("aggregateMessage", () => {
  it("keeps a single message as it is", () => {
    expect(aggregateMessage(["a: Required value"])).toBe("a: Required value");
  });

  it("brackets several messages and drops repeats", () => {
    expect(aggregateMessage(["a", "b", "a"])).toBe("[a, b]");
  });
});

describe("ApiError constructors", () => {
  it("words NotFound for a core resource", () => {
    expect(notFound({ resource: "pods" }, "nosuch").toStatus()).toEqual({
      kind: "Status",
      apiVersion: "v1",
      metadata: {},
      status: "Failure",
      message: 'pods "nosuch" not found',
      reason: "NotFound",
      details: { name: "nosuch", kind: "pods" },
      code: 404,
    });
  });

  it("qualifies NotFound with the group", () => {
    expect(notFound({ group: "apps", resource: "deployments" }, "web").message).toBe('deployments.apps "web" not found');
  });

  it("words AlreadyExists with code 409", () => {
    const e = alreadyExists({ group: "apps", resource: "deployments" }, "web");
    expect([e.code, e.reason, e.message]).toEqual([409, "AlreadyExists", 'deployments.apps "web" already exists']);
  });

  it("words an optimistic-concurrency Conflict", () => {
    expect(conflict({ group: "apps", resource: "deployments" }, "web").message).toBe(
      'Operation cannot be fulfilled on deployments.apps "web": the object has been modified; please apply your changes to the latest version and try again',
    );
  });

  it("words Invalid with one cause per field error", () => {
    const e = invalid({ group: "apps", kind: "Deployment" }, "web", [FieldError.required("spec.template.spec.containers[0].image")]);
    expect(e.toStatus()).toEqual({
      kind: "Status",
      apiVersion: "v1",
      metadata: {},
      status: "Failure",
      message: 'Deployment.apps "web" is invalid: spec.template.spec.containers[0].image: Required value',
      reason: "Invalid",
      details: {
        name: "web",
        group: "apps",
        kind: "Deployment",
        causes: [{ reason: "FieldValueRequired", message: "Required value", field: "spec.template.spec.containers[0].image" }],
      },
      code: 422,
    });
  });

  it("joins several field errors of Invalid in brackets", () => {
    const e = invalid({ kind: "Pod" }, "p", [FieldError.required("spec.containers"), FieldError.invalid("metadata.name", "P", "bad")]);
    expect(e.message).toBe('Pod "p" is invalid: [spec.containers: Required value, metadata.name: Invalid value: "P": bad]');
  });

  it("words Invalid without field errors", () => {
    expect(invalid({ kind: "Pod" }, "p", []).message).toBe('Pod "p" is invalid');
  });

  it("answers 410 Expired for a compacted resource version", () => {
    expect(tooOldResourceVersion(5, 8).toStatus()).toEqual({
      kind: "Status",
      apiVersion: "v1",
      metadata: {},
      status: "Failure",
      message: "too old resource version: 5 (8)",
      reason: "Expired",
      code: 410,
    });
  });

  it("keeps expired's message as given", () => {
    expect(expired("gone away").message).toBe("gone away");
  });

  it("answers 400 BadRequest with the message as given", () => {
    expect([badRequest("bad").code, badRequest("bad").reason]).toEqual([400, "BadRequest"]);
  });

  it("words MethodNotAllowed", () => {
    expect(methodNotAllowed({ resource: "nodes/status" }, "create").message).toBe('create is not supported on resources of kind "nodes/status"');
  });

  it("words UnsupportedMediaType with the accepted types", () => {
    const e = unsupportedMediaType(["application/json", "application/yaml"]);
    expect([e.code, e.message]).toEqual([415, "the body of the request was in an unknown format - accepted media types include: application/json, application/yaml"]);
  });

  it("words RequestEntityTooLarge", () => {
    const e = requestEntityTooLarge("limit is 3145728");
    expect([e.code, e.reason, e.message]).toEqual([413, "RequestEntityTooLarge", "Request entity too large: limit is 3145728"]);
  });

  it("words InternalError with the cause", () => {
    expect(internal(new Error("boom")).toStatus().details).toEqual({ causes: [{ message: "boom" }] });
    expect(internal(new Error("boom")).message).toBe("Internal error occurred: boom");
  });
});

describe("ApiError", () => {
  it("sets its name and stays an Error", () => {
    const e = notFound({ resource: "pods" }, "x");
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe("ApiError");
  });

  it("is rebuilt from the Status a server sent", () => {
    const e = ApiError.fromStatus(conflict({ resource: "pods" }, "p").toStatus());
    expect([e.code, e.reason, e.details?.name]).toEqual([409, "Conflict", "p"]);
  });

  it("is recognised by reason", () => {
    expect(isApiError(notFound({ resource: "pods" }, "x"), "NotFound")).toBe(true);
    expect(isApiError(notFound({ resource: "pods" }, "x"), "Conflict")).toBe(false);
    expect(isApiError(new Error("x"))).toBe(false);
  });
});
