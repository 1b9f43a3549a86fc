/**
 * Chapter 2: the store under kube-apiserver, an in-memory etcd v3 (etcd-io/etcd server/mvcc).
 *
 * etcd never overwrites a key. Every write raises one global revision, and each change is kept in the key's history,
 * in revision order: etcd's keyIndex (server/mvcc/key_index.go), with the values kept beside it instead of in bbolt.
 * That history is what lets a client read the store as it was at an older revision, and what lets a watcher start at
 * an older revision and still see every change after it. Compaction forgets the history again.
 *
 * The methods answer with values, not promises: `MvccStore` satisfies `Storage` synchronously.
 * Simplified: values are strings, there is one member (no raft), and there are no leases and no auth.
 *
 * @example
 * const store = new MvccStore();
 * store.put("/registry/pods/default/web", "{}"); // { revision: 2 }
 * store.range({ key: "/registry/pods/", prefix: true }).kvs[0].modRevision; // 2
 */
import { todo } from "#kube";
import {
  CompactedError,
  FutureRevisionError,
  prefixEnd,
  type Compare,
  type CompareResult,
  type DeleteResult,
  type KeyRange,
  type KeyValue,
  type PutResult,
  type RangeOptions,
  type RangeResult,
  type Storage,
  type TxnOp,
  type TxnOpResult,
  type TxnRequest,
  type TxnResult,
  type WatchCallback,
  type WatchEvent,
  type Watcher,
  type WatchOptions,
} from "#kube";

/**
 * One change to one key. A delete is a change too: its `kv` is a tombstone (version 0, createRevision 0, empty value),
 * so the history still knows the key was gone from that revision on.
 */
interface Change {
  /** The write's place within its revision (etcd's revision.sub): the order in which one txn's writes happened. */
  sub: number;
  kv: KeyValue;
}

/** A write in progress. Every change it makes lands at the same revision, one above the store's when it began. */
interface WriteTxn {
  revision: number;
  /** What it changed so far, with each key as it was before (for watchers that ask for prevKv). */
  changes: { kv: KeyValue; prevKv: KeyValue | undefined }[];
}

interface WatcherState {
  range: KeyRange;
  /** The first revision this watcher wants: its start revision, or the next revision when it asked for none. */
  from: number;
  prevKv: boolean;
  onEvents: WatchCallback;
  canceled: boolean;
}

/** The key a change left behind, or undefined when the change deleted it (or there is no change). */
const live = (change: Change | undefined): KeyValue | undefined =>
  change !== undefined && change.kv.version > 0 ? change.kv : undefined;

/** True when `key` is in [range.key, end); no end means the one key, "\0" means every key from range.key on. */
function inRange(key: string, range: KeyRange): boolean {
  const end = range.prefix ? prefixEnd(range.key) : range.end;
  if (end === undefined || end === "") return key === range.key;
  // Keys are ASCII here, so comparing JS strings is comparing bytes, as etcd does.
  return key >= range.key && (end === "\0" || key < end);
}

/** -1, 0 or 1, as Go's bytes.Compare and cmp.Compare answer. */
const order = <T extends string | number>(a: T, b: T): number => (a < b ? -1 : a > b ? 1 : 0);

function holds(sign: number, result: CompareResult): boolean {
  switch (result) {
    case "equal":
      return sign === 0;
    case "notEqual":
      return sign !== 0;
    case "greater":
      return sign > 0;
    case "less":
      return sign < 0;
  }
}

/** A watch event. The tombstone already has the shape a DELETE event carries: key, modRevision, version 0. */
function toEvent(kv: KeyValue, prevKv: KeyValue | undefined, withPrevKv: boolean): WatchEvent {
  const event: WatchEvent = { type: kv.version === 0 ? "DELETE" : "PUT", kv };
  if (withPrevKv && prevKv) event.prevKv = prevKv;
  return event;
}

/** Splits events sorted by revision into one batch per revision. */
function byRevision(events: readonly WatchEvent[]): WatchEvent[][] {
  const batches: WatchEvent[][] = [];
  for (const event of events) {
    const last = batches.at(-1);
    if (last && last[0]!.kv.modRevision === event.kv.modRevision) last.push(event);
    else batches.push([event]);
  }
  return batches;
}

/** An in-memory etcd v3 store: one global revision, per-key history, transactions, watches and compaction. */
export class MvccStore implements Storage {
  /** The revision of the last write. An empty etcd answers with revision 1, so that is where we start. */
  private revision = 1;
  /** Reads and watches below this revision are refused (etcd's compactMainRev); 0 until the first compaction. */
  private compacted = 0;
  /** Every key's changes, oldest first. A deleted key keeps its history until compaction drops it. */
  private readonly keys = new Map<string, Change[]>();
  private readonly watchers = new Set<WatcherState>();
  /** Batches waiting to be delivered, and whether a delivery is under way (see `send`). */
  private readonly outbox: (() => void)[] = [];
  private delivering = false;

  currentRevision(): number {
    return this.revision;
  }

  range(options: RangeOptions): RangeResult {
    return this.rangeAt(options, this.revision);
  }

  put(key: string, value: string, options: { prevKv?: boolean } = {}): PutResult {
    const txn = this.begin();
    const prevKv = this.putIn(txn, key, value);
    this.commit(txn);
    return options.prevKv && prevKv ? { revision: this.revision, prevKv } : { revision: this.revision };
  }

  deleteRange(range: KeyRange, options: { prevKv?: boolean } = {}): DeleteResult {
    const txn = this.begin();
    const prevKvs = this.deleteIn(txn, range);
    this.commit(txn);
    return { revision: this.revision, deleted: prevKvs.length, prevKvs: options.prevKv ? prevKvs : [] };
  }

  /**
   * Compares, then runs one branch as a single write: all its changes share one revision, and watchers see them in
   * one batch. This is etcd's compare-and-swap, the ground of kube-apiserver's optimistic concurrency.
   */
  txn(request: TxnRequest): TxnResult {
    // TODO: run `request.success` when every compare holds (`this.compare`), else `request.failure`. Check the revision
    // of every range op first (`this.readable`), so that a txn that cannot finish writes nothing. Then apply the ops
    // (`this.apply`) between one `this.begin()` and one `this.commit()`: one txn, one revision.
    return todo("compare, then run one branch as one write");
  }

  watch(options: WatchOptions, onEvents: WatchCallback): Watcher {
    const start = options.startRevision ?? 0;
    // TODO: a start revision below the compacted one cannot be served: its history is gone. Throw CompactedError then
    // (with `this.compacted`); let every other start through.
    if (start > 0) todo("refuse a compacted start revision");
    const watcher: WatcherState = {
      range: { key: options.key, end: options.end, prefix: options.prefix },
      from: start > 0 ? start : this.revision + 1,
      prevKv: options.prevKv ?? false,
      onEvents,
      canceled: false,
    };
    // Registered before the history is sent: a write made by a callback during the replay is then queued after it.
    this.watchers.add(watcher);
    for (const events of this.replay(watcher)) this.send(watcher, events);
    return {
      cancel: () => {
        watcher.canceled = true;
        this.watchers.delete(watcher);
      },
    };
  }

  /**
   * Forgets every change that no read at `revision` or later can see: for each key, what came before its change live
   * at `revision`, and the whole key if it was deleted by then (etcd's keyIndex.compact).
   */
  compact(revision: number): void {
    // TODO: compacting at or below `this.compacted` throws CompactedError; beyond `this.revision`, FutureRevisionError.
    // Otherwise trim each key's history: keep its last change at or before `revision` (unless that change is a
    // tombstone) and everything after; a key with nothing left goes. Then remember `revision` in `this.compacted`.
    todo("compact the history");
  }

  private begin(): WriteTxn {
    return { revision: this.revision + 1, changes: [] };
  }

  /** Ends a write: the store moves to its revision, if it changed anything, and watchers hear of it. */
  private commit(txn: WriteTxn): void {
    // TODO: a write that changed something moves the store to `txn.revision` (one up, however many keys it wrote)
    // and tells the watchers (`this.notify`). A write that changed nothing makes no revision at all.
    todo("raise the revision once per write");
  }

  /** Writes `key` as part of `txn`; returns the key as it was before, if it existed. */
  private putIn(txn: WriteTxn, key: string, value: string): KeyValue | undefined {
    const history = this.keys.get(key) ?? [];
    this.keys.set(key, history);
    const prevKv = live(history.at(-1));
    // TODO: the key after this put. It is modified at `txn.revision`. A key that exists (`prevKv`) keeps its
    // createRevision and counts one more version; a key that does not (never written, or deleted) starts over.
    const kv: KeyValue = todo("createRevision, modRevision and version of the new KeyValue");
    this.record(txn, history, kv, prevKv);
    return prevKv;
  }

  /** Deletes every key in `range` as part of `txn`, in key order; returns them as they were. */
  private deleteIn(txn: WriteTxn, range: KeyRange): KeyValue[] {
    const prevKvs = this.kvsAt(range, this.seenBy(txn));
    for (const prevKv of prevKvs) {
      const tombstone: KeyValue = { key: prevKv.key, value: "", createRevision: 0, modRevision: txn.revision, version: 0 };
      this.record(txn, this.keys.get(prevKv.key)!, tombstone, prevKv);
    }
    return prevKvs;
  }

  private record(txn: WriteTxn, history: Change[], kv: KeyValue, prevKv: KeyValue | undefined): void {
    // Frozen: results and events hand out these very objects, and a caller must not be able to rewrite history.
    Object.freeze(kv);
    history.push({ sub: txn.changes.length, kv });
    txn.changes.push({ kv, prevKv });
  }

  /** The revision a read inside `txn` sees: the txn's own once it has written (etcd's storeTxnWrite.Range). */
  private seenBy(txn: WriteTxn): number {
    return txn.changes.length > 0 ? txn.revision : this.revision;
  }

  private apply(txn: WriteTxn, op: TxnOp): TxnOpResult {
    switch (op.op) {
      case "put":
        this.putIn(txn, op.key, op.value);
        return { op: "put", result: { revision: txn.revision } };
      case "delete": {
        const deleted = this.deleteIn(txn, op.range).length;
        return { op: "delete", result: { revision: this.seenBy(txn), deleted, prevKvs: [] } };
      }
      case "range":
        return { op: "range", result: this.rangeAt(op.range, this.seenBy(txn)) };
    }
  }

  /** A range read answered at `current`, the store's revision as the reader sees it. */
  private rangeAt(options: RangeOptions, current: number): RangeResult {
    const kvs = this.kvsAt(options, this.readable(options.revision ?? 0, current));
    const limit = options.limit && options.limit > 0 ? options.limit : kvs.length;
    return { revision: current, kvs: kvs.slice(0, limit), count: kvs.length, more: kvs.length > limit };
  }

  /**
   * The revision a read asks for, once the store knows it can answer: 0 means `current`. A revision the store has not
   * reached yet, or one whose history compaction dropped, cannot be answered truthfully, so it is refused.
   */
  private readable(revision: number, current: number): number {
    // TODO: above `current`: FutureRevisionError(revision). 0 (or less): `current`. Below `this.compacted`:
    // CompactedError(this.compacted). Reading exactly at the compacted revision is still allowed.
    return todo("check the revision a read asks for");
  }

  /** The keys in `range` as they were at `revision`, in key order. */
  private kvsAt(range: KeyRange, revision: number): KeyValue[] {
    // One key (no end, no prefix), as every get is: read it, rather than go through every key there is.
    if (!range.prefix && !range.end) {
      const kv = this.keys.has(range.key) ? this.valueAt(range.key, revision) : undefined;
      return kv ? [kv] : [];
    }
    const kvs: KeyValue[] = [];
    for (const key of [...this.keys.keys()].filter((k) => inRange(k, range)).sort()) {
      const kv = this.valueAt(key, revision);
      if (kv) kvs.push(kv);
    }
    return kvs;
  }

  /** The key as it was at `revision`: its last change at or before it, unless that change deleted it. */
  private valueAt(key: string, revision: number): KeyValue | undefined {
    // TODO: find the key's last change at or before `revision` in `this.keys`; `live` turns a tombstone into undefined.
    return todo("read the key as it was at a revision");
  }

  /** One compare of a txn against the store now (etcd's applyCompare in server/etcdserver/apply.go). */
  private compare(c: Compare): boolean {
    // TODO: compare `c.target` of the key now with `c.value` (`order` and `holds` do the comparing). A missing key has
    // version, createRevision and modRevision 0; it has no value, so a value compare on it fails whatever it asks.
    return todo("evaluate one compare");
  }

  /** Every change in the watcher's range from its start revision on, one batch per revision, oldest first. */
  private replay(watcher: WatcherState): WatchEvent[][] {
    // TODO: collect the changes of the keys in `watcher.range` made at `watcher.from` or later (the start revision
    // itself included), as events (`toEvent`; the previous state is the change before it in the key's history). Sort
    // them by revision, then by `sub`, and split them into one batch per revision (`byRevision`).
    return todo("replay the history from the start revision");
  }

  /** Tells every watcher whose range the write touched, in one batch: the txn's changes in the order they were made. */
  private notify(txn: WriteTxn): void {
    for (const watcher of this.watchers) {
      // TODO: a watcher whose start revision is still ahead gets nothing yet. Otherwise the txn's changes in its range
      // become one batch (`toEvent`, prevKv only if it asked), sent with `this.send` if it is not empty.
      todo("deliver a write to the watchers");
    }
  }

  /**
   * Delivers batches one at a time, in order. A callback may write to the store; that write's batch waits in the
   * outbox until the batch being delivered has returned, so no watcher sees revision 7 before revision 6.
   */
  private send(watcher: WatcherState, events: WatchEvent[]): void {
    this.outbox.push(() => {
      if (!watcher.canceled) watcher.onEvents(events);
    });
    if (this.delivering) return;
    this.delivering = true;
    try {
      for (let next = this.outbox.shift(); next; next = this.outbox.shift()) next();
    } finally {
      this.delivering = false;
    }
  }
}
