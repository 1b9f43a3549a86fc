import { describe, expect, it } from "vitest";
import { deepClone, deepEqual, deepFreeze, getControllerOf, isControlledBy, namespacedName, newControllerRef } from "./meta.ts";

// Owner-reference cases after apimachinery pkg/apis/meta/v1/controller_ref_test.go.

const rs = { metadata: { name: "web-5d4f", namespace: "default", uid: "rs-uid" } };

describe("namespacedName", () => {
  it("joins namespace and name", () => {
    expect(namespacedName({ metadata: { namespace: "default", name: "web" } })).toBe("default/web");
  });

  it("gives only the name of a cluster-scoped object", () => {
    expect(namespacedName({ metadata: { name: "node-1" } })).toBe("node-1");
  });
});

describe("controller references", () => {
  it("builds the reference a controller sets", () => {
    expect(newControllerRef(rs, { apiVersion: "apps/v1", kind: "ReplicaSet" })).toEqual({
      apiVersion: "apps/v1",
      kind: "ReplicaSet",
      name: "web-5d4f",
      uid: "rs-uid",
      controller: true,
      blockOwnerDeletion: true,
    });
  });

  it("finds the controller among several owners (TestGetControllerOf)", () => {
    const pod = {
      metadata: {
        ownerReferences: [
          { apiVersion: "v1", kind: "ConfigMap", name: "cfg", uid: "cfg-uid" },
          { apiVersion: "apps/v1", kind: "ReplicaSet", name: "web-5d4f", uid: "rs-uid", controller: true },
        ],
      },
    };
    expect(getControllerOf(pod)?.uid).toBe("rs-uid");
  });

  it("finds no controller when no owner is marked controller", () => {
    expect(getControllerOf({ metadata: { ownerReferences: [{ apiVersion: "v1", kind: "X", name: "x", uid: "x" }] } })).toBeUndefined();
  });

  it("recognises the owner by UID (TestIsControlledBy)", () => {
    const pod = { metadata: { ownerReferences: [newControllerRef(rs, { apiVersion: "apps/v1", kind: "ReplicaSet" })] } };
    expect(isControlledBy(pod, rs)).toBe(true);
  });

  it("does not take a same-named owner with another UID for the controller", () => {
    const pod = { metadata: { ownerReferences: [newControllerRef(rs, { apiVersion: "apps/v1", kind: "ReplicaSet" })] } };
    expect(isControlledBy(pod, { metadata: { name: "web-5d4f", uid: "other" } })).toBe(false);
  });
});

describe("deepFreeze", () => {
  it("returns the same object", () => {
    const o = { a: { b: [1] } };
    expect(deepFreeze(o)).toBe(o);
  });

  it("freezes nested objects and arrays", () => {
    const o = deepFreeze({ a: { b: [1] } });
    expect(Object.isFrozen(o.a)).toBe(true);
    expect(Object.isFrozen(o.a.b)).toBe(true);
  });

  it("makes a write to a nested field throw in strict mode", () => {
    const o = deepFreeze({ spec: { replicas: 1 } });
    expect(() => {
      (o.spec as { replicas: number }).replicas = 2;
    }).toThrow(TypeError);
  });

  it("survives cycles", () => {
    const o: { self?: unknown } = {};
    o.self = o;
    expect(Object.isFrozen(deepFreeze(o))).toBe(true);
  });
});

describe("deepClone", () => {
  it("copies a frozen object into a writable one", () => {
    const copy = deepClone(deepFreeze({ spec: { replicas: 1 } }));
    copy.spec.replicas = 2;
    expect(copy).toEqual({ spec: { replicas: 2 } });
  });
});

describe("deepEqual", () => {
  it("ignores key order", () => {
    expect(deepEqual({ a: 1, b: [1, 2] }, { b: [1, 2], a: 1 })).toBe(true);
  });

  it("respects array order", () => {
    expect(deepEqual([1, 2], [2, 1])).toBe(false);
  });

  it("treats an undefined property as absent", () => {
    expect(deepEqual({ a: undefined }, {})).toBe(true);
  });

  it("tells a missing key from a null one", () => {
    expect(deepEqual({ a: null }, {})).toBe(false);
  });

  it("compares nested values", () => {
    expect(deepEqual({ metadata: { labels: { app: "a" } } }, { metadata: { labels: { app: "b" } } })).toBe(false);
  });

  it("does not equate an array with an object", () => {
    expect(deepEqual([], {})).toBe(false);
  });
});
