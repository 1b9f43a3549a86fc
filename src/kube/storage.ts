/**
 * The storage contract kube-apiserver stands on: etcd v3's KV and Watch services, reduced to what the API server uses.
 *
 * Lesson 2's `MvccStore` implements it in memory; `src/kube/etcd-storage.ts` implements it over a real etcd's JSON
 * gateway. Methods may answer synchronously or with a promise (`Awaitable`), so a caller always `await`s and either
 * store can stand behind the same API server.
 *
 * Semantics follow etcd (server/mvcc/kvstore.go, api/etcdserverpb/rpc.proto):
 * - one global revision for the whole store, starting at 1 on an empty store; every write that changes something
 *   (put, a delete that deletes at least one key, a txn with at least one such write) raises it by exactly one;
 * - each key carries createRevision (revision of its creation), modRevision (revision of its last change) and version
 *   (1 on creation, +1 on each put; a delete removes the key, so a later put starts again at version 1);
 * - a range of keys is [key, end) in byte order; `end: "\0"` means every key >= key; `prefix` is shorthand for the end
 *   that covers every key starting with `key`.
 */

export type Awaitable<T> = T | Promise<T>;

/** One key as etcd stores it. Values are strings here (etcd stores bytes; our objects are JSON). */
export interface KeyValue {
  key: string;
  value: string;
  createRevision: number;
  modRevision: number;
  version: number;
}

/** Which keys a range, delete or watch covers: one key, [key, end), or every key starting with key. */
export interface KeyRange {
  key: string;
  /** Exclusive end of the range; "\0" means "every key >= key". Ignored when `prefix` is set. */
  end?: string;
  prefix?: boolean;
}

export interface RangeOptions extends KeyRange {
  /** Read the store as it was at this revision (0 or absent: the current revision). */
  revision?: number;
  /** At most this many keys (0 or absent: no limit). `count` still counts them all. */
  limit?: number;
}

export interface RangeResult {
  /** Store revision at the time of the read (the header revision), not the revision read at. */
  revision: number;
  kvs: KeyValue[];
  /** How many keys are in the range, regardless of `limit`. */
  count: number;
  /** True when `limit` cut the answer short. */
  more: boolean;
}

export interface PutResult {
  revision: number;
  /** The key before the put, when it existed. */
  prevKv?: KeyValue;
}

export interface DeleteResult {
  revision: number;
  deleted: number;
  prevKvs: KeyValue[];
}

/** A comparison in a transaction (etcd's Compare): target field of one key, compared with a value. */
export type Compare =
  | { key: string; target: "value"; result: CompareResult; value: string }
  | { key: string; target: "version" | "createRevision" | "modRevision"; result: CompareResult; value: number };
export type CompareResult = "equal" | "notEqual" | "greater" | "less";

export type TxnOp =
  | { op: "put"; key: string; value: string }
  | { op: "delete"; range: KeyRange }
  | { op: "range"; range: RangeOptions };

export type TxnOpResult =
  | { op: "put"; result: PutResult }
  | { op: "delete"; result: DeleteResult }
  | { op: "range"; result: RangeResult };

export interface TxnRequest {
  compare: Compare[];
  success: TxnOp[];
  failure: TxnOp[];
}

export interface TxnResult {
  succeeded: boolean;
  revision: number;
  responses: TxnOpResult[];
}

/** One change as a watcher sees it. For a DELETE, `kv` has the key, the deletion's modRevision, version 0, no value. */
export interface WatchEvent {
  type: "PUT" | "DELETE";
  kv: KeyValue;
  prevKv?: KeyValue;
}

export interface WatchOptions extends KeyRange {
  /** Deliver every change at revision >= startRevision, then live changes (0 or absent: only future changes). */
  startRevision?: number;
  /** Attach the key's previous state to each event. */
  prevKv?: boolean;
}

export interface Watcher {
  cancel(): void;
}

/**
 * Receives events in revision order, each revision once, the events of one revision together (a txn that writes
 * several keys produces one batch). The in-memory store calls it synchronously after a write commits.
 */
export type WatchCallback = (events: WatchEvent[]) => void;

export interface Storage {
  range(options: RangeOptions): Awaitable<RangeResult>;
  put(key: string, value: string, options?: { prevKv?: boolean }): Awaitable<PutResult>;
  deleteRange(range: KeyRange, options?: { prevKv?: boolean }): Awaitable<DeleteResult>;
  txn(request: TxnRequest): Awaitable<TxnResult>;
  /** Throws (or rejects with) CompactedError when startRevision is below the compacted revision (etcd serves it from there). */
  watch(options: WatchOptions, onEvents: WatchCallback): Awaitable<Watcher>;
  /** Forget history before `revision`; reads and watches below it fail with CompactedError. */
  compact(revision: number): Awaitable<void>;
  /** The current revision (the revision of the last write, 1 on an empty store). */
  currentRevision(): Awaitable<number>;
}

/** etcd's ErrCompacted: the revision asked for has been compacted away. */
export class CompactedError extends Error {
  override name = "CompactedError";
  constructor(
    /** The revision the store is compacted to. */
    readonly compactRevision: number,
  ) {
    super("mvcc: required revision has been compacted");
  }
}

/** etcd's ErrFutureRev: the revision asked for is newer than the store. */
export class FutureRevisionError extends Error {
  override name = "FutureRevisionError";
  constructor(readonly revision: number) {
    super("mvcc: required revision is a future revision");
  }
}

/**
 * The exclusive end that makes [key, end) cover every key starting with `key` (etcd's clientv3.GetPrefixRangeEnd):
 * the key with its last byte below 0xff incremented and what follows it dropped; "\0" (every key) if there is none.
 * @example prefixEnd("/registry/pods/") === "/registry/pods0"
 */
export function prefixEnd(key: string): string {
  // Keys here are ASCII paths, so comparing JS strings is byte order, as etcd compares keys.
  for (let i = key.length - 1; i >= 0; i--) {
    const code = key.charCodeAt(i);
    if (code < 0xff) return key.slice(0, i) + String.fromCharCode(code + 1);
  }
  return "\0";
}
