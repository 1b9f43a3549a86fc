/**
 * Applying a strategic merge patch: a JSON merge patch whose lists merge item by item where the patch metadata says
 * so, with directives: `$patch: replace|delete` in an object or list item, `$setElementOrder/<list>`,
 * `$deleteFromPrimitiveList/<list>`, `$retainKeys`, and `null` to delete a field.
 *
 * Follows kubernetes/kubernetes staging/src/k8s.io/apimachinery/pkg/util/strategicpatch/patch.go: mergeMap,
 * mergePatchIntoOriginal, applyRetainKeysDirective, mergeSlice, mergeSliceWithSpecialElements. The same merge also
 * combines the two halves of a three-way patch (smp-diff.ts), where `serverSide` is false: directives are then kept
 * for the server instead of carried out.
 *
 * Where upstream copies a patch value into the object verbatim, directives and all, and relies on decoding into a Go
 * struct to drop the `$` keys, we merge the value into an empty object or list instead: the same result without the
 * typed round trip (and `$patch: delete` items or a deletion list for a list the object lacks add nothing).
 */

import { SMP_MESSAGES, StrategicMergePatchError } from "./errors.ts";
import type { PatchMetaTable } from "./patch-meta.ts";
import {
  DELETE_FROM_PRIMITIVE_LIST,
  DIRECTIVE,
  RETAIN_KEYS,
  SET_ELEMENT_ORDER,
  childPath,
  dedupeScalars,
  elementKind,
  indexIn,
  isObj,
  metaAt,
  noMergeKey,
  normalizeElementOrder,
  partition,
  typeOf,
  type Obj,
} from "./smp-shared.ts";

/** How a merge runs: applying a patch on the server, or combining patches on the client (three-way). */
export interface MergeContext {
  readonly table: PatchMetaTable;
  /** True when applying to an object: carry out `$deleteFromPrimitiveList` and `$retainKeys`, drop unmatched nulls. */
  readonly serverSide: boolean;
}

/**
 * Merges `patch` into `original` at `path` and returns the result. Both must be copies the caller owns: they are
 * changed in place.
 */
export function mergeMap(original: Obj | undefined, patch: Obj, path: string, ctx: MergeContext): Obj {
  if (DIRECTIVE in patch) return mapDirective(patch, path, ctx);
  const target = original ?? {};
  applyRetainKeys(target, patch, ctx);
  mergeOrderedLists(target, patch, path, ctx);
  const deletions: [string, unknown][] = [];
  for (const [key, value] of Object.entries(patch)) {
    if (key.startsWith(DELETE_FROM_PRIMITIVE_LIST)) deletions.push([key, value]);
    else mergeField(target, key, value, path, ctx);
  }
  // Deletions run after additions, so a patch that adds and removes in one list ends without what it removed.
  for (const [key, value] of deletions) deleteFromPrimitiveList(target, key, value, ctx);
  return target;
}

/** `$patch` in an object: `replace` makes the patch the whole object, `delete` empties it (handleDirectiveInMergeMap). */
function mapDirective(patch: Obj, path: string, ctx: MergeContext): Obj {
  const directive = patch[DIRECTIVE];
  if (directive === "replace") {
    delete patch[DIRECTIVE];
    return ctx.serverSide ? mergeMap({}, patch, path, ctx) : patch;
  }
  if (directive === "delete") return {};
  throw new StrategicMergePatchError("Other", `unknown patch type: ${String(directive)} in map: ${JSON.stringify(patch)}`);
}

/** One key of the patch into the object: null deletes, new keys are added, objects and lists merge by metadata. */
function mergeField(target: Obj, key: string, value: unknown, path: string, ctx: MergeContext): void {
  const at = childPath(path, key);
  if (value === null) {
    delete target[key];
    // Client-side, the null stays in the patch: it is how the server learns to delete the field.
    if (!ctx.serverSide) target[key] = null;
    return;
  }
  const current = target[key];
  if (!(key in target) || typeOf(current) !== typeOf(value)) {
    target[key] = ctx.serverSide ? fresh(value, at, ctx) : value;
    return;
  }
  const meta = metaAt(ctx.table, at);
  if (isObj(current) && isObj(value)) {
    target[key] = meta.strategy === "replace" ? value : mergeMap(current, value, at, ctx);
  } else if (Array.isArray(current) && Array.isArray(value)) {
    target[key] = meta.strategy === "merge" ? mergeList(current, value, at, ctx) : value;
  } else {
    target[key] = value;
  }
}

/** A patch value for a field the object lacks, with its directives carried out against nothing. */
function fresh(value: unknown, path: string, ctx: MergeContext): unknown {
  if (isObj(value)) return metaAt(ctx.table, path).strategy === "replace" ? value : mergeMap({}, value, path, ctx);
  if (Array.isArray(value) && metaAt(ctx.table, path).strategy === "merge") return mergeList([], value, path, ctx);
  return value;
}

/**
 * `$retainKeys: [a, b]`: on the server, every other key of the object is cleared before merging, and the patch may
 * set only listed keys; client-side the directive is carried along (both halves of a three-way patch must agree).
 */
function applyRetainKeys(target: Obj, patch: Obj, ctx: MergeContext): void {
  if (!(RETAIN_KEYS in patch)) return;
  const retain = patch[RETAIN_KEYS];
  delete patch[RETAIN_KEYS];
  if (!ctx.serverSide) {
    if (RETAIN_KEYS in target && JSON.stringify(target[RETAIN_KEYS]) !== JSON.stringify(retain)) {
      throw new StrategicMergePatchError("Other", `${JSON.stringify(target[RETAIN_KEYS])} and ${JSON.stringify(retain)} are not deep equal: this may happen when calculating the 3-way diff patch`);
    }
    target[RETAIN_KEYS] = retain;
    return;
  }
  if (!Array.isArray(retain)) throw new StrategicMergePatchError("BadFormat", SMP_MESSAGES.badRetainKeys);
  const keep = new Set(retain);
  for (const [key, value] of Object.entries(patch)) {
    const directive = key.startsWith(DELETE_FROM_PRIMITIVE_LIST) || key.startsWith(SET_ELEMENT_ORDER);
    if (value !== null && !directive && !keep.has(key)) {
      throw new StrategicMergePatchError("Unprocessable", SMP_MESSAGES.notMatchRetainKeys);
    }
  }
  for (const key of Object.keys(target)) if (!keep.has(key)) delete target[key];
}

/** The list a `$setElementOrder/<list>` or `$deleteFromPrimitiveList/<list>` key names. */
function listKeyOf(key: string, prefix: string, message: string): string {
  const rest = key.slice(prefix.length);
  if (!key.startsWith(prefix) || rest === "") throw new StrategicMergePatchError("BadFormat", message);
  return rest;
}

/**
 * Each `$setElementOrder/<list>` with its list (mergePatchIntoOriginal): merge the list, then order the result so
 * that the listed items come in the listed order and the server's other items keep their places among them.
 */
function mergeOrderedLists(target: Obj, patch: Obj, path: string, ctx: MergeContext): void {
  for (const key of Object.keys(patch)) {
    if (!key.startsWith(SET_ELEMENT_ORDER)) continue;
    const order = patch[key];
    delete patch[key];
    if (!ctx.serverSide) {
      if (key in target && JSON.stringify(target[key]) !== JSON.stringify(order)) {
        throw new StrategicMergePatchError("BadFormat", SMP_MESSAGES.badSetElementOrder);
      }
      target[key] = order;
    }
    if (!Array.isArray(order)) throw new StrategicMergePatchError("BadFormat", SMP_MESSAGES.badSetElementOrder);
    const listKey = listKeyOf(key, SET_ELEMENT_ORDER, SMP_MESSAGES.badSetElementOrder);
    const at = childPath(path, listKey);
    const meta = metaAt(ctx.table, at);
    const mergeKey = meta.mergeKey ?? "";
    const original = asList(target[listKey], listKey in target);
    const patchList = asList(patch[listKey], listKey in patch);
    if (original === undefined && patchList === undefined) continue;
    validateAgainstOrder(patchList ?? [], order, mergeKey);
    let merged: unknown[];
    if (patchList === undefined) merged = original!;
    else if (original === undefined && !ctx.serverSide) merged = patchList;
    else merged = meta.strategy === "merge" ? mergeList(original ?? [], patchList, at, ctx) : patchList;
    const [patchItems, serverOnly] = partition(merged, order, mergeKey);
    target[listKey] = normalizeElementOrder(patchItems, serverOnly, order, original ?? [], mergeKey);
    delete patch[listKey];
  }
}

/** A field's value as a list, undefined when absent; anything else is a malformed patch. */
function asList(value: unknown, present: boolean): unknown[] | undefined {
  if (!present) return undefined;
  if (!Array.isArray(value)) throw new StrategicMergePatchError("Other", `expected a []interface {}, but received a ${typeOf(value)}`);
  return value;
}

/**
 * The patch's items must appear in `$setElementOrder` and in the same relative order (validatePatchWithSetOrderList);
 * items with a `$patch` directive are exempt.
 */
function validateAgainstOrder(patchList: readonly unknown[], order: readonly unknown[], mergeKey: string): void {
  const items = patchList.filter((v) => !(isObj(v) && DIRECTIVE in v));
  let o = 0;
  for (const item of items) {
    while (o < order.length && indexIn([order[o]], item, mergeKey) < 0) o++;
    if (o >= order.length) {
      throw new StrategicMergePatchError("Other", `The order in patch list:\n${JSON.stringify(patchList)}\n doesn't match $setElementOrder list:\n${JSON.stringify(order)}\n`);
    }
    o++;
  }
}

/** `$deleteFromPrimitiveList/<list>: [values]`: on the server, removes every occurrence of the values. */
function deleteFromPrimitiveList(target: Obj, key: string, values: unknown, ctx: MergeContext): void {
  if (!ctx.serverSide) {
    target[key] = values;
    return;
  }
  const listKey = listKeyOf(key, DELETE_FROM_PRIMITIVE_LIST, SMP_MESSAGES.badPrimitiveList);
  if (!Array.isArray(values)) throw new StrategicMergePatchError("BadFormat", SMP_MESSAGES.badPrimitiveList);
  const current = target[listKey];
  if (Array.isArray(current)) target[listKey] = current.filter((v) => !values.includes(v));
}

/**
 * Merges two lists of a `merge` field (mergeSlice): scalars as a set, objects by merge key after the patch's
 * `$patch` items are carried out; then orders the result (the patch's order, the server's other items in between).
 */
export function mergeList(original: unknown[], patch: unknown[], path: string, ctx: MergeContext): unknown[] {
  if (original.length === 0 && patch.length === 0) return original;
  const mergeKey = metaAt(ctx.table, path).mergeKey ?? "";
  const kind = elementKind(original, patch);
  if (kind !== "map") {
    const merged = dedupeScalars([...original, ...patch]);
    const [patchItems, serverOnly] = partition(merged, patch, "");
    return normalizeElementOrder(patchItems, serverOnly, patch, original, "");
  }
  if (!mergeKey) throw new StrategicMergePatchError("Other", "cannot merge lists without merge key for type map");
  const special = carryOutItemDirectives(original, patch, mergeKey);
  const base = special.replaceWith ?? special.original;
  const items = special.replaceWith ? [] : special.patch;
  const merged = mergeItems(base, items, path, mergeKey, ctx);
  const [patchItems, serverOnly] = partition(merged, items, mergeKey);
  return normalizeElementOrder(patchItems, serverOnly, items, base, mergeKey);
}

/**
 * `$patch` in list items (mergeSliceWithSpecialElements): `delete` removes every item with that key, `replace`
 * makes the patch's other items the whole list; `merge` is refused, as upstream refuses it.
 */
function carryOutItemDirectives(
  original: readonly unknown[],
  patch: readonly unknown[],
  mergeKey: string,
): { original: unknown[]; patch: unknown[]; replaceWith?: unknown[] } {
  let remaining = [...original];
  const plain: unknown[] = [];
  let replace = false;
  for (const item of patch) {
    if (!isObj(item) || !(DIRECTIVE in item)) {
      plain.push(item);
      continue;
    }
    const directive = item[DIRECTIVE];
    if (directive === "delete") {
      if (!(mergeKey in item)) throw noMergeKey(item, mergeKey);
      remaining = remaining.filter((v) => !(isObj(v) && v[mergeKey] === item[mergeKey]));
    } else if (directive === "replace") {
      replace = true;
    } else if (directive === "merge") {
      throw new StrategicMergePatchError("Other", "merging lists cannot yet be specified in the patch");
    } else {
      throw new StrategicMergePatchError("Other", `unknown patch type: ${String(directive)} in map: ${JSON.stringify(item)}`);
    }
  }
  return replace ? { original: remaining, patch: [], replaceWith: plain } : { original: remaining, patch: plain };
}

/** Each patch item merges into the item with the same key, or is appended (mergeSliceWithoutSpecialElements). */
function mergeItems(base: unknown[], items: readonly unknown[], path: string, mergeKey: string, ctx: MergeContext): unknown[] {
  const out = [...base];
  for (const item of items) {
    if (!isObj(item) || !(mergeKey in item)) throw noMergeKey(item, mergeKey);
    const i = out.findIndex((v) => isObj(v) && v[mergeKey] === item[mergeKey]);
    if (i >= 0) out[i] = mergeMap(out[i] as Obj, item, path, ctx);
    else out.push(ctx.serverSide ? mergeMap({}, item, path, ctx) : item);
  }
  return out;
}
