/**
 * The contract of the API server's storage layer (chapter 3): what kube-apiserver's generic registry does between
 * a decoded request and etcd. The learner's `ApiServer` implements `Api`; the HTTP server (`src/server`), the
 * simulator's controllers and the informer of chapter 16 depend on this interface, not on a lesson.
 *
 * Follows staging/src/k8s.io/apiserver/pkg/registry/generic/registry/store.go (Create, Update, Delete, List, Watch),
 * staging/src/k8s.io/apiserver/pkg/storage/etcd3/store.go and watcher.go (keys, resourceVersion = etcd revision,
 * continue tokens, watch event translation) and pkg/registry/<group>/<resource>/strategy.go (per-kind rules).
 *
 * Besides the types, a few incidental helpers live here ready-made (continue tokens, the pod grace period, time
 * arithmetic, generated names): the chapter does not teach them, and the HTTP server needs the same ones.
 */

import type { ApiObject } from "./actions.ts";
import { ApiError, badRequest, type Status } from "./errors.ts";
import type { Storage } from "./storage.ts";

/** What `new ApiServer(options)` takes. Everything that varies (time, ids, names) is injected, so runs replay. */
export interface ApiServerOptions {
  /** The chapter-2 MvccStore or a real etcd; its methods may answer with promises, so always `await` them. */
  storage: Storage;
  /** The current time as RFC 3339 (`2026-01-01T00:00:00Z`), for creationTimestamp and deletionTimestamp. */
  now: () => string;
  /** A fresh UID for each created object. */
  uid: () => string;
  /** The 5 characters appended to `metadata.generateName`; absent: derived from a fresh `uid()`. */
  suffix?: () => string;
}

/** `?labelSelector=...&fieldSelector=...&limit=...&continue=...&resourceVersion=...` of a list request. */
export interface ApiListOptions {
  /** Absent: every namespace (or a cluster-scoped resource). */
  namespace?: string;
  /** The string form: `app=web,tier in (fe,be),!canary`. */
  labelSelector?: string;
  /** `metadata.name=web`, `spec.nodeName=node-1,status.phase!=Running`. */
  fieldSelector?: string;
  /** At most this many items; a `metadata.continue` token fetches the rest. 0 or absent: no limit. */
  limit?: number;
  /** The token of the previous page; the page is read at the same revision as the first one. */
  continue?: string;
  /** Absent, "" or "0": the latest state. "N": the state at revision N (410 when compacted). */
  resourceVersion?: string;
}

/** A `<Kind>List` (`PodList`, `DeploymentList`). */
export interface ApiList<T extends ApiObject = ApiObject> {
  apiVersion: string;
  kind: string;
  metadata: {
    /** The store revision the list was read at. */
    resourceVersion: string;
    /** Present when more items remain. */
    continue?: string;
    /** How many items remain after this page, when known (only without selectors, as upstream). */
    remainingItemCount?: number;
  };
  items: T[];
}

/** `DeleteOptions` as kubectl sends them in the body of a DELETE. */
export interface ApiDeleteOptions {
  /** The delete applies only if the object still has this uid / resourceVersion, else 409 Conflict. */
  preconditions?: { uid?: string; resourceVersion?: string };
  /** Foreground adds the `foregroundDeletion` finalizer, Orphan the `orphan` finalizer; the garbage collector acts on them. */
  propagationPolicy?: "Foreground" | "Background" | "Orphan";
  /** Pods only (the only kind here with graceful deletion): overrides spec.terminationGracePeriodSeconds. */
  gracePeriodSeconds?: number;
}

/** What a delete did: removed the object (`deleted`, HTTP 200) or only marked it with a deletionTimestamp (202). */
export interface ApiDeleteResult<T extends ApiObject = ApiObject> {
  /** The object as it is now (marked), or its last state with the deletion's revision as resourceVersion. */
  object: T;
  deleted: boolean;
}

/** `?watch=true&labelSelector=...&fieldSelector=...&resourceVersion=...&allowWatchBookmarks=true`. */
export interface ApiWatchOptions {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  /** Absent or "0": a synthetic ADDED for every current match first, then changes. "N": every change after N. */
  resourceVersion?: string;
  /** Send a BOOKMARK (an object with only metadata.resourceVersion) for each change the selectors filter out. */
  allowWatchBookmarks?: boolean;
}

/** One line of a watch stream, as `{"type":"ADDED","object":{...}}` on the wire. */
export type ApiWatchEvent<T extends ApiObject = ApiObject> =
  | { type: "ADDED" | "MODIFIED" | "DELETED" | "BOOKMARK"; object: T }
  | { type: "ERROR"; object: Status };

/** A watch: iterate with `for await`, or call `next()`; `return()` cancels the storage watch. */
export interface ApiWatch<T extends ApiObject = ApiObject> extends AsyncIterableIterator<ApiWatchEvent<T>> {
  return(): Promise<IteratorResult<ApiWatchEvent<T>>>;
}

/**
 * The storage layer of kube-apiserver. Resources are named by plural resource name (`pods`, `deployments`,
 * `nodes`); cluster-scoped resources take namespace undefined. Every expected failure is a rejection with an
 * `ApiError` (rendered as a Kubernetes `Status`): 400 BadRequest, 404 NotFound, 409 AlreadyExists / Conflict,
 * 410 Expired, 422 Invalid.
 */
export interface Api {
  /**
   * Applies field defaults (`applyDefaults`), fills in uid, creationTimestamp, namespace (`default` when absent) and
   * generation, names a `generateName` object, validates, and stores it if no object has its key.
   * @param namespace the request's namespace; a different `metadata.namespace` is a 400
   */
  create<T extends ApiObject>(resource: string, obj: T, namespace?: string): Promise<T>;
  get<T extends ApiObject>(resource: string, namespace: string | undefined, name: string): Promise<T>;
  list<T extends ApiObject>(resource: string, options?: ApiListOptions): Promise<ApiList<T>>;
  /** Replaces spec and metadata (not status); with `metadata.resourceVersion`, only if it is still current. */
  update<T extends ApiObject>(resource: string, obj: T): Promise<T>;
  /** Replaces status only (the `/status` subresource). */
  updateStatus<T extends ApiObject>(resource: string, obj: T): Promise<T>;
  delete<T extends ApiObject>(resource: string, namespace: string | undefined, name: string, options?: ApiDeleteOptions): Promise<ApiDeleteResult<T>>;
  watch<T extends ApiObject>(resource: string, options?: ApiWatchOptions): Promise<ApiWatch<T>>;
  /**
   * The pods/binding subresource (what the scheduler posts): sets spec.nodeName of an unbound pod and its
   * PodScheduled condition. 409 when the pod is already bound or being deleted, or `uid` does not match.
   */
  bind(namespace: string, name: string, node: string, uid?: string): Promise<ApiObject>;
}

// ---- continue tokens (staging/src/k8s.io/apiserver/pkg/storage/continue.go) ----

interface ContinueToken {
  v: string;
  rv: number;
  start: string;
}

/**
 * The `continue` token of a list page: base64url (no padding) of `{"v":"meta.k8s.io/v1","rv":N,"start":K}`,
 * where K is the next key to read with the list's key prefix cut off (EncodeContinue).
 * @example encodeContinue("/registry/pods/default/b\u0000", "/registry/pods/default/", 7)
 */
export function encodeContinue(nextKey: string, keyPrefix: string, revision: number): string {
  if (!nextKey.startsWith(keyPrefix)) throw new Error(`unable to encode next field: the key ${JSON.stringify(nextKey)} is not under ${JSON.stringify(keyPrefix)}`);
  const token: ContinueToken = { v: "meta.k8s.io/v1", rv: revision, start: nextKey.slice(keyPrefix.length) };
  return Buffer.from(JSON.stringify(token)).toString("base64url");
}

/**
 * Reads a continue token back (DecodeContinue): the full key to start from and the revision to read at.
 * Rejects a token that does not decode, has another version, no revision, an empty or escaping start key, with
 * 400 BadRequest `invalid continue token: continue key is not valid: ...`, as the etcd3 store does.
 */
export function decodeContinue(token: string, keyPrefix: string): { fromKey: string; revision: number } {
  const invalid = (why: string): ApiError => badRequest(`invalid continue token: continue key is not valid: ${why}`);
  let parsed: Partial<ContinueToken>;
  try {
    parsed = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as Partial<ContinueToken>;
  } catch {
    throw invalid("not a base64-encoded JSON token");
  }
  if (typeof parsed !== "object" || parsed === null || parsed.v !== "meta.k8s.io/v1") {
    throw invalid("incorrect encoded start resourceVersion (version meta.k8s.io/v1)");
  }
  if (typeof parsed.rv !== "number" || !Number.isInteger(parsed.rv) || parsed.rv <= 0) {
    throw invalid("incorrect encoded start resourceVersion (version meta.k8s.io/v1)");
  }
  if (typeof parsed.start !== "string" || parsed.start === "") throw invalid("encoded start key empty");
  if (parsed.start.split("/").some((part) => part === ".." || part === ".")) throw invalid("cannot be a relative path");
  return { fromKey: keyPrefix + parsed.start, revision: parsed.rv };
}

/** The message of the 410 a list page gets when its continue token's revision has been compacted (etcd3 store). */
export const CONTINUE_EXPIRED_MESSAGE =
  "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.";

/** The message of the 410 a list at a compacted resourceVersion gets. */
export const LIST_EXPIRED_MESSAGE = "The resourceVersion for the provided list is too old.";

/**
 * A resourceVersion as the store's revision: "" and "0" mean "the latest" (0); anything but a non-negative integer
 * is a 400 BadRequest (`invalid resource version: "abc"`).
 */
export function parseResourceVersion(resourceVersion: string | undefined): number {
  if (resourceVersion === undefined || resourceVersion === "") return 0;
  if (!/^\d+$/.test(resourceVersion)) throw badRequest(`invalid resource version: ${JSON.stringify(resourceVersion)}`);
  return Number(resourceVersion);
}

// ---- time and names ----

/**
 * `at` plus `seconds`, as RFC 3339 in UTC without fractional seconds (how metav1.Time serializes).
 * @example addSeconds("2026-01-01T00:00:00Z", 30) === "2026-01-01T00:00:30Z"
 */
export function addSeconds(at: string, seconds: number): string {
  const ms = Date.parse(at);
  if (Number.isNaN(ms)) throw new Error(`Not an RFC 3339 time: ${JSON.stringify(at)}`);
  return new Date(ms + seconds * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** The characters upstream's random suffixes use (k8s.io/apimachinery/pkg/util/rand: no vowels, no look-alikes). */
const SUFFIX_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

/**
 * Five characters of the generated-name alphabet derived from any string (a uid), so a deterministic uid source
 * gives deterministic names.
 * @example suffixFrom("uid-1").length === 5
 */
export function suffixFrom(seed: string): string {
  let h = 2166136261;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 16777619) >>> 0;
  let out = "";
  for (let i = 0; i < 5; i++) {
    out += SUFFIX_ALPHABET[h % SUFFIX_ALPHABET.length];
    h = Math.imul(h ^ (h >>> 13), 2654435761) >>> 0;
  }
  return out;
}

/**
 * A name from `metadata.generateName` (names.SimpleNameGenerator): the base cut to 58 characters, then the suffix.
 * @example generatedName("web-", "x7k2q") === "web-x7k2q"
 */
export function generatedName(base: string, suffix: string): string {
  return base.slice(0, 63 - 5) + suffix;
}

// ---- pods ----

interface PodLike {
  spec?: { nodeName?: string; terminationGracePeriodSeconds?: number };
  status?: { phase?: string };
}

/**
 * How long a deleted pod may take to stop (pkg/registry/core/pod/strategy.go CheckGracefulDelete): the requested
 * grace period, else spec.terminationGracePeriodSeconds, else 30 (the API default); 0 for a pod on no node or one
 * that already finished (Succeeded/Failed); a negative value counts as 1.
 * @example podGracePeriod({ spec: { nodeName: "node-1" } }) === 30
 */
export function podGracePeriod(pod: PodLike, requested?: number): number {
  let period = requested ?? pod.spec?.terminationGracePeriodSeconds ?? 30;
  if (!pod.spec?.nodeName) period = 0;
  const phase = pod.status?.phase;
  if (phase === "Succeeded" || phase === "Failed") period = 0;
  return period < 0 ? 1 : period;
}
