/**
 * Computing a strategic merge patch from two documents: what changed from `original` to `modified`, with merged
 * lists described item by item (`$patch: delete` for removed objects, `$deleteFromPrimitiveList` for removed
 * scalars, `$setElementOrder` for the new order) and `$retainKeys` where the metadata asks for it.
 *
 * Follows kubernetes/kubernetes staging/src/k8s.io/apimachinery/pkg/util/strategicpatch/patch.go: diffMaps,
 * handleMapDiff, handleSliceDiff, diffLists, diffListsOfMaps, diffListsOfScalars, and the DiffOptions that the
 * two-way and three-way patches set.
 */

import { deepEqual } from "../meta.ts";
import { StrategicMergePatchError } from "./errors.ts";
import type { PatchMetaTable } from "./patch-meta.ts";
import {
  DELETE_FROM_PRIMITIVE_LIST,
  DIRECTIVE,
  RETAIN_KEYS,
  SET_ELEMENT_ORDER,
  childPath,
  dedupeScalars,
  elementKind,
  isObj,
  metaAt,
  noMergeKey,
  normalizeSliceOrder,
  scalarString,
  sortScalars,
  typeOf,
  type Obj,
} from "./smp-shared.ts";

/** Which differences a diff reports (upstream's DiffOptions). */
export interface DiffOptions {
  readonly table: PatchMetaTable;
  /** Add `$setElementOrder/<list>` for merged lists whose content or order changed. */
  readonly setElementOrder?: boolean;
  /** Report only deletions (the "deletions" half of a three-way patch). */
  readonly ignoreChangesAndAdditions?: boolean;
  /** Report no deletions (the "delta" half of a three-way patch: fields others set stay). */
  readonly ignoreDeletions?: boolean;
  /** Set by the walk: the object being diffed has the retainKeys strategy. */
  readonly buildRetainKeys?: boolean;
}

/** The strategic merge patch that turns `original` into `modified` at `path`, under `opts` (diffMaps). */
export function diffMaps(original: Obj, modified: Obj, path: string, opts: DiffOptions): Obj {
  const patch: Obj = {};
  const retainKeys: string[] = [];
  for (const [key, value] of Object.entries(modified)) {
    if (opts.buildRetainKeys && value !== null) retainKeys.push(key);
    if (!(key in original)) {
      if (!opts.ignoreChangesAndAdditions) patch[key] = value;
      continue;
    }
    const old = original[key];
    if (key === DIRECTIVE) {
      if (typeof old !== "string" || typeof value !== "string") {
        throw new StrategicMergePatchError("Other", `invalid value for special key: ${DIRECTIVE}`);
      }
      if (old !== value) patch[key] = value;
      continue;
    }
    if (typeOf(old) !== typeOf(value)) {
      if (!opts.ignoreChangesAndAdditions) patch[key] = value;
    } else if (isObj(old) && isObj(value)) {
      diffChildMap(key, old, value, patch, path, opts);
    } else if (Array.isArray(old) && Array.isArray(value)) {
      diffChildList(key, old, value, patch, path, opts);
    } else {
      replaceIfNotEqual(key, old, value, patch, opts);
    }
  }
  if (!opts.ignoreDeletions) {
    // A key that modified dropped is deleted with null.
    for (const key of Object.keys(original)) if (!(key in modified)) patch[key] = null;
  }
  if (retainKeys.length > 0 && (Object.keys(patch).length > 0 || hasAdditionalField(original, modified))) {
    patch[RETAIN_KEYS] = sortScalars(retainKeys);
  }
  return patch;
}

/** Original has a non-null key modified lacks: `$retainKeys` is then needed even for an otherwise empty patch. */
const hasAdditionalField = (original: Obj, modified: Obj): boolean =>
  Object.entries(original).some(([k, v]) => v !== null && !(k in modified));

function replaceIfNotEqual(key: string, old: unknown, value: unknown, patch: Obj, opts: DiffOptions): void {
  if (!opts.ignoreChangesAndAdditions && !deepEqual(old, value)) patch[key] = value;
}

/** An object field: replaced whole under the replace strategy, else diffed recursively (handleMapDiff). */
function diffChildMap(key: string, old: Obj, value: Obj, patch: Obj, path: string, opts: DiffOptions): void {
  const at = childPath(path, key);
  const meta = metaAt(opts.table, at);
  if (meta.strategy === "replace") {
    if (!opts.ignoreChangesAndAdditions) patch[key] = value;
    return;
  }
  const sub = diffMaps(old, value, at, { ...opts, buildRetainKeys: meta.retainKeys === true });
  if (Object.keys(sub).length > 0) patch[key] = sub;
}

/** A list field: merged lists yield items plus parallel directive lists; other lists are replaced (handleSliceDiff). */
function diffChildList(key: string, old: unknown[], value: unknown[], patch: Obj, path: string, opts: DiffOptions): void {
  const at = childPath(path, key);
  const meta = metaAt(opts.table, at);
  if (meta.strategy !== "merge") {
    replaceIfNotEqual(key, old, value, patch, opts);
    return;
  }
  const { items, deleted, order } = diffLists(old, value, at, meta.mergeKey ?? "", { ...opts, buildRetainKeys: meta.retainKeys === true });
  if (items.length > 0) patch[key] = items;
  if (deleted.length > 0) patch[DELETE_FROM_PRIMITIVE_LIST + key] = deleted;
  if (order.length > 0) patch[SET_ELEMENT_ORDER + key] = order;
}

interface ListDiff {
  /** Changed and added items; for objects also `$patch: delete` items. */
  items: unknown[];
  /** Removed scalars (the `$deleteFromPrimitiveList` list). */
  deleted: unknown[];
  /** The `$setElementOrder` list, empty when not needed. */
  order: unknown[];
}

/** diffLists: the patch of one merged list. */
function diffLists(original: unknown[], modified: unknown[], path: string, mergeKey: string, opts: DiffOptions): ListDiff {
  if (original.length === 0) {
    const items = modified.length === 0 || opts.ignoreChangesAndAdditions ? [] : modified;
    return { items, deleted: [], order: [] };
  }
  if (elementKind(original, modified) === "map") return diffObjectList(original, modified, path, mergeKey, opts);
  const [added, deleted] = diffScalarLists(original, modified, opts);
  const changed = (!opts.ignoreDeletions && deleted.length > 0) || (!opts.ignoreChangesAndAdditions && !deepEqual(original, modified));
  return { items: normalizeSliceOrder(added, modified, ""), deleted, order: opts.setElementOrder && changed ? modified : [] };
}

/** A list of objects: changes and additions in modified's order, then deletions; the order list when anything moved. */
function diffObjectList(original: unknown[], modified: unknown[], path: string, mergeKey: string, opts: DiffOptions): ListDiff {
  const [changes, deletions] = diffListsOfMaps(original, modified, path, mergeKey, opts);
  const items = [...normalizeSliceOrder(changes, modified, mergeKey), ...deletions];
  const orderSame = original.length === modified.length && original.every((v, i) => keyOf(v, mergeKey) === keyOf(modified[i], mergeKey));
  const wanted =
    opts.setElementOrder &&
    ((!opts.ignoreChangesAndAdditions && (items.length > 0 || !orderSame)) || (!opts.ignoreDeletions && items.length > 0));
  const order = wanted ? modified.map((v) => ({ [mergeKey]: keyOf(v, mergeKey) })) : [];
  return { items, deleted: [], order };
}

function keyOf(item: unknown, mergeKey: string): unknown {
  if (!isObj(item) || !(mergeKey in item)) throw noMergeKey(item, mergeKey);
  return item[mergeKey];
}

/** Sorted by merge key as upstream sorts them (by the printed key), so both lists can be walked in step. */
const sortedByKey = (list: readonly unknown[], mergeKey: string): Obj[] =>
  list
    .map((v) => {
      keyOf(v, mergeKey);
      return v as Obj;
    })
    .sort((a, b) => compareStrings(scalarString(a[mergeKey]), scalarString(b[mergeKey])));

const compareStrings = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** diffListsOfMaps: walks both lists sorted by key; matches recurse, extras are additions or `$patch: delete` items. */
function diffListsOfMaps(original: unknown[], modified: unknown[], path: string, mergeKey: string, opts: DiffOptions): [Obj[], Obj[]] {
  const [a, b] = [sortedByKey(original, mergeKey), sortedByKey(modified, mergeKey)];
  const changes: Obj[] = [];
  const deletions: Obj[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const cmp = i >= a.length ? 1 : j >= b.length ? -1 : compareStrings(scalarString(a[i]![mergeKey]), scalarString(b[j]![mergeKey]));
    if (cmp === 0) {
      const sub = diffMaps(a[i]!, b[j]!, path, opts);
      if (Object.keys(sub).length > 0) changes.push({ ...sub, [mergeKey]: b[j]![mergeKey] });
      i++;
      j++;
    } else if (cmp > 0) {
      if (!opts.ignoreChangesAndAdditions) changes.push(b[j]!);
      j++;
    } else {
      if (!opts.ignoreDeletions) deletions.push({ [mergeKey]: a[i]![mergeKey], [DIRECTIVE]: "delete" });
      i++;
    }
  }
  return [changes, deletions];
}

/** diffListsOfScalars: the added and the removed values (removed ones once each). */
function diffScalarLists(original: unknown[], modified: unknown[], opts: DiffOptions): [unknown[], unknown[]] {
  const [a, b] = [sortScalars(original), sortScalars(modified)];
  const added: unknown[] = [];
  const deleted: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const cmp = i >= a.length ? 1 : j >= b.length ? -1 : compareStrings(scalarString(a[i]), scalarString(b[j]));
    if (cmp === 0) {
      i++;
      j++;
    } else if (cmp > 0) {
      if (!opts.ignoreChangesAndAdditions) added.push(b[j]);
      j++;
    } else {
      if (!opts.ignoreDeletions) deleted.push(a[i]);
      i++;
    }
  }
  return [added, dedupeScalars(deleted)];
}
