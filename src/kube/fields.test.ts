import { describe, expect, it } from "vitest";
import {
  convertFieldSelector,
  fieldSelectorMatches,
  fieldSelectorToString,
  matchesFields,
  parseFieldSelector,
  selectableFields,
} from "./fields.ts";

// Parsing cases after apimachinery pkg/fields/selector_test.go (TestSelectorParse, TestSelectorMatches,
// TestEscapeValue); supported fields from pkg/apis/core/v1/conversion.go and the registries' ToSelectableFields.

describe("parseFieldSelector", () => {
  it.each([
    ["", ""],
    ["a=b", "a=b"],
    ["a==b", "a=b"],
    ["a!=b", "a!=b"],
    ["a=b,c=d", "a=b,c=d"],
    ["x=a,y=b,z=c", "x=a,y=b,z=c"],
    ["x!=a,y=b", "x!=a,y=b"],
    ["x=", "x="],
    ["x= ", "x= "],
  ])("parses %j and prints it back as %j", (input, printed) => {
    expect(fieldSelectorToString(parseFieldSelector(input))).toBe(printed);
  });

  it("sorts the terms", () => {
    expect(fieldSelectorToString(parseFieldSelector("spec.nodeName=n1,metadata.name=a"))).toBe("metadata.name=a,spec.nodeName=n1");
  });

  it("skips empty terms", () => {
    expect(parseFieldSelector("a=b,,")).toEqual([{ field: "a", operator: "=", value: "b" }]);
  });

  it("reads escaped commas and equals signs as part of the value", () => {
    expect(parseFieldSelector("metadata.name=a\\,b\\=c")).toEqual([{ field: "metadata.name", operator: "=", value: "a,b=c" }]);
  });

  it("escapes them again when printing", () => {
    expect(fieldSelectorToString([{ field: "metadata.name", operator: "=", value: "a,b=c\\" }])).toBe("metadata.name=a\\,b\\=c\\\\");
  });

  it("rejects a term without an operator, naming it", () => {
    expect(() => parseFieldSelector("a=b,spec.nodeName")).toThrow("invalid selector: 'a=b,spec.nodeName'; can't understand 'spec.nodeName'");
  });

  it("rejects an unescaped = in a value", () => {
    expect(() => parseFieldSelector("a=b=c")).toThrow("invalid field selector: unescaped character in value: '='");
  });

  it("rejects an unknown escape sequence", () => {
    expect(() => parseFieldSelector("a=\\x")).toThrow("invalid field selector: invalid escape sequence: \\x");
  });
});

describe("matchesFields", () => {
  it("matches equal values", () => {
    expect(matchesFields(parseFieldSelector("x=y"), { x: "y" })).toBe(true);
  });

  it("matches != when the value differs", () => {
    expect(matchesFields(parseFieldSelector("x!=y,z!=w"), { x: "z", z: "a" })).toBe(true);
  });

  it("does not match != when a value is equal", () => {
    expect(matchesFields(parseFieldSelector("x!=y,z!=w"), { x: "z", z: "w" })).toBe(false);
  });

  it("treats a missing field as the empty string", () => {
    expect(matchesFields(parseFieldSelector("x="), {})).toBe(true);
    expect(matchesFields(parseFieldSelector("x=z"), {})).toBe(false);
  });

  it("matches everything with the empty selector", () => {
    expect(matchesFields([], { x: "y" })).toBe(true);
  });
});

describe("convertFieldSelector", () => {
  it("accepts the fields pods support", () => {
    expect(convertFieldSelector("pods", parseFieldSelector("spec.nodeName=n1,status.phase!=Running"))).toEqual([
      { field: "spec.nodeName", operator: "=", value: "n1" },
      { field: "status.phase", operator: "!=", value: "Running" },
    ]);
  });

  it("renames the legacy spec.host of pods to spec.nodeName", () => {
    expect(convertFieldSelector("pods", parseFieldSelector("spec.host=n1"))).toEqual([{ field: "spec.nodeName", operator: "=", value: "n1" }]);
  });

  it("refuses an unsupported pod field with upstream's message", () => {
    expect(() => convertFieldSelector("pods", parseFieldSelector("spec.foo=x"))).toThrow("field label not supported: spec.foo");
  });

  it("refuses metadata.namespace on nodes", () => {
    expect(() => convertFieldSelector("nodes", parseFieldSelector("metadata.namespace=x"))).toThrow("field label not supported: metadata.namespace");
  });

  it("uses the generic message for resources without their own fields", () => {
    expect(() => convertFieldSelector("deployments", parseFieldSelector("spec.replicas=1"))).toThrow(
      '"spec.replicas" is not a known field selector: only "metadata.name", "metadata.namespace"',
    );
  });

  it("accepts status.replicas on replicasets", () => {
    expect(convertFieldSelector("replicasets", parseFieldSelector("status.replicas=0"))).toEqual([{ field: "status.replicas", operator: "=", value: "0" }]);
  });
});

describe("selectableFields", () => {
  it("exposes a pod's fields, defaults included", () => {
    const pod = {
      metadata: { name: "web-1", namespace: "default" },
      spec: { nodeName: "n1", restartPolicy: "Always", schedulerName: "default-scheduler", serviceAccountName: "default" },
      status: { phase: "Running", podIP: "10.0.0.5", podIPs: [{ ip: "10.0.0.5" }] },
    };
    expect(selectableFields("pods", pod)).toEqual({
      "metadata.name": "web-1",
      "metadata.namespace": "default",
      "spec.nodeName": "n1",
      "spec.restartPolicy": "Always",
      "spec.schedulerName": "default-scheduler",
      "spec.serviceAccountName": "default",
      "spec.hostNetwork": "false",
      "status.phase": "Running",
      "status.podIP": "10.0.0.5",
      "status.nominatedNodeName": "",
    });
  });

  it("exposes a node's unschedulable flag as a string and no namespace", () => {
    expect(selectableFields("nodes", { metadata: { name: "n1" }, spec: { unschedulable: true } })).toEqual({
      "metadata.name": "n1",
      "spec.unschedulable": "true",
    });
  });

  it("falls back to reportingComponent for an event's source", () => {
    const event = { metadata: { name: "e", namespace: "default" }, involvedObject: { kind: "Pod", name: "web-1" }, reportingComponent: "kubelet", type: "Normal" };
    expect(selectableFields("events", event)).toMatchObject({ "involvedObject.kind": "Pod", source: "kubelet", reportingComponent: "kubelet", type: "Normal" });
  });

  it("exposes a replicaset's status.replicas, 0 when unset", () => {
    expect(selectableFields("replicasets", { metadata: { name: "rs", namespace: "d" } })["status.replicas"]).toBe("0");
  });
});

describe("fieldSelectorMatches", () => {
  it("selects the pods bound to a node", () => {
    const selector = parseFieldSelector("spec.nodeName=n1");
    expect(fieldSelectorMatches("pods", selector, { metadata: { name: "a" }, spec: { nodeName: "n1" } })).toBe(true);
    expect(fieldSelectorMatches("pods", selector, { metadata: { name: "b" }, spec: {} })).toBe(false);
  });

  it("selects unscheduled pods with spec.nodeName=", () => {
    expect(fieldSelectorMatches("pods", parseFieldSelector("spec.nodeName="), { metadata: { name: "b" }, spec: {} })).toBe(true);
  });
});
