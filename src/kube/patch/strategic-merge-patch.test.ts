import { describe, expect, it } from "vitest";
import type { PatchMetaTable } from "./patch-meta.ts";
import { StrategicMergePatchError } from "./errors.ts";
import { applyStrategicMergePatch, createThreeWayMergePatch, createTwoWayMergePatch } from "./strategic-merge-patch.ts";
import { thrown } from "./thrown.ts";

/**
 * The patch metadata of upstream's test type MergeItem (strategicpatch/patch_test.go): mergingList merges by name,
 * mergingIntList as a set, replacingItem is replaced, retainKeysMap and retainKeysMergingList carry retainKeys.
 * The cases below are adapted from that file's createStrategicMergePatchTestCaseData and customStrategicMergePatch
 * test cases, with their expected values.
 */
const MERGE_ITEM: PatchMetaTable = {
  mergingList: { strategy: "merge", mergeKey: "name" },
  "mergingList.mergingList": { strategy: "merge", mergeKey: "name" },
  "mergingList.mergingIntList": { strategy: "merge" },
  mergingIntList: { strategy: "merge" },
  replacingItem: { strategy: "replace" },
  retainKeysMap: { retainKeys: true },
  "retainKeysMap.mergingList": { strategy: "merge", mergeKey: "name" },
  "retainKeysMap.mergingIntList": { strategy: "merge" },
  retainKeysMergingList: { strategy: "merge", mergeKey: "name", retainKeys: true },
};

describe("applyStrategicMergePatch: fields", () => {
  it("adds, changes and deletes (null) fields of a map", () => {
    expect(applyStrategicMergePatch({ name: 1, value: 1, other: "a" }, { name: null, value: 2, extra: "x" }, MERGE_ITEM)).toEqual({ value: 2, other: "a", extra: "x" });
  });

  it("deletes a field from a nested map and keeps the others", () => {
    expect(applyStrategicMergePatch({ simpleMap: { key1: 1, key2: 1, other: "a" } }, { simpleMap: { key2: null } }, MERGE_ITEM)).toEqual({ simpleMap: { key1: 1, other: "a" } });
  });

  it("replaces a list without a strategy whole", () => {
    expect(applyStrategicMergePatch({ nonMergingIntList: [1, 2] }, { nonMergingIntList: [2, 3] }, MERGE_ITEM)).toEqual({ nonMergingIntList: [2, 3] });
  });

  it("replaces a map with the replace strategy whole", () => {
    expect(applyStrategicMergePatch({ replacingItem: { a: 1, b: 2 } }, { replacingItem: { c: 3 } }, MERGE_ITEM)).toEqual({ replacingItem: { c: 3 } });
  });

  it("does not modify the document or the patch", () => {
    const doc = { mergingList: [{ name: 1 }] };
    const patch = { mergingList: [{ name: 2 }] };
    applyStrategicMergePatch(doc, patch, MERGE_ITEM);
    expect(doc).toEqual({ mergingList: [{ name: 1 }] });
    expect(patch).toEqual({ mergingList: [{ name: 2 }] });
  });
});

describe("applyStrategicMergePatch: $patch in maps", () => {
  it("empties a nested map with $patch: delete", () => {
    expect(applyStrategicMergePatch({ simpleMap: { key1: 1, key2: 1 } }, { simpleMap: { $patch: "delete" } }, MERGE_ITEM)).toEqual({ simpleMap: {} });
  });

  it("replaces the whole object with $patch: replace", () => {
    expect(applyStrategicMergePatch({ name: 1, value: 1 }, { other: "a", $patch: "replace" }, MERGE_ITEM)).toEqual({ other: "a" });
  });

  it("refuses $patch: merge in a map, as upstream does", () => {
    const err = thrown(() => applyStrategicMergePatch({ simpleMap: { a: 1 } }, { simpleMap: { $patch: "merge" } }, MERGE_ITEM));
    expect(err).toBeInstanceOf(StrategicMergePatchError);
    expect((err as StrategicMergePatchError).detail).toBe('unknown patch type: merge in map: {"$patch":"merge"}');
  });
});

describe("applyStrategicMergePatch: lists merged by key", () => {
  it("merges items with the same key; new items go before the server's later ones", () => {
    // Upstream's order, also shown by kubernetes.io's "Update API Objects in Place Using kubectl patch": a patched-in
    // container comes before the existing one.
    const doc = { mergingList: [{ name: 1, other: "a" }, { name: 2, value: 2, other: "b" }] };
    expect(applyStrategicMergePatch(doc, { mergingList: [{ name: 1, value: 1 }, { name: 3, value: 3 }] }, MERGE_ITEM)).toEqual({
      mergingList: [{ name: 1, other: "a", value: 1 }, { name: 3, value: 3 }, { name: 2, value: 2, other: "b" }],
    });
  });

  it("deletes an item with $patch: delete", () => {
    expect(applyStrategicMergePatch({ mergingList: [{ name: 1 }, { name: 2 }] }, { mergingList: [{ name: 1, $patch: "delete" }] }, MERGE_ITEM)).toEqual({ mergingList: [{ name: 2 }] });
  });

  it("deletes every item with $patch: delete on each", () => {
    const patch = { mergingList: [{ name: 1, $patch: "delete" }, { name: 2, $patch: "delete" }] };
    expect(applyStrategicMergePatch({ mergingList: [{ name: 1, other: "a" }, { name: 2, other: "b" }] }, patch, MERGE_ITEM)).toEqual({ mergingList: [] });
  });

  it("replaces the whole list with a $patch: replace item", () => {
    expect(applyStrategicMergePatch({ mergingList: [{ name: 1 }, { name: 2 }] }, { mergingList: [{ $patch: "replace" }] }, MERGE_ITEM)).toEqual({ mergingList: [] });
    expect(applyStrategicMergePatch({ mergingList: [{ name: 1 }] }, { mergingList: [{ name: 5, value: 5 }, { $patch: "replace" }] }, MERGE_ITEM)).toEqual({ mergingList: [{ name: 5, value: 5 }] });
  });

  it("refuses a $patch: merge item", () => {
    const err = thrown(() => applyStrategicMergePatch({ mergingList: [{ name: 1 }] }, { mergingList: [{ name: 1, $patch: "merge" }] }, MERGE_ITEM));
    expect((err as StrategicMergePatchError).detail).toBe("merging lists cannot yet be specified in the patch");
  });

  it("keeps the patch's order, the server's other items before the patch's where they were", () => {
    const doc = { mergingList: [{ name: 1 }, { name: 2, value: "b" }, { name: 3 }] };
    expect(applyStrategicMergePatch(doc, { mergingList: [{ name: 3, value: "c" }, { name: 1, value: "a" }, { name: 2, other: "x" }] }, MERGE_ITEM)).toEqual({
      mergingList: [{ name: 3, value: "c" }, { name: 1, value: "a" }, { name: 2, value: "b", other: "x" }],
    });
    expect(applyStrategicMergePatch(doc, { mergingList: [{ name: 3, value: "c" }, { name: 1, value: "a" }] }, MERGE_ITEM)).toEqual({
      mergingList: [{ name: 2, value: "b" }, { name: 3, value: "c" }, { name: 1, value: "a" }],
    });
  });

  it("refuses an item without the merge key", () => {
    const err = thrown(() => applyStrategicMergePatch({ mergingList: [{ name: 1, value: "a" }] }, { mergingList: [{ value: "b" }] }, MERGE_ITEM));
    expect(err).toMatchObject({ code: 500, detail: 'map: {"value":"b"} does not contain declared merge key: name' });
  });

  it("refuses a list of lists with 422", () => {
    const err = thrown(() => applyStrategicMergePatch({ mergingIntList: [[1]] }, { mergingIntList: [[2]] }, MERGE_ITEM));
    expect(err).toMatchObject({ code: 422, detail: "lists of lists are not supported" });
  });
});

describe("applyStrategicMergePatch: $setElementOrder", () => {
  it("orders the merged list as $setElementOrder says", () => {
    const patch = { "$setElementOrder/mergingList": [{ name: 4 }, { name: 1 }, { name: 2 }, { name: 3 }], mergingList: [{ name: 4, value: 4 }, { name: 3, value: 3 }] };
    expect(applyStrategicMergePatch({ mergingList: [{ name: 1, other: "a" }, { name: 2, value: 2, other: "b" }] }, patch, MERGE_ITEM)).toEqual({
      mergingList: [{ name: 4, value: 4 }, { name: 1, other: "a" }, { name: 2, value: 2, other: "b" }, { name: 3, value: 3 }],
    });
  });

  it("reorders a list the patch does not otherwise touch", () => {
    expect(applyStrategicMergePatch({ mergingIntList: [1, 3] }, { "$setElementOrder/mergingIntList": [3, 2, 1] }, MERGE_ITEM)).toEqual({ mergingIntList: [3, 1] });
  });

  it("ignores names in $setElementOrder that the list lacks", () => {
    const patch = { "$setElementOrder/mergingList": [{ name: 3 }, { name: 2 }, { name: 1 }], mergingList: [{ name: 3, value: 3 }, { name: 1, value: 1 }] };
    expect(applyStrategicMergePatch({ mergingList: [{ name: 1 }, { name: 3 }] }, patch, MERGE_ITEM)).toEqual({ mergingList: [{ name: 3, value: 3 }, { name: 1, value: 1 }] });
  });

  it("puts a server-only item before an ordered one that came after it in the live list", () => {
    const patch = { "$setElementOrder/mergingList": [{ name: 3 }, { name: 1 }], mergingList: [{ name: 3, value: 3 }] };
    expect(applyStrategicMergePatch({ mergingList: [{ name: 1 }, { name: 2 }, { name: 3 }] }, patch, MERGE_ITEM)).toEqual({
      mergingList: [{ name: 2 }, { name: 3, value: 3 }, { name: 1 }],
    });
  });

  it("refuses a patch list in another order than $setElementOrder", () => {
    const patch = { "$setElementOrder/mergingList": [{ name: 1 }, { name: 2 }, { name: 3 }], mergingList: [{ name: 3, value: 3 }, { name: 1, value: 1 }] };
    const err = thrown(() => applyStrategicMergePatch({ mergingList: [{ name: 1 }, { name: 3 }, { name: 2 }] }, patch, MERGE_ITEM));
    expect((err as StrategicMergePatchError).detail).toContain("doesn't match $setElementOrder list");
  });

  it("refuses a $setElementOrder that is not a list with 400", () => {
    const err = thrown(() => applyStrategicMergePatch({ mergingList: [] }, { "$setElementOrder/mergingList": "x" }, MERGE_ITEM));
    expect(err).toMatchObject({ code: 400, message: "invalid patch format of setElementOrder list" });
  });
});

describe("applyStrategicMergePatch: lists of scalars with the merge strategy", () => {
  it("merges as a set", () => {
    expect(applyStrategicMergePatch({ mergingIntList: [1, 2] }, { mergingIntList: [2, 3] }, MERGE_ITEM)).toEqual({ mergingIntList: [1, 2, 3] });
  });

  it("keeps the patch's order", () => {
    expect(applyStrategicMergePatch({ mergingIntList: [1, 2, 3] }, { mergingIntList: [3, 1] }, MERGE_ITEM)).toEqual({ mergingIntList: [2, 3, 1] });
  });

  it("removes values with $deleteFromPrimitiveList, duplicates included", () => {
    const patch = { "$setElementOrder/mergingIntList": [1, 2], "$deleteFromPrimitiveList/mergingIntList": [3] };
    expect(applyStrategicMergePatch({ mergingIntList: [1, 2, 3, 3, 4] }, patch, MERGE_ITEM)).toEqual({ mergingIntList: [1, 2, 4] });
  });

  it("adds and removes in one patch", () => {
    const patch = { "$setElementOrder/mergingIntList": [1, 2, 4], "$deleteFromPrimitiveList/mergingIntList": [3], mergingIntList: [4] };
    expect(applyStrategicMergePatch({ mergingIntList: [1, 2, 3] }, patch, MERGE_ITEM)).toEqual({ mergingIntList: [1, 2, 4] });
  });
});

describe("applyStrategicMergePatch: $retainKeys", () => {
  it("clears the keys the directive does not list", () => {
    const patch = { retainKeysMap: { $retainKeys: ["name", "value"], value: "b" } };
    expect(applyStrategicMergePatch({ retainKeysMap: { name: "foo", other: "x", value: "a" } }, patch, MERGE_ITEM)).toEqual({ retainKeysMap: { name: "foo", value: "b" } });
  });

  it("merges normally without the directive", () => {
    expect(applyStrategicMergePatch({ retainKeysMap: { name: "foo", value: "a" } }, { retainKeysMap: { value: null } }, MERGE_ITEM)).toEqual({ retainKeysMap: { name: "foo" } });
  });

  it("applies in a retainKeys list's items", () => {
    const patch = { retainKeysMergingList: [{ name: "foo", $retainKeys: ["name", "other"], other: "o" }] };
    expect(applyStrategicMergePatch({ retainKeysMergingList: [{ name: "bar" }, { name: "foo", value: "a" }] }, patch, MERGE_ITEM)).toEqual({
      retainKeysMergingList: [{ name: "bar" }, { name: "foo", other: "o" }],
    });
  });

  it("refuses patch content the directive does not list with 422", () => {
    const err = thrown(() => applyStrategicMergePatch({ retainKeysMap: { name: "foo" } }, { retainKeysMap: { $retainKeys: ["name"], value: "b" } }, MERGE_ITEM));
    expect(err).toMatchObject({ code: 422, detail: "patch content doesn't match retainKeys list" });
  });
});

describe("createTwoWayMergePatch", () => {
  it("adds, changes and nulls fields", () => {
    expect(createTwoWayMergePatch({ name: 1, value: 1 }, { value: 2, other: "a" }, MERGE_ITEM)).toEqual({ name: null, value: 2, other: "a" });
  });

  it("is empty for equal documents", () => {
    expect(createTwoWayMergePatch({ mergingList: [{ name: 1 }] }, { mergingList: [{ name: 1 }] }, MERGE_ITEM)).toEqual({});
  });

  it("describes merged list changes item by item with $setElementOrder", () => {
    const original = { mergingList: [{ name: 1 }, { name: 2, value: 2 }] };
    const modified = { mergingList: [{ name: 4, value: 4 }, { name: 1 }, { name: 2, value: 2 }, { name: 3, value: 3 }] };
    expect(createTwoWayMergePatch(original, modified, MERGE_ITEM)).toEqual({
      "$setElementOrder/mergingList": [{ name: 4 }, { name: 1 }, { name: 2 }, { name: 3 }],
      mergingList: [{ name: 4, value: 4 }, { name: 3, value: 3 }],
    });
  });

  it("deletes a removed item with $patch: delete", () => {
    expect(createTwoWayMergePatch({ mergingList: [{ name: 1 }, { name: 2 }] }, { mergingList: [{ name: 2 }] }, MERGE_ITEM)).toEqual({
      "$setElementOrder/mergingList": [{ name: 2 }],
      mergingList: [{ name: 1, $patch: "delete" }],
    });
  });

  it("deletes removed scalars with $deleteFromPrimitiveList", () => {
    expect(createTwoWayMergePatch({ mergingIntList: [1, 2, 3] }, { mergingIntList: [1, 2, 4] }, MERGE_ITEM)).toEqual({
      "$setElementOrder/mergingIntList": [1, 2, 4],
      "$deleteFromPrimitiveList/mergingIntList": [3],
      mergingIntList: [4],
    });
  });

  it("adds $retainKeys for a retainKeys map that lost a field", () => {
    expect(createTwoWayMergePatch({ retainKeysMap: { name: "foo", value: "a" } }, { retainKeysMap: { name: "foo" } }, MERGE_ITEM)).toEqual({
      retainKeysMap: { $retainKeys: ["name"], value: null },
    });
  });

  it("yields modified when applied to original", () => {
    const original = { name: 1, mergingList: [{ name: 1, value: 1 }, { name: 2 }], mergingIntList: [3, 1], simpleMap: { a: "1" } };
    const modified = { mergingList: [{ name: 2, other: "o" }, { name: 0 }], mergingIntList: [1, 5], simpleMap: { b: "2" }, value: 7 };
    const patch = createTwoWayMergePatch(original, modified, MERGE_ITEM);
    expect(applyStrategicMergePatch(original, patch, MERGE_ITEM)).toEqual(modified);
  });
});

describe("createThreeWayMergePatch", () => {
  it("keeps a field someone else added to the live object", () => {
    const patch = createThreeWayMergePatch({ name: 1 }, { name: 1, value: 1 }, { name: 1, other: "a" }, MERGE_ITEM);
    expect(patch).toEqual({ value: 1 });
    expect(applyStrategicMergePatch({ name: 1, other: "a" }, patch, MERGE_ITEM)).toEqual({ name: 1, value: 1, other: "a" });
  });

  it("sets back a field someone else changed that the manifest sets", () => {
    expect(createThreeWayMergePatch({ name: 1 }, { name: 1, value: 1 }, { name: "a", other: "a" }, MERGE_ITEM)).toEqual({ name: 1, value: 1 });
  });

  it("deletes only what the previous manifest had and the new one dropped", () => {
    const patch = createThreeWayMergePatch({ simpleMap: { key1: 1, key2: 1 } }, { simpleMap: { key1: 1 } }, { simpleMap: { key1: 1, key2: 1, other: "a" } }, MERGE_ITEM);
    expect(patch).toEqual({ simpleMap: { key2: null } });
    expect(applyStrategicMergePatch({ simpleMap: { key1: 1, key2: 1, other: "a" } }, patch, MERGE_ITEM)).toEqual({ simpleMap: { key1: 1, other: "a" } });
  });

  it("merges list items others changed and resets only what the manifest sets", () => {
    const original = { mergingList: [{ name: 1 }, { name: 2, value: 2 }] };
    const modified = { mergingList: [{ name: 1 }, { name: 2, value: 2 }, { name: 3, value: 3 }] };
    const current = { mergingList: [{ name: 1, other: "a" }, { name: 2, value: 3, other: "b" }] };
    const patch = createThreeWayMergePatch(original, modified, current, MERGE_ITEM);
    expect(patch).toEqual({
      "$setElementOrder/mergingList": [{ name: 1 }, { name: 2 }, { name: 3 }],
      mergingList: [{ name: 2, value: 2 }, { name: 3, value: 3 }],
    });
    expect(applyStrategicMergePatch(current, patch, MERGE_ITEM)).toEqual({
      mergingList: [{ name: 1, other: "a" }, { name: 2, value: 2, other: "b" }, { name: 3, value: 3 }],
    });
  });

  it("deletes list items the manifest dropped even when the live list is already empty", () => {
    expect(createThreeWayMergePatch({ mergingList: [{ name: 1 }, { name: 2 }] }, { mergingList: [] }, { mergingList: [] }, MERGE_ITEM)).toEqual({
      mergingList: [{ name: 1, $patch: "delete" }, { name: 2, $patch: "delete" }],
    });
  });

  it("deletes scalars the manifest dropped and keeps those others added", () => {
    const patch = createThreeWayMergePatch({ mergingIntList: [1, 2, 3] }, { mergingIntList: [1, 2] }, { mergingIntList: [1, 2, 3, 4] }, MERGE_ITEM);
    expect(patch).toEqual({ "$setElementOrder/mergingIntList": [1, 2], "$deleteFromPrimitiveList/mergingIntList": [3] });
    expect(applyStrategicMergePatch({ mergingIntList: [1, 2, 3, 4] }, patch, MERGE_ITEM)).toEqual({ mergingIntList: [1, 2, 4] });
  });

  it("propagates an explicit null in the manifest", () => {
    expect(createThreeWayMergePatch({ name: 2 }, { name: 1, value: 1, other: null }, { name: "a", other: "a" }, MERGE_ITEM)).toEqual({ name: 1, value: 1, other: null });
  });
});

describe("strategic merge patch on the kinds we serve", () => {
  const liveDeployment = () => ({
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "web", annotations: { "kubectl.kubernetes.io/last-applied-configuration": "{old}" } },
    spec: {
      replicas: 1,
      strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: "25%", maxUnavailable: "25%" } },
      template: {
        metadata: { labels: { app: "web" } },
        spec: {
          containers: [{ name: "c", image: "nginx:1.25", imagePullPolicy: "IfNotPresent", terminationMessagePath: "/dev/termination-log" }],
          dnsPolicy: "ClusterFirst",
        },
      },
    },
  });
  const manifest = (image: string) => ({
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "web" },
    spec: { template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "c", image }] } } },
  });

  it("computes the patch kubectl sends on a second apply", () => {
    const modified = { ...manifest("nginx:1.26"), metadata: { name: "web", annotations: { "kubectl.kubernetes.io/last-applied-configuration": "{new}" } } };
    const patch = createThreeWayMergePatch(manifest("nginx:1.25"), modified, liveDeployment(), "Deployment");
    expect(patch).toEqual({
      metadata: { annotations: { "kubectl.kubernetes.io/last-applied-configuration": "{new}" } },
      spec: { template: { spec: { "$setElementOrder/containers": [{ name: "c" }], containers: [{ image: "nginx:1.26", name: "c" }] } } },
    });
  });

  it("applies kubectl's second-apply patch keeping the container's defaulted fields", () => {
    const patch = {
      metadata: { annotations: { "kubectl.kubernetes.io/last-applied-configuration": "{new}" } },
      spec: { template: { spec: { "$setElementOrder/containers": [{ name: "c" }], containers: [{ image: "nginx:1.26", name: "c" }] } } },
    };
    const out = applyStrategicMergePatch(liveDeployment(), patch, "Deployment");
    expect(out.metadata.annotations).toEqual({ "kubectl.kubernetes.io/last-applied-configuration": "{new}" });
    expect(out.spec.template.spec.containers).toEqual([
      { name: "c", image: "nginx:1.26", imagePullPolicy: "IfNotPresent", terminationMessagePath: "/dev/termination-log" },
    ]);
  });

  it("keeps replicas set by kubectl scale when the manifest never set them", () => {
    const live = { ...liveDeployment(), spec: { ...liveDeployment().spec, replicas: 5 } };
    const patch = createThreeWayMergePatch(manifest("nginx:1.25"), manifest("nginx:1.25"), live, "Deployment");
    expect(patch).toEqual({});
  });

  it("drops rollingUpdate when apply switches the strategy to Recreate ($retainKeys)", () => {
    const withStrategy = (strategy: object) => ({ ...manifest("nginx:1.25"), spec: { ...manifest("nginx:1.25").spec, strategy } });
    const patch = createThreeWayMergePatch(withStrategy({ type: "RollingUpdate" }), withStrategy({ type: "Recreate" }), liveDeployment(), "Deployment");
    expect(patch).toEqual({ spec: { strategy: { $retainKeys: ["type"], type: "Recreate" } } });
    expect(applyStrategicMergePatch(liveDeployment(), patch, "Deployment").spec.strategy).toEqual({ type: "Recreate" });
  });

  it("removes a container the manifest dropped with $patch: delete", () => {
    const two = { ...manifest("x"), spec: { template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "c", image: "x" }, { name: "side", image: "y" }] } } } };
    const live = { ...two, spec: { ...two.spec, replicas: 1 } };
    const patch = createThreeWayMergePatch(two, manifest("x"), live, "Deployment");
    expect(patch).toEqual({ spec: { template: { spec: { "$setElementOrder/containers": [{ name: "c" }], containers: [{ name: "side", $patch: "delete" }] } } } });
    expect(applyStrategicMergePatch(live, patch, "Deployment").spec.template.spec.containers).toEqual([{ name: "c", image: "x" }]);
  });

  it("merges env by name and volumeMounts by mountPath inside a container", () => {
    const pod = { kind: "Pod", spec: { containers: [{ name: "c", env: [{ name: "A", value: "1" }], volumeMounts: [{ mountPath: "/data", name: "d" }] }] } };
    const patch = { spec: { containers: [{ name: "c", env: [{ name: "B", value: "2" }], volumeMounts: [{ mountPath: "/data", readOnly: true }] }] } };
    expect(applyStrategicMergePatch(pod, patch, "Pod").spec.containers).toEqual([
      { name: "c", env: [{ name: "B", value: "2" }, { name: "A", value: "1" }], volumeMounts: [{ mountPath: "/data", name: "d", readOnly: true }] },
    ]);
  });

  it("merges container ports by containerPort alone, so 53/UDP lands on 53/TCP (upstream's quirk)", () => {
    const pod = { kind: "Pod", spec: { containers: [{ name: "dns", ports: [{ containerPort: 53, protocol: "TCP" }, { containerPort: 53, protocol: "UDP" }] }] } };
    const patch = { spec: { containers: [{ name: "dns", ports: [{ containerPort: 53, protocol: "UDP", name: "dns-udp" }] }] } };
    expect(applyStrategicMergePatch(pod, patch, "Pod").spec.containers[0]!.ports).toEqual([
      { containerPort: 53, protocol: "UDP", name: "dns-udp" },
      { containerPort: 53, protocol: "UDP" },
    ]);
  });

  it("replaces tolerations whole (no patch strategy)", () => {
    const pod = { kind: "Pod", spec: { tolerations: [{ key: "a", operator: "Exists" }] } };
    expect(applyStrategicMergePatch(pod, { spec: { tolerations: [{ key: "b", operator: "Exists" }] } }, "Pod").spec.tolerations).toEqual([{ key: "b", operator: "Exists" }]);
  });

  it("merges volumes by name with retainKeys, so a volume can change its source", () => {
    const pod = { kind: "Pod", spec: { volumes: [{ name: "v", emptyDir: {} }] } };
    const patch = { spec: { volumes: [{ name: "v", $retainKeys: ["configMap", "name"], configMap: { name: "cm" } }] } };
    expect(applyStrategicMergePatch(pod, patch, "Pod").spec.volumes).toEqual([{ name: "v", configMap: { name: "cm" } }]);
  });

  it("merges pod conditions by type", () => {
    const pod = { kind: "Pod", status: { conditions: [{ type: "Ready", status: "False" }, { type: "PodScheduled", status: "True" }] } };
    expect(applyStrategicMergePatch(pod, { status: { conditions: [{ type: "Ready", status: "True" }] } }, "Pod").status.conditions).toEqual([
      { type: "Ready", status: "True" },
      { type: "PodScheduled", status: "True" },
    ]);
  });

  it("merges finalizers as a set and ownerReferences by uid", () => {
    const cm = { kind: "ConfigMap", metadata: { finalizers: ["a"], ownerReferences: [{ uid: "1", name: "x" }] } };
    const out = applyStrategicMergePatch(cm, { metadata: { finalizers: ["b", "a"], ownerReferences: [{ uid: "2", name: "y" }] } }, "ConfigMap");
    expect(out.metadata).toEqual({ finalizers: ["b", "a"], ownerReferences: [{ uid: "2", name: "y" }, { uid: "1", name: "x" }] });
  });

  it("merges service ports by port", () => {
    const svc = { kind: "Service", spec: { ports: [{ port: 80, targetPort: 8080 }, { port: 443 }] } };
    expect(applyStrategicMergePatch(svc, { spec: { ports: [{ port: 80, targetPort: 9090 }] } }, "Service").spec.ports).toEqual([
      { port: 80, targetPort: 9090 },
      { port: 443 },
    ]);
  });

  it("replaces node taints whole and merges node addresses by type", () => {
    const node = { kind: "Node", spec: { taints: [{ key: "a", effect: "NoSchedule" }] }, status: { addresses: [{ type: "InternalIP", address: "10.0.0.1" }, { type: "Hostname", address: "n1" }] } };
    const patch = { spec: { taints: [{ key: "b", effect: "NoExecute" }] }, status: { addresses: [{ type: "InternalIP", address: "10.0.0.2" }] } };
    const out = applyStrategicMergePatch(node, patch, "Node");
    expect(out.spec.taints).toEqual([{ key: "b", effect: "NoExecute" }]);
    expect(out.status.addresses).toEqual([{ type: "InternalIP", address: "10.0.0.2" }, { type: "Hostname", address: "n1" }]);
  });

  it("carries out directives in a value the object lacks instead of storing them", () => {
    const patch = { spec: { template: { spec: { "$setElementOrder/containers": [{ name: "c" }], containers: [{ name: "c", image: "x" }] } } } };
    expect(applyStrategicMergePatch({ kind: "Deployment" }, patch, "Deployment")).toEqual({ kind: "Deployment", spec: { template: { spec: { containers: [{ name: "c", image: "x" }] } } } });
  });
});
