/**
 * Small helpers over object metadata that every controller and the simulator use: the `namespace/name` key, owner
 * references (who controls whom), and the plain-data utilities the functional core relies on (clone, deep freeze,
 * deep equality).
 *
 * Follows client-go tools/cache (MetaNamespaceKeyFunc) and apimachinery pkg/apis/meta/v1/controller_ref.go
 * (IsControlledBy, GetControllerOf, NewControllerRef).
 */

import type { ObjectMeta, OwnerReference } from "kubernetes-types/meta/v1.js";

/** Anything with (optional) metadata: every Kubernetes object. */
export interface HasMetadata {
  metadata?: ObjectMeta;
}

/** The apiVersion and kind of an owner, as written in an ownerReference (`{ apiVersion: "apps/v1", kind: "ReplicaSet" }`). */
export interface GroupVersionKind {
  apiVersion: string;
  kind: string;
}

/**
 * The cache key of an object (MetaNamespaceKeyFunc): `namespace/name`, or just `name` for a cluster-scoped object.
 * @example namespacedName({ metadata: { namespace: "default", name: "web" } }) === "default/web"
 */
export function namespacedName(obj: Readonly<HasMetadata>): string {
  const { namespace, name = "" } = obj.metadata ?? {};
  return namespace ? `${namespace}/${name}` : name;
}

/** The ownerReference marked `controller: true`, if any (GetControllerOf). At most one may exist. */
export function getControllerOf(obj: Readonly<HasMetadata>): OwnerReference | undefined {
  return obj.metadata?.ownerReferences?.find((ref) => ref.controller === true);
}

/** Whether `owner` is the controller of `obj`: the controller reference carries the owner's UID (IsControlledBy). */
export function isControlledBy(obj: Readonly<HasMetadata>, owner: Readonly<HasMetadata>): boolean {
  const ref = getControllerOf(obj);
  return ref !== undefined && owner.metadata?.uid !== undefined && ref.uid === owner.metadata.uid;
}

/**
 * The ownerReference a controller puts on what it creates (NewControllerRef): controller and blockOwnerDeletion set.
 * @example newControllerRef(rs, { apiVersion: "apps/v1", kind: "ReplicaSet" })
 * // { apiVersion: "apps/v1", kind: "ReplicaSet", name: "web-5d4f", uid: "...", controller: true, blockOwnerDeletion: true }
 */
export function newControllerRef(owner: Readonly<HasMetadata>, gvk: GroupVersionKind): OwnerReference {
  return {
    apiVersion: gvk.apiVersion,
    kind: gvk.kind,
    name: owner.metadata?.name ?? "",
    uid: owner.metadata?.uid ?? "",
    controller: true,
    blockOwnerDeletion: true,
  };
}

/**
 * A deep copy of plain data (objects, arrays, primitives), unfrozen even when the input is frozen, and typed writable
 * (also the fields kubernetes-types marks `readonly`, such as `metadata.uid`). The copy is what a component may
 * change; the input stays as it was.
 */
export function deepClone<T>(value: T): DeepWritable<T> {
  return structuredClone(value) as DeepWritable<T>;
}

/** `T` without `readonly` on its own properties (kubernetes-types marks uid, resourceVersion, ... read-only). */
export type Writable<T> = { -readonly [K in keyof T]: T[K] };

/** `T` with `readonly` removed all the way down. */
export type DeepWritable<T> = T extends readonly (infer E)[]
  ? DeepWritable<E>[]
  : T extends object
    ? { -readonly [K in keyof T]: DeepWritable<T[K]> }
    : T;

/**
 * Freezes an object and everything reachable from it, and returns the same object (typed read-only). The checker
 * freezes every input this way, so a component that mutates its input fails loudly.
 */
export function deepFreeze<T>(value: T): DeepReadonly<T> {
  const seen = new WeakSet<object>();
  const freeze = (v: unknown): void => {
    if (v === null || typeof v !== "object" || seen.has(v)) return;
    seen.add(v);
    for (const key of Reflect.ownKeys(v)) freeze((v as Record<PropertyKey, unknown>)[key]);
    Object.freeze(v);
  };
  freeze(value);
  return value as DeepReadonly<T>;
}

/** `T` with every property and element read-only, all the way down. */
export type DeepReadonly<T> = T extends (infer E)[]
  ? readonly DeepReadonly<E>[]
  : T extends readonly (infer E)[]
    ? readonly DeepReadonly<E>[]
    : T extends object
      ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
      : T;

/**
 * Structural equality of plain data, independent of key order. Arrays compare element by element; a property set
 * to `undefined` counts as absent (as in JSON, so `{a: undefined}` equals `{}`); numbers compare with Object.is
 * except that 0 and -0 are equal.
 * @example deepEqual({ a: 1, b: [1, 2] }, { b: [1, 2], a: 1 }) === true
 */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === "number" && typeof b === "number") return Number.isNaN(a) && Number.isNaN(b);
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  }
  const definedKeys = (o: object): string[] =>
    Object.keys(o).filter((k) => (o as Record<string, unknown>)[k] !== undefined);
  const [ka, kb] = [definedKeys(a), definedKeys(b)];
  if (ka.length !== kb.length) return false;
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  return ka.every((k) => Object.hasOwn(rb, k) && deepEqual(ra[k], rb[k]));
}
