/**
 * The reference MvccStore (lesson 2's solution) and a real etcd agree: the same seeded random sequences of puts,
 * deletes, txns, range reads (now and at past revisions), compactions and watches give the same results, the same
 * errors and the same watch batches.
 *
 * One etcd serves the whole file. Its revision is global and never goes back, so every sequence gets a key prefix of
 * its own and a marker write first: the reference's revision r is etcd's `base + r - 1`, where `base` is the marker's
 * revision (the reference store starts at 1). `Shifted` does that translation, both ways.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MvccStore } from "../../solutions/02-etcd/mvcc-store.ts";
import { requireTool } from "../workbook/tools.ts";
import { launchEtcd, type EtcdProcess } from "./etcd-launcher.ts";
import { EtcdStorage } from "./etcd-storage.ts";
import {
  CompactedError,
  FutureRevisionError,
  prefixEnd,
  type Compare,
  type KeyRange,
  type KeyValue,
  type RangeOptions,
  type TxnOp,
  type TxnRequest,
  type WatchEvent,
  type WatchOptions,
} from "./storage.ts";

const etcdPath = requireTool("etcd", "apt-get install etcd-server");

/** The reference's view of one prefix of a shared etcd: keys without the prefix, revisions counted from 1. */
class Shifted {
  constructor(
    readonly etcd: EtcdStorage,
    readonly prefix: string,
    /** etcd revision = ours + shift. */
    readonly shift: number,
  ) {}

  private to = (revision: number): number => (revision > 0 ? revision + this.shift : revision);
  private from = (revision: number): number => (revision > 0 ? revision - this.shift : revision);
  private kv = (kv: KeyValue): KeyValue => ({
    ...kv,
    key: kv.key.slice(this.prefix.length),
    createRevision: this.from(kv.createRevision),
    modRevision: this.from(kv.modRevision),
  });
  private range(r: KeyRange): KeyRange {
    if (r.prefix) return { key: this.prefix + r.key, prefix: true };
    if (r.end === undefined) return { key: this.prefix + r.key };
    return { key: this.prefix + r.key, end: r.end === "\0" ? prefixEnd(this.prefix) : this.prefix + r.end };
  }
  private options(o: RangeOptions): RangeOptions {
    return { ...this.range(o), ...(o.revision ? { revision: this.to(o.revision) } : {}), ...(o.limit ? { limit: o.limit } : {}) };
  }
  private async errors<T>(f: () => Promise<T>): Promise<T> {
    try {
      return await f();
    } catch (error) {
      if (error instanceof CompactedError) throw new CompactedError(this.from(error.compactRevision));
      if (error instanceof FutureRevisionError) throw new FutureRevisionError(this.from(error.revision));
      throw error;
    }
  }

  currentRevision = async () => this.from(await this.etcd.currentRevision());
  rangeAt = (o: RangeOptions) =>
    this.errors(async () => {
      const r = await this.etcd.range(this.options(o));
      return { ...r, revision: this.from(r.revision), kvs: r.kvs.map(this.kv) };
    });
  put = (key: string, value: string, o?: { prevKv?: boolean }) =>
    this.errors(async () => {
      const r = await this.etcd.put(this.prefix + key, value, o);
      return { revision: this.from(r.revision), ...(r.prevKv ? { prevKv: this.kv(r.prevKv) } : {}) };
    });
  deleteRange = (range: KeyRange, o?: { prevKv?: boolean }) =>
    this.errors(async () => {
      const r = await this.etcd.deleteRange(this.range(range), o);
      return { ...r, revision: this.from(r.revision), prevKvs: r.prevKvs.map(this.kv) };
    });
  txn = (t: TxnRequest) =>
    this.errors(async () => {
      const compare = t.compare.map((c): Compare =>
        c.target === "value" || c.target === "version" ? { ...c, key: this.prefix + c.key } : { ...c, key: this.prefix + c.key, value: this.to(c.value) },
      );
      const op = (o: TxnOp): TxnOp =>
        o.op === "put" ? { ...o, key: this.prefix + o.key } : o.op === "delete" ? { op: "delete", range: this.range(o.range) } : { op: "range", range: this.options(o.range) };
      const r = await this.etcd.txn({ compare, success: t.success.map(op), failure: t.failure.map(op) });
      return {
        ...r,
        revision: this.from(r.revision),
        responses: r.responses.map((x) =>
          x.op === "range"
            ? { ...x, result: { ...x.result, revision: this.from(x.result.revision), kvs: x.result.kvs.map(this.kv) } }
            : x.op === "delete"
              ? { ...x, result: { ...x.result, revision: this.from(x.result.revision), prevKvs: x.result.prevKvs.map(this.kv) } }
              : { ...x, result: { revision: this.from(x.result.revision) } },
        ),
      };
    });
  compact = (revision: number) => this.errors(() => this.etcd.compact(this.to(revision)));
  watch = (o: WatchOptions, onEvents: (events: WatchEvent[]) => void) =>
    this.errors(() =>
      this.etcd.watch({ ...this.range(o), ...(o.startRevision ? { startRevision: this.to(o.startRevision) } : {}), ...(o.prevKv ? { prevKv: true } : {}) }, (events) =>
        onEvents(events.map((e) => ({ ...e, kv: this.kv(e.kv), ...(e.prevKv ? { prevKv: this.kv(e.prevKv) } : {}) }))),
      ),
    );
}

// ---- random sequences -------------------------------------------------------------------------------------------

type At = { now: true } | { back: number } | { ahead: true };
type Step =
  | { call: "put"; key: string; value: string; prevKv: boolean }
  | { call: "deleteRange"; range: KeyRange; prevKv: boolean }
  | { call: "range"; range: KeyRange; at: At; limit: number }
  | { call: "txn"; compare: Compare[]; success: PlanOp[]; failure: PlanOp[] }
  | { call: "compact"; at: At }
  | { call: "watch"; range: KeyRange; at: At; prevKv: boolean };
type PlanOp = { op: "put"; key: string; value: string } | { op: "delete"; key: string } | { op: "range"; range: KeyRange; at: At; limit: number };

const key = fc.constantFrom("a", "ab", "b", "c");
const value = fc.constantFrom("", "1", "2", "x");
const keyRange: fc.Arbitrary<KeyRange> = fc.oneof(
  key.map((k) => ({ key: k })),
  fc.record({ key, end: fc.constantFrom("ab", "b", "c", "d", "\0") }),
  fc.constantFrom("", "a").map((k) => ({ key: k, prefix: true })),
);
/** Watch ranges all reach "~", the sentinel written last, so the test knows when etcd has sent everything. */
const watchRange: fc.Arbitrary<KeyRange> = fc.oneof(key.map((k) => ({ key: k, end: "\0" })), fc.constant({ key: "", prefix: true }));
const at: fc.Arbitrary<At> = fc.oneof(
  { weight: 2, arbitrary: fc.constant({ now: true as const }) },
  { weight: 4, arbitrary: fc.nat(6).map((back) => ({ back })) },
  { weight: 1, arbitrary: fc.constant({ ahead: true as const }) },
);
const result = fc.constantFrom("equal", "notEqual", "greater", "less") as fc.Arbitrary<Compare["result"]>;
const compare: fc.Arbitrary<Compare> = fc.oneof(
  fc.record({ key, target: fc.constant("value" as const), result, value }),
  fc.record({ key, target: fc.constantFrom("version", "createRevision", "modRevision") as fc.Arbitrary<"version" | "createRevision" | "modRevision">, result, value: fc.nat(6) }),
);
const planOp: fc.Arbitrary<PlanOp> = fc.oneof(
  fc.record({ op: fc.constant("put" as const), key, value }),
  fc.record({ op: fc.constant("delete" as const), key }),
  fc.record({ op: fc.constant("range" as const), range: keyRange, at, limit: fc.nat(3) }),
);
/** etcd refuses a txn branch that writes one key twice ("duplicate key given in txn request"): keep the first. */
const branch = (maxLength: number) =>
  fc.array(planOp, { maxLength }).map((ops) => ops.filter((op, i) => op.op === "range" || !ops.slice(0, i).some((o) => o.op !== "range" && o.key === op.key)));
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ call: fc.constant("put" as const), key, value, prevKv: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ call: fc.constant("deleteRange" as const), range: keyRange, prevKv: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ call: fc.constant("range" as const), range: keyRange, at, limit: fc.nat(3) }) },
  { weight: 2, arbitrary: fc.record({ call: fc.constant("txn" as const), compare: fc.array(compare, { maxLength: 2 }), success: branch(3), failure: branch(2) }) },
  { weight: 1, arbitrary: fc.record({ call: fc.constant("compact" as const), at }) },
  { weight: 1, arbitrary: fc.record({ call: fc.constant("watch" as const), range: watchRange, at, prevKv: fc.boolean() }) },
);

const resolve = (a: At, current: number, none: number): number => ("now" in a ? none : "back" in a ? Math.max(1, current - a.back) : current + 1);
const txnOp = (op: PlanOp, current: number): TxnOp => {
  if (op.op === "put") return { op: "put", key: op.key, value: op.value };
  if (op.op === "delete") return { op: "delete", range: { key: op.key } };
  const revision = resolve(op.at, current, 0);
  return { op: "range", range: { ...op.range, ...(revision ? { revision } : {}), ...(op.limit ? { limit: op.limit } : {}) } };
};

async function outcome(f: () => unknown): Promise<unknown> {
  try {
    return { ok: await f() };
  } catch (error) {
    if (error instanceof CompactedError) return { throws: "CompactedError", compactRevision: error.compactRevision };
    if (error instanceof FutureRevisionError) return { throws: "FutureRevisionError", revision: error.revision };
    throw error;
  }
}

const SENTINEL = "~";

async function waitFor(condition: () => boolean, what: string, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe.skipIf(!etcdPath)("EtcdStorage and the reference MvccStore against a real etcd", () => {
  let etcd: EtcdProcess | undefined;
  let client: EtcdStorage;
  let sequence = 0;

  beforeAll(async () => {
    etcd = await launchEtcd({ etcd: etcdPath });
    client = new EtcdStorage(etcd.url);
  }, 30_000);

  afterAll(async () => {
    await etcd?.stop();
  }, 30_000);

  /** A fresh prefix whose revision 1 is etcd's revision now (after a marker write outside every prefix). */
  async function fresh(): Promise<Shifted> {
    const prefix = `/seq/${String(++sequence).padStart(4, "0")}/`;
    const { revision } = await client.put("/marker", String(sequence));
    return new Shifted(client, prefix, revision - 1);
  }

  it("matches the measured examples in wire-facts.md", async () => {
    const store = await fresh();
    const ref = new MvccStore();
    expect(await store.currentRevision()).toBe(ref.currentRevision());
    expect(await store.put("a", "1")).toEqual(ref.put("a", "1"));
    const second = await store.put("a", "2", { prevKv: true });
    expect(second).toEqual({ revision: 3, prevKv: { key: "a", value: "1", createRevision: 2, modRevision: 2, version: 1 } });
    expect(second).toEqual(ref.put("a", "2", { prevKv: true }));
    expect(await store.rangeAt({ key: "missing" })).toEqual({ revision: 3, kvs: [], count: 0, more: false });
    const create = { compare: [{ key: "b", target: "modRevision", result: "equal", value: 0 }], success: [{ op: "put", key: "b", value: "1" }], failure: [] } as TxnRequest;
    expect(await store.txn(create)).toEqual(ref.txn(create));
    expect(await store.txn(create)).toEqual(ref.txn(create));
    expect(await store.deleteRange({ key: "a" }, { prevKv: true })).toEqual(ref.deleteRange({ key: "a" }, { prevKv: true }));
    expect(await store.deleteRange({ key: "a" })).toEqual(ref.deleteRange({ key: "a" }));
    expect(await outcome(() => store.rangeAt({ key: "a", revision: 9 }))).toEqual({ throws: "FutureRevisionError", revision: 9 });
    await store.compact(4);
    ref.compact(4);
    expect(await outcome(() => store.rangeAt({ key: "a", revision: 3 }))).toEqual({ throws: "CompactedError", compactRevision: 4 });
    expect(await outcome(() => store.watch({ key: "a", startRevision: 2 }, () => {}))).toEqual({ throws: "CompactedError", compactRevision: 4 });
  }, 30_000);

  it("agrees with the reference on 30 seeded random sequences", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 20 }), async (steps) => {
        const store = await fresh();
        const ref = new MvccStore();
        const watchers: { ref: WatchEvent[][]; etcd: WatchEvent[][]; cancel: () => void }[] = [];
        try {
          for (const [i, s] of steps.entries()) {
            const current = ref.currentRevision();
            let run: [() => unknown, () => unknown];
            switch (s.call) {
              case "put": {
                const o = s.prevKv ? { prevKv: true } : undefined;
                run = [() => ref.put(s.key, s.value, o), () => store.put(s.key, s.value, o)];
                break;
              }
              case "deleteRange": {
                const o = s.prevKv ? { prevKv: true } : undefined;
                run = [() => ref.deleteRange(s.range, o), () => store.deleteRange(s.range, o)];
                break;
              }
              case "range": {
                const revision = resolve(s.at, current, 0);
                const o = { ...s.range, ...(revision ? { revision } : {}), ...(s.limit ? { limit: s.limit } : {}) };
                run = [() => ref.range(o), () => store.rangeAt(o)];
                break;
              }
              case "txn": {
                const t: TxnRequest = { compare: s.compare, success: s.success.map((op) => txnOp(op, current)), failure: s.failure.map((op) => txnOp(op, current)) };
                run = [() => ref.txn(t), () => store.txn(t)];
                break;
              }
              case "compact": {
                const revision = resolve(s.at, current, current);
                run = [() => ref.compact(revision), () => store.compact(revision)];
                break;
              }
              case "watch": {
                const startRevision = resolve(s.at, current, 0);
                const o: WatchOptions = { ...s.range, ...(startRevision ? { startRevision } : {}), ...(s.prevKv ? { prevKv: true } : {}) };
                const w = { ref: [] as WatchEvent[][], etcd: [] as WatchEvent[][], cancel: () => {} };
                run = [
                  () => (ref.watch(o, (events) => w.ref.push(events)), "watching"),
                  async () => {
                    w.cancel = (await store.watch(o, (events) => w.etcd.push(events))).cancel;
                    watchers.push(w);
                    // etcd replays history from a loop that runs every 100 ms (watchable_store.go syncWatchersLoop); a
                    // compaction that overtakes a watcher still catching up cancels it. Let it catch up first.
                    if (startRevision > 0 && startRevision <= current) await new Promise((r) => setTimeout(r, 250));
                    return "watching";
                  },
                ];
                break;
              }
            }
            const expected = await outcome(run[0]);
            const actual = await outcome(run[1]);
            expect({ step: i, call: s, result: actual }).toEqual({ step: i, call: s, result: expected });
          }
          // Everything etcd will send has been sent once each watcher has seen the sentinel, written last.
          expect(await store.put(SENTINEL, "end")).toEqual(ref.put(SENTINEL, "end"));
          for (const [i, w] of watchers.entries()) {
            await waitFor(() => w.etcd.some((batch) => batch.some((e) => e.kv.key === SENTINEL)), `watcher ${i} to see the sentinel`);
            expect({ watcher: i, batches: w.etcd }).toEqual({ watcher: i, batches: w.ref });
          }
        } finally {
          for (const w of watchers) w.cancel();
        }
      }),
      { seed: 20261128, numRuns: 30 },
    );
  }, 300_000);

  it("stops delivering after cancel", async () => {
    const store = await fresh();
    const seen: WatchEvent[][] = [];
    const watcher = await store.watch({ key: "", prefix: true }, (events) => seen.push(events));
    await store.put("a", "1");
    await waitFor(() => seen.length === 1, "the first event");
    watcher.cancel();
    await store.put("a", "2");
    await new Promise((r) => setTimeout(r, 200));
    expect(seen).toEqual([[{ type: "PUT", kv: { key: "a", value: "1", createRevision: 2, modRevision: 2, version: 1 } }]]);
  }, 30_000);
});
