/**
 * What the strategic-merge-patch merge (smp-merge.ts) and diff (smp-diff.ts) share: the directive names, the
 * field-path walk over the patch metadata table, and the list-ordering rules.
 *
 * Follows kubernetes/kubernetes staging/src/k8s.io/apimachinery/pkg/util/strategicpatch/patch.go
 * (normalizeElementOrder, normalizeSliceOrder, mergeSortedSlice, sortScalars) and the ordering design in
 * community/contributors/design-proposals/cli/preserve-order-in-strategic-merge-patch.md.
 */

import { SMP_MESSAGES, StrategicMergePatchError } from "./errors.ts";
import type { FieldPatchMeta, PatchMetaTable } from "./patch-meta.ts";

export type Obj = Record<string, unknown>;

export const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

export const DIRECTIVE = "$patch";
export const RETAIN_KEYS = "$retainKeys";
export const SET_ELEMENT_ORDER = "$setElementOrder/";
export const DELETE_FROM_PRIMITIVE_LIST = "$deleteFromPrimitiveList/";

/** The path of field `key` under `path` ("" at the root); list items share their list's path. */
export const childPath = (path: string, key: string): string => (path ? `${path}.${key}` : key);

/** The metadata of the field at `path`; none means "objects merge, lists are replaced". */
export const metaAt = (table: PatchMetaTable, path: string): FieldPatchMeta => table[path] ?? {};

/** Go's reflect kinds as far as the algorithm cares: a null, an object, a list, or a scalar of one JSON type. */
export function typeOf(v: unknown): string {
  if (v === null || v === undefined) return "null";
  if (Array.isArray(v)) return "list";
  return typeof v === "object" ? "map" : typeof v;
}

/** How Go's `%v` prints a merge key or scalar, which is what upstream sorts and compares lists by. */
export const scalarString = (v: unknown): string => (typeof v === "string" ? v : JSON.stringify(v));

/** `map: {...} does not contain declared merge key: name`, upstream's ErrNoMergeKey (a 500 on the server). */
export function noMergeKey(item: unknown, mergeKey: string): StrategicMergePatchError {
  return new StrategicMergePatchError("Other", `map: ${JSON.stringify(item)} does not contain declared merge key: ${mergeKey}`);
}

/**
 * Whether a list holds objects or scalars, checked across all the lists given (upstream's sliceElementType):
 * lists of lists are refused (422) and mixed element types are an error.
 */
export function elementKind(...lists: readonly unknown[][]): "map" | "scalar" | "empty" {
  let kind: string | undefined;
  for (const list of lists) {
    for (const v of list) {
      const t = typeOf(v);
      if (t === "list") throw new StrategicMergePatchError("Unprocessable", SMP_MESSAGES.noListOfLists);
      if (kind !== undefined && kind !== t) {
        throw new StrategicMergePatchError("Other", `list element types are not identical: ${JSON.stringify(lists)}`);
      }
      kind = t;
    }
  }
  if (kind === undefined) return "empty";
  return kind === "map" ? "map" : "scalar";
}

/** The identity an item has in a list: its merge key's value for objects, the value itself for scalars. */
export const identity = (item: unknown, mergeKey: string): unknown => (mergeKey && isObj(item) ? item[mergeKey] : item);

/** Index of `item` in `list` by identity, or -1. */
export function indexIn(list: readonly unknown[], item: unknown, mergeKey: string): number {
  const id = identity(item, mergeKey);
  return list.findIndex((v) => identity(v, mergeKey) === id);
}

/** Items with `$patch: delete`, which upstream keeps at the end of a sorted list. */
const isDeleteItem = (v: unknown): boolean => isObj(v) && v[DIRECTIVE] === "delete";

/**
 * Sorts `toSort` by the positions its items have in `order` (normalizeSliceOrder). Items of an object list must carry
 * the merge key; deletion directives move to the end; items `order` lacks keep their relative order after the rest.
 */
export function normalizeSliceOrder(toSort: readonly unknown[], order: readonly unknown[], mergeKey: string): unknown[] {
  if (mergeKey) {
    for (const v of [...toSort, ...order]) {
      if (!isObj(v) || !(mergeKey in v)) throw noMergeKey(v, mergeKey);
    }
  }
  const toDelete = mergeKey ? toSort.filter(isDeleteItem) : [];
  const kept = mergeKey ? toSort.filter((v) => !isDeleteItem(v)) : [...toSort];
  const rank = (v: unknown): number => {
    const i = indexIn(order, v, mergeKey);
    return i < 0 ? Number.MAX_SAFE_INTEGER : i;
  };
  return [...kept.sort((a, b) => rank(a) - rank(b)), ...toDelete];
}

/**
 * Interleaves the server-only items (`left`) into the patch's items (`right`), both already sorted, keeping each
 * side's relative order (mergeSortedSlice): a server item goes first only when both items appear in the live list
 * and it comes before there; otherwise the patch's item goes first.
 */
export function mergeSortedSlice(left: readonly unknown[], right: readonly unknown[], serverOrder: readonly unknown[], mergeKey: string): unknown[] {
  const out: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    if (j >= right.length) out.push(left[i++]);
    else if (i >= left.length) out.push(right[j++]);
    else {
      const li = indexIn(serverOrder, left[i], mergeKey);
      const ri = indexIn(serverOrder, right[j], mergeKey);
      if (li >= 0 && ri >= 0 && li < ri) out.push(left[i++]);
      else out.push(right[j++]);
    }
  }
  return out;
}

/**
 * The order of a merged list: the patch's items in `patchOrder`, the server-only items in `serverOrder`, interleaved
 * (normalizeElementOrder). Precedence: `$setElementOrder` > order in the patch > order in the live list.
 */
export function normalizeElementOrder(
  patchItems: readonly unknown[],
  serverOnly: readonly unknown[],
  patchOrder: readonly unknown[],
  serverOrder: readonly unknown[],
  mergeKey: string,
): unknown[] {
  const patchSorted = normalizeSliceOrder(patchItems, patchOrder, mergeKey);
  const serverSorted = normalizeSliceOrder(serverOnly, serverOrder, mergeKey);
  return mergeSortedSlice(serverSorted, patchSorted, serverOrder, mergeKey);
}

/** Splits `merged` into the items `partitionBy` names and the rest, keeping order. */
export function partition(merged: readonly unknown[], partitionBy: readonly unknown[], mergeKey: string): [unknown[], unknown[]] {
  if (mergeKey) {
    for (const v of merged) if (!isObj(v) || !(mergeKey in v)) throw noMergeKey(v, mergeKey);
  }
  const inPatch = merged.filter((v) => indexIn(partitionBy, v, mergeKey) >= 0);
  const serverOnly = merged.filter((v) => indexIn(partitionBy, v, mergeKey) < 0);
  return [inPatch, serverOnly];
}

/** Scalars sorted by their printed form, as upstream's sortScalars (used for `$retainKeys` and deletion lists). */
export function sortScalars(list: readonly unknown[]): unknown[] {
  return [...list].sort((a, b) => (scalarString(a) < scalarString(b) ? -1 : scalarString(a) > scalarString(b) ? 1 : 0));
}

/** Scalars without repeats, first occurrence kept. */
export const dedupeScalars = (list: readonly unknown[]): unknown[] => [...new Set(list)];
