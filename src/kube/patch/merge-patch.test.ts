import { describe, expect, it } from "vitest";
import { applyMergePatch } from "./merge-patch.ts";

describe("applyMergePatch: RFC 7386 appendix A", () => {
  it.each([
    [{ a: "b" }, { a: "c" }, { a: "c" }],
    [{ a: "b" }, { b: "c" }, { a: "b", b: "c" }],
    [{ a: "b" }, { a: null }, {}],
    [{ a: "b", b: "c" }, { a: null }, { b: "c" }],
    [{ a: ["b"] }, { a: "c" }, { a: "c" }],
    [{ a: "c" }, { a: ["b"] }, { a: ["b"] }],
    [{ a: { b: "c" } }, { a: { b: "d", c: null } }, { a: { b: "d" } }],
    [{ a: [{ b: "c" }] }, { a: [1] }, { a: [1] }],
    [["a", "b"], ["c", "d"], ["c", "d"]],
    [{ a: "b" }, ["c"], ["c"]],
    [{ a: "foo" }, null, null],
    [{ a: "foo" }, "bar", "bar"],
    [{ e: null }, { a: 1 }, { e: null, a: 1 }],
    [[1, 2], { a: "b", c: null }, { a: "b" }],
    [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
  ])("merges %j with %j into %j", (doc, patch, result) => {
    expect(applyMergePatch(doc, patch)).toEqual(result);
  });
});

describe("applyMergePatch: what kubectl sends", () => {
  it("sets replicas as kubectl scale does", () => {
    expect(applyMergePatch({ spec: { replicas: 1, paused: false } }, { spec: { replicas: 3 } })).toEqual({ spec: { replicas: 3, paused: false } });
  });

  it("replaces a list whole instead of merging it", () => {
    const doc = { spec: { containers: [{ name: "a" }, { name: "b" }] } };
    expect(applyMergePatch(doc, { spec: { containers: [{ name: "b", image: "x" }] } })).toEqual({ spec: { containers: [{ name: "b", image: "x" }] } });
  });

  it("removes a label with null as kubectl label app- does", () => {
    expect(applyMergePatch({ metadata: { labels: { app: "a", tier: "b" } } }, { metadata: { labels: { app: null } } })).toEqual({ metadata: { labels: { tier: "b" } } });
  });

  it("does not modify the document or the patch", () => {
    const doc = Object.freeze({ a: Object.freeze({ b: 1 }) });
    const patch = Object.freeze({ a: Object.freeze({ c: 2 }) });
    expect(applyMergePatch(doc, patch)).toEqual({ a: { b: 1, c: 2 } });
    expect(doc).toEqual({ a: { b: 1 } });
  });

  it("copies patch values, so the result shares nothing with the patch", () => {
    const patch = { a: { list: [1] } };
    const out = applyMergePatch({}, patch) as { a: { list: number[] } };
    out.a.list.push(2);
    expect(patch).toEqual({ a: { list: [1] } });
  });
});
