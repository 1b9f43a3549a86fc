/**
 * Server-side apply and field ownership (`metadata.managedFields`), as pure functions over plain objects.
 *
 * Every write records who set which field. An object's fields are a *field set*: the paths of its leaf values, plus
 * one path per item of a keyed list. A manager (kubectl, a controller) owns a set per (manager, operation,
 * apiVersion, subresource); the sets are stored in `metadata.managedFields` as `fieldsV1` trees:
 *
 *   f:spec:                       the field `spec` (not itself owned: it has no "." child)
 *     f:replicas: {}              a leaf: `.spec.replicas` is owned
 *     f:template: ... f:containers:
 *       k:{"name":"web"}:         the item of a keyed list whose merge key `name` is "web"
 *         .: {}                   the item itself is owned
 *         f:image: {}
 *
 * Two kinds of write (upstream: the "Update" and "Apply" operations):
 * - An update (create, PUT, JSON/merge/strategic patch, the scale subresource) never fails for ownership: the writer
 *   takes the fields it added or changed, every other manager loses them, and removed fields leave every set
 *   (`recordUpdate`).
 * - An apply (`PATCH` with `application/apply-patch+yaml`) sends the writer's whole intent. Its field set *replaces*
 *   the applier's previous set. It is merged into the live object; changing a value that another manager owns is a
 *   conflict (409) unless forced, which moves the field to the applier; fields the applier set before, no longer
 *   sets, and nobody else owns are removed (`serverSideApply`).
 *
 * Simplifications, kept on purpose: lists are keyed by the `+listMapKey` tags of patch-meta.ts (its merge key, or
 * the keys listed where there are more, such as containerPort and protocol, with protocol's default TCP filled in
 * when an item leaves it out, as structured-merge-diff does with a key field's schema default); every other list of
 * objects is atomic (one leaf); lists of scalars with a merge strategy (finalizers) are sets (`v:` items); structs and maps
 * are not told apart (upstream marks some maps, such as labels, with "." too). Status and server-set metadata are
 * never owned. Whose entries an update starts from (the request's or the live object's) is the caller's choice.
 *
 * Follows staging/src/k8s.io/apimachinery/pkg/util/managedfields (internal/structuredmerge.go, fieldmanager.go,
 * stripmeta.go for the fields nobody owns, conflict.go for the 409 message, managedfields.go
 * BuildManagerIdentifier: the time is not part of a manager's identity, nor an applier's apiVersion),
 * sigs.k8s.io/structured-merge-diff (fieldpath's path syntax `.spec.containers[name="web"].image`, merge.Updater)
 * and kubernetes.io "Server-Side Apply" (conflicts, forcing, shared ownership of equal values, field removal).
 */

import { ApiError } from "../errors.ts";
import { deepClone, deepEqual } from "../meta.ts";
import { patchMetaFor, type PatchMetaTable } from "./patch-meta.ts";

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

/** A fieldsV1 tree: `{"f:spec": {"f:replicas": {}}}`. */
export type FieldsV1 = { [element: string]: FieldsV1 };

/** One entry of `metadata.managedFields` (metav1.ManagedFieldsEntry). */
export interface ManagedFieldsEntry {
  manager: string;
  operation: "Apply" | "Update";
  apiVersion: string;
  /** RFC 3339; when the manager last changed its set. */
  time?: string;
  fieldsType: "FieldsV1";
  fieldsV1: FieldsV1;
  /** `scale`, `status`; absent for the main resource. */
  subresource?: string;
}

/**
 * A field set: each path is a list of fieldsV1 elements (`f:spec`, `k:{"name":"web"}`, `v:"x"`), stored as the
 * JSON of that list so that a JS Set compares paths by value.
 */
export type FieldSet = Set<string>;
type Path = string[];

const key = (path: Path): string => JSON.stringify(path);
const unkey = (k: string): Path => JSON.parse(k) as Path;

/** Top-level fields and metadata fields that no manager ever owns (upstream's stripmeta.go, plus status). */
const STRIPPED_TOP = new Set(["apiVersion", "kind", "status"]);
const STRIPPED_META = new Set([
  "name", "namespace", "uid", "resourceVersion", "generation", "creationTimestamp", "selfLink", "managedFields",
  "deletionTimestamp", "deletionGracePeriodSeconds",
]);

/** The metadata-table path (`spec.template.spec.containers`) of a field path: list items add nothing. */
const metaPathOf = (path: Path): string =>
  path.filter((e) => e.startsWith("f:")).map((e) => e.slice(2)).join(".");

type Keyed = { keyed: readonly string[] };

/** How a list at `metaPath` is owned: item by item on its keys, as a set of scalars, or as one atomic leaf. */
function listKind(table: PatchMetaTable, metaPath: string): Keyed | "set" | "atomic" {
  const meta = table[metaPath];
  if (meta?.strategy !== "merge") return "atomic";
  return meta.mergeKey ? { keyed: meta.listMapKeys ?? [meta.mergeKey] } : "set";
}

/** The schema defaults of key fields (`+default="TCP"` on a port's protocol): an item without one is keyed by it. */
const KEY_DEFAULTS: Readonly<Record<string, unknown>> = { protocol: "TCP" };
const keyValue = (item: Obj, field: string): unknown => item[field] ?? KEY_DEFAULTS[field] ?? null;

const tableFor = (kind: string): PatchMetaTable => patchMetaFor(kind) ?? {};

/** The fieldsV1 element naming a list item: `k:{"name":"web"}`, `k:{"containerPort":80,"protocol":"TCP"}` or `v:"x"`. */
function itemElement(item: unknown, how: Keyed | "set"): string {
  if (how === "set") return `v:${JSON.stringify(item)}`;
  // Key fields in name order, as structured-merge-diff writes them.
  const fields = [...how.keyed].sort().map((field) => [field, isObj(item) ? keyValue(item, field) : null]);
  return `k:${JSON.stringify(Object.fromEntries(fields))}`;
}

/**
 * The field set of an object: every leaf value's path and every keyed (or set) list item's path. Status and the
 * server's metadata are left out.
 * @example fieldSet({ spec: { replicas: 2 } }, "Deployment") // => Set { '["f:spec","f:replicas"]' }
 */
export function fieldSet(obj: unknown, kind: string): FieldSet {
  const set: FieldSet = new Set();
  const table = tableFor(kind);
  const walk = (value: Obj, path: Path): void => {
    for (const [name, v] of Object.entries(value)) {
      if (v === undefined) continue;
      if (path.length === 0 && STRIPPED_TOP.has(name)) continue;
      if (path.length === 1 && path[0] === "f:metadata" && STRIPPED_META.has(name)) continue;
      const child = [...path, `f:${name}`];
      if (isObj(v) && Object.keys(v).length > 0) {
        walk(v, child);
      } else if (Array.isArray(v) && v.length > 0 && listKind(table, metaPathOf(child)) !== "atomic") {
        const how = listKind(table, metaPathOf(child)) as Keyed | "set";
        for (const item of v) {
          const itemPath = [...child, itemElement(item, how)];
          set.add(key(itemPath));
          if (how !== "set" && isObj(item)) walk(item, itemPath);
        }
      } else {
        set.add(key(child)); // a scalar, an atomic list, an empty object or list
      }
    }
  };
  if (isObj(obj)) walk(obj, []);
  return set;
}

/** A field set as a fieldsV1 tree; a path that is both in the set and has children gets a "." child. */
export function toFieldsV1(set: FieldSet): FieldsV1 {
  const root: FieldsV1 = {};
  for (const k of [...set].sort()) {
    let node = root;
    for (const e of unkey(k)) node = node[e] ??= {};
  }
  // Mark the paths that are in the set but also have children (list items, mostly).
  for (const k of set) {
    let node = root;
    for (const e of unkey(k)) node = node[e]!;
    if (Object.keys(node).length > 0) node["."] = {};
  }
  return root;
}

/** A fieldsV1 tree back as a field set. */
export function fromFieldsV1(tree: FieldsV1 | undefined): FieldSet {
  const set: FieldSet = new Set();
  const walk = (node: FieldsV1, path: Path): void => {
    for (const [e, child] of Object.entries(node)) {
      if (e === ".") set.add(key(path));
      else if (Object.keys(child).length === 0) set.add(key([...path, e]));
      else walk(child, [...path, e]);
    }
  };
  if (isObj(tree)) walk(tree, []);
  return set;
}

/**
 * A path as upstream prints it in a conflict (fieldpath.Path.String).
 * @example pathString('["f:spec","f:template","f:spec","f:containers","k:{\\"name\\":\\"web\\"}","f:image"]')
 *   // => '.spec.template.spec.containers[name="web"].image'
 */
export function pathString(k: string): string {
  return unkey(k)
    .map((e) => {
      if (e.startsWith("f:")) return `.${e.slice(2)}`;
      if (e.startsWith("v:")) return `[=${e.slice(2)}]`;
      if (e.startsWith("i:")) return `[${e.slice(2)}]`;
      const fields = JSON.parse(e.slice(2)) as Obj;
      return `[${Object.entries(fields).map(([n, v]) => `${n}=${JSON.stringify(v)}`).join(",")}]`;
    })
    .join("");
}

/** The value at a path, or `found: false`. */
function valueAt(obj: unknown, path: Path): { found: boolean; value?: unknown } {
  let cur: unknown = obj;
  for (const e of path) {
    if (e.startsWith("f:")) {
      if (!isObj(cur) || !Object.hasOwn(cur, e.slice(2)) || cur[e.slice(2)] === undefined) return { found: false };
      cur = cur[e.slice(2)];
    } else {
      if (!Array.isArray(cur)) return { found: false };
      const match = itemMatcher(e);
      const item = cur.find(match);
      if (item === undefined) return { found: false };
      cur = item;
    }
  }
  return { found: true, value: cur };
}

/** Whether a list item is the one a `k:` or `v:` element names. */
function itemMatcher(e: string): (item: unknown) => boolean {
  const spec = JSON.parse(e.slice(2)) as unknown;
  if (e.startsWith("v:")) return (item) => deepEqual(item, spec);
  return (item) => isObj(item) && Object.entries(spec as Obj).every(([n, v]) => deepEqual(keyValue(item, n), v));
}

/** Whether `a` and `b` differ at a path: a list item by existence, a leaf by value. */
function differsAt(a: unknown, b: unknown, k: string): boolean {
  const path = unkey(k);
  const x = valueAt(a, path);
  const y = valueAt(b, path);
  if (x.found !== y.found) return true;
  return path.at(-1)!.startsWith("f:") && !deepEqual(x.value, y.value);
}

/**
 * Merges an applied configuration into the live object (structured-merge-diff's merge): objects key by key, keyed
 * lists item by item (live order, new items appended), set lists as unions, everything else replaced by the applied
 * value. A null in the applied configuration removes the field. Does NOT modify its inputs.
 */
export function mergeApplied(live: unknown, applied: unknown, kind: string): unknown {
  const table = tableFor(kind);
  const merge = (l: unknown, a: unknown, metaPath: string): unknown => {
    if (isObj(l) && isObj(a)) {
      const out = deepClone(l) as Obj;
      for (const [name, v] of Object.entries(a)) {
        if (v === undefined) continue;
        if (v === null) delete out[name];
        else out[name] = merge(l[name], v, metaPath ? `${metaPath}.${name}` : name);
      }
      return out;
    }
    const how = listKind(table, metaPath);
    if (Array.isArray(l) && Array.isArray(a) && how !== "atomic") {
      const element = (item: unknown) => itemElement(item, how);
      const fromApplied = new Map(a.map((item) => [element(item), item]));
      const out = l.map((item) => (fromApplied.has(element(item)) ? merge(item, fromApplied.get(element(item)), metaPath) : deepClone(item)));
      const inLive = new Set(l.map(element));
      for (const item of a) if (!inLive.has(element(item))) out.push(deepClone(item));
      return out;
    }
    return deepClone(a);
  };
  return merge(live, applied, "");
}

/** Removes the value at `path` from `obj` (in place); then drops objects and lists left empty, up to `keep`. */
function removeAt(obj: Obj, path: Path, keep: (k: string) => boolean): void {
  const parentPath = path.slice(0, -1);
  const parent = valueAt(obj, parentPath);
  if (!parent.found) return;
  const last = path.at(-1)!;
  if (last.startsWith("f:") && isObj(parent.value)) delete parent.value[last.slice(2)];
  else if (Array.isArray(parent.value)) {
    const i = parent.value.findIndex(itemMatcher(last));
    if (i >= 0) parent.value.splice(i, 1);
  }
  // An object or list this removal left empty goes too, unless someone owns it or it is the root or metadata.
  const v = parent.value;
  const empty = (isObj(v) && Object.keys(v).length === 0) || (Array.isArray(v) && v.length === 0);
  if (empty && parentPath.length > 0 && key(parentPath) !== key(["f:metadata"]) && !keep(key(parentPath))) removeAt(obj, parentPath, keep);
}

/** One field owned by another manager that the apply would change. */
export interface ApplyConflict {
  /** The other manager's identity as printed: `"kubectl" with subresource "scale" using apps/v1`. */
  manager: string;
  /** `.spec.replicas` */
  field: string;
}

/** How conflict.go prints a manager: Apply entries by name, Update entries with their apiVersion. */
export function printManager(e: Pick<ManagedFieldsEntry, "manager" | "operation" | "apiVersion" | "subresource">): string {
  let s = JSON.stringify(e.manager);
  if (e.subresource) s += ` with subresource ${JSON.stringify(e.subresource)}`;
  if (e.operation === "Update") s += ` using ${e.apiVersion}`;
  return s;
}

/**
 * The 409 an apply with conflicts gets (errors.NewApplyConflict with conflict.go's message): one conflict is
 * `Apply failed with 1 conflict: conflict with "kubectl" using apps/v1: .spec.replicas`; several are grouped by
 * manager, sorted.
 */
export function applyConflictError(conflicts: readonly ApplyConflict[]): ApiError {
  let message: string;
  if (conflicts.length === 1) {
    message = `Apply failed with 1 conflict: conflict with ${conflicts[0]!.manager}: ${conflicts[0]!.field}`;
  } else {
    const byManager = new Map<string, string[]>();
    for (const c of conflicts) byManager.set(c.manager, [...(byManager.get(c.manager) ?? []), c.field]);
    const lines = [...byManager.keys()].sort().flatMap((m) => [`conflicts with ${m}:`, ...byManager.get(m)!.map((f) => `- ${f}`)]);
    message = `Apply failed with ${conflicts.length} conflicts: ${lines.join("\n")}`;
  }
  return new ApiError(409, "Conflict", message, {
    causes: conflicts.map((c) => ({ reason: "FieldManagerConflict", message: `conflict with ${c.manager}`, field: c.field })),
  });
}

/** Whether two entries are the same manager identity (the time never counts, nor an applier's apiVersion). */
type Identity = Omit<ManagedFieldsEntry, "fieldsV1" | "fieldsType">;
const sameIdentity = (a: Identity, b: Identity): boolean =>
  a.manager === b.manager && a.operation === b.operation && (a.subresource ?? "") === (b.subresource ?? "") && (a.operation === "Apply" || a.apiVersion === b.apiVersion);

/** Reads `metadata.managedFields` of an object, keeping only well-formed entries. */
export function managedFieldsOf(obj: unknown): ManagedFieldsEntry[] {
  const list = isObj(obj) && isObj(obj.metadata) ? obj.metadata.managedFields : undefined;
  return Array.isArray(list) ? (list.filter((e) => isObj(e) && typeof e.manager === "string" && (e.operation === "Apply" || e.operation === "Update")) as ManagedFieldsEntry[]) : [];
}

interface Owned {
  entry: Identity;
  set: FieldSet;
}

const decode = (entries: readonly ManagedFieldsEntry[]): Owned[] =>
  entries.map(({ fieldsV1, fieldsType: _t, ...entry }) => ({ entry, set: fromFieldsV1(fieldsV1) }));

/** Back to entries, dropping managers left with no field. */
const encode = (owned: readonly Owned[]): ManagedFieldsEntry[] =>
  owned.filter((o) => o.set.size > 0).map(({ entry, set }) => ({
    manager: entry.manager,
    operation: entry.operation,
    apiVersion: entry.apiVersion,
    ...(entry.time ? { time: entry.time } : {}),
    fieldsType: "FieldsV1",
    fieldsV1: toFieldsV1(set),
    ...(entry.subresource ? { subresource: entry.subresource } : {}),
  }));

export interface WriteIdentity {
  manager: string;
  /** The request's group/version: `apps/v1`. */
  apiVersion: string;
  subresource?: string;
  /** RFC 3339 time of the write. */
  time: string;
}

/**
 * The managedFields after an update (create, PUT, non-apply PATCH) took `old` (undefined for a create) to `next`:
 * the writer gains what it added or changed, others lose what changed or went away. Does NOT modify its inputs.
 * @param entries the live object's managedFields
 */
export function recordUpdate(entries: readonly ManagedFieldsEntry[], old: unknown, next: unknown, kind: string, who: WriteIdentity): ManagedFieldsEntry[] {
  const before = fieldSet(old, kind);
  const after = fieldSet(next, kind);
  const added = [...after].filter((k) => !before.has(k));
  const removed = [...before].filter((k) => !after.has(k));
  const modified = [...after].filter((k) => before.has(k) && differsAt(old, next, k));
  const changed = new Set([...added, ...modified, ...removed]);
  const owned = decode(entries);
  const identity = { manager: who.manager, operation: "Update" as const, apiVersion: who.apiVersion, ...(who.subresource ? { subresource: who.subresource } : {}) };
  for (const o of owned) if (!sameIdentity(o.entry, identity)) for (const k of changed) o.set.delete(k);
  if (added.length + modified.length > 0 || owned.some((o) => sameIdentity(o.entry, identity))) {
    let mine = owned.find((o) => sameIdentity(o.entry, identity));
    if (!mine) owned.push((mine = { entry: identity, set: new Set() }));
    for (const k of [...added, ...modified]) mine.set.add(k);
    for (const k of removed) mine.set.delete(k);
    if (added.length + modified.length + removed.length > 0) mine.entry = { ...mine.entry, time: who.time };
  }
  return encode(owned);
}

export interface ApplyResult {
  /** The merged object (not defaulted, not validated); for a create, the applied configuration itself. */
  object: Obj;
  managedFields: ManagedFieldsEntry[];
}

/**
 * Server-side apply: merges `applied` (the applier's whole intent) into `live` (undefined: a create), checks and
 * resolves ownership, removes the fields the applier gave up, and returns the object with its new managedFields.
 * @throws ApiError 409 Conflict (applyConflictError) when a changed field is owned by another manager and not `force`
 */
export function serverSideApply(live: Obj | undefined, applied: Obj, kind: string, who: WriteIdentity, force: boolean): ApplyResult {
  const appliedSet = fieldSet(applied, kind);
  const identity = { manager: who.manager, operation: "Apply" as const, apiVersion: who.apiVersion, ...(who.subresource ? { subresource: who.subresource } : {}) };
  const owned = decode(managedFieldsOf(live));
  const isMine = (o: Owned): boolean => sameIdentity(o.entry, identity);
  const merged = mergeApplied(live ?? {}, applied, kind) as Obj;

  // Conflicts: a field the applier sets to another value than the live one, owned by someone else. Equal values
  // are shared instead (both managers own the field).
  const conflicts: { owner: Owned; field: string }[] = [];
  for (const o of owned) {
    if (isMine(o)) continue;
    for (const k of o.set) if (appliedSet.has(k) && differsAt(live, merged, k)) conflicts.push({ owner: o, field: k });
  }
  if (conflicts.length > 0 && !force) {
    throw applyConflictError(conflicts.map((c) => ({ manager: printManager(c.owner.entry), field: pathString(c.field) })).sort((a, b) => (a.manager + a.field).localeCompare(b.manager + b.field)));
  }
  // Forcing moves each conflicting field to the applier.
  for (const c of conflicts) c.owner.set.delete(c.field);

  // Fields the applier owned, no longer applies, and nobody else owns (not the field nor anything under it) go;
  // shallowest first, so a list item goes whole before its key field could be removed from under it.
  const previous = owned.find(isMine)?.set ?? new Set<string>();
  const others = owned.filter((o) => !isMine(o)).flatMap((o) => [...o.set]);
  const ownedByOthers = (k: string): boolean => others.some((o) => o === k || o.startsWith(k.slice(0, -1) + ","));
  const gone = [...previous].filter((k) => !appliedSet.has(k) && !ownedByOthers(k)).sort((a, b) => unkey(a).length - unkey(b).length);
  const kept = (k: string): boolean => appliedSet.has(k) || ownedByOthers(k);
  for (const k of gone) removeAt(merged, unkey(k), kept);

  const mine: Owned = { entry: { ...identity, time: who.time }, set: appliedSet };
  const rest = owned.filter((o) => !isMine(o));
  const at = owned.findIndex(isMine);
  const next = at >= 0 ? [...rest.slice(0, at), mine, ...rest.slice(at)] : [...rest, mine];
  return { object: merged, managedFields: encode(next) };
}
