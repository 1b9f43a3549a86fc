/**
 * Kubernetes strategic merge patch (`application/strategic-merge-patch+json`): what `kubectl apply` (client-side),
 * `kubectl edit` and `kubectl patch` send. It is a JSON merge patch in which lists the API types mark as mergeable
 * (containers by name, ports by containerPort, ...; see patch-meta.ts) merge item by item instead of being replaced.
 *
 * Follows kubernetes/kubernetes staging/src/k8s.io/apimachinery/pkg/util/strategicpatch/patch.go
 * (StrategicMergeMapPatch, CreateTwoWayMergeMapPatch, CreateThreeWayMergePatch); the directives are described in
 * community/contributors/devel/sig-api-machinery/strategic-merge-patch.md. The merge lives in smp-merge.ts, the diff
 * in smp-diff.ts.
 *
 * Left out: CreateThreeWayMergePatch's `overwrite=false` conflict check (kubectl apply always overwrites) and the
 * OpenAPI-driven metadata upstream uses for types it has no Go struct for.
 */

import { SMP_MESSAGES, StrategicMergePatchError } from "./errors.ts";
import { patchMetaFor, type PatchMetaTable } from "./patch-meta.ts";
import { diffMaps } from "./smp-diff.ts";
import { mergeMap } from "./smp-merge.ts";
import { isObj, type Obj } from "./smp-shared.ts";

export type { FieldPatchMeta, PatchMetaTable } from "./patch-meta.ts";

/** A kind we serve (`"Deployment"`), or a metadata table of one's own (tests use upstream's test types). */
export type PatchSchema = string | PatchMetaTable;

function tableOf(schema: PatchSchema): PatchMetaTable {
  if (typeof schema !== "string") return schema;
  const table = patchMetaFor(schema);
  if (!table) throw new StrategicMergePatchError("Other", `no strategic merge patch metadata for kind ${JSON.stringify(schema)}`);
  return table;
}

/** JSON objects only: a strategic merge patch works on objects (upstream: ErrBadJSONDoc). */
function asObject(value: unknown): Obj {
  if (!isObj(value)) throw new StrategicMergePatchError("BadFormat", SMP_MESSAGES.badJsonDoc);
  return structuredClone(value);
}

/**
 * Applies a strategic merge patch to an object, as kube-apiserver does for a PATCH request. Does NOT modify `doc` or
 * `patch`.
 * @param doc the live object
 * @param patch the patch
 * @param kind the object's kind (which lists merge, by which key), or a metadata table
 * @returns the patched object (defaulting is the caller's next step, as upstream defaults after patching)
 * @throws StrategicMergePatchError for a malformed patch (400), a `$retainKeys` mismatch (422) or a missing merge key (500)
 * @example
 * applyStrategicMergePatch(
 *   { spec: { containers: [{ name: "a", image: "x:1" }, { name: "b", image: "y:1" }] } },
 *   { spec: { containers: [{ name: "b", image: "y:2" }] } },
 *   "Pod",
 * ) // => { spec: { containers: [{ name: "a", image: "x:1" }, { name: "b", image: "y:2" }] } }
 */
export function applyStrategicMergePatch<T extends object>(doc: T, patch: unknown, kind: PatchSchema): T {
  const table = tableOf(kind);
  return mergeMap(asObject(doc), asObject(patch), "", { table, serverSide: true }) as T;
}

/**
 * The strategic merge patch that turns `original` into `modified` (CreateTwoWayMergePatch): changes and additions,
 * deleted fields as null, removed list items as `$patch: delete` or `$deleteFromPrimitiveList`, `$setElementOrder`
 * for merged lists that changed. Does NOT modify its arguments.
 * @example createTwoWayMergePatch({ metadata: { labels: { a: "1" } } }, { metadata: { labels: { b: "2" } } }, "Pod")
 * // => { metadata: { labels: { a: null, b: "2" } } }
 */
export function createTwoWayMergePatch(original: unknown, modified: unknown, kind: PatchSchema): Record<string, unknown> {
  return diffMaps(asObject(original), asObject(modified), "", { table: tableOf(kind), setElementOrder: true });
}

/**
 * The patch `kubectl apply` sends (CreateThreeWayMergePatch): everything in which the live object differs from the
 * new manifest, except that fields are deleted only when the previous manifest had them and the new one has not.
 * Fields that others set (controllers, defaulting, `kubectl scale`) therefore stay. Does NOT modify its arguments.
 * @param original the last-applied configuration (the `kubectl.kubernetes.io/last-applied-configuration` annotation)
 * @param modified the new manifest
 * @param current the live object
 * @param kind the object's kind, or a metadata table
 * @example
 * createThreeWayMergePatch({ spec: { replicas: 2 } }, { spec: {} }, { spec: { replicas: 2, paused: false } }, "Deployment")
 * // => { spec: { replicas: null } }
 */
export function createThreeWayMergePatch(original: unknown, modified: unknown, current: unknown, kind: PatchSchema): Record<string, unknown> {
  const table = tableOf(kind);
  const [o, m, c] = [asObject(original ?? {}), asObject(modified ?? {}), asObject(current ?? {})];
  // Delta: current -> modified without deletions. Deletions: original -> modified, deletions only. The patch is the
  // deletions with the delta merged in, both halves' directives kept for the server.
  const delta = diffMaps(c, m, "", { table, ignoreDeletions: true, setElementOrder: true });
  const deletions = diffMaps(o, m, "", { table, ignoreChangesAndAdditions: true, setElementOrder: true });
  return mergeMap(structuredClone(deletions), structuredClone(delta), "", { table, serverSide: false });
}
