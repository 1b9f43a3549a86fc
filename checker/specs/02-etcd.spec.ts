/**
 * Chapter 2's checks: `MvccStore`, an in-memory etcd v3. Table checks pin etcd's own behaviour, one idea at a time
 * (values measured against etcd 3.4, see reference/wire-facts.md, and read from etcd-io/etcd server/mvcc/kvstore_test.go,
 * kvstore_txn.go, watchable_store.go and key_index.go); two properties then run random sequences of writes, reads,
 * txns, compactions and watches on the learner's store and the reference side by side, step by step.
 */
import fc from "fast-check";
import type { KeyRange, KeyValue, TxnOp, TxnRequest, WatchEvent, WatchOptions } from "../../src/kube/storage.ts";
import type { Text } from "../../src/i18n/text.ts";
import { inClusterCheck } from "../in-cluster.ts";
import { defineSpec, type CheckContext } from "../spec.ts";
import type * as Solution from "../../solutions/02-etcd/mvcc-store.ts";
import type { MvccStore } from "../../solutions/02-etcd/mvcc-store.ts";

type Ctx = CheckContext<typeof Solution>;

const kv = (key: string, value: string, createRevision: number, modRevision: number, version: number): KeyValue => ({
  key,
  value,
  createRevision,
  modRevision,
  version,
});
/** What a DELETE event carries as its kv: the key and the revision of the delete, nothing else. */
const tombstone = (key: string, modRevision: number): KeyValue => kv(key, "", 0, modRevision, 0);

const show = (a: unknown): string => (typeof a === "function" ? "(events) => …" : (JSON.stringify(a) ?? "undefined"));

/**
 * The store, with every call written down as the learner would type it, so that a failure can say exactly which
 * calls led to it.
 */
function recorded(Store: typeof MvccStore): { store: MvccStore; calls: string[] } {
  const store = new Store();
  const calls = ["const store = new MvccStore()"];
  const proxy = new Proxy(store, {
    get(target, name) {
      const value: unknown = Reflect.get(target, name);
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        calls.push(`store.${String(name)}(${args.map(show).join(", ")})`);
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { store: proxy, calls };
}

/** A result or the etcd error it threw, as plain data; any other error is the code's own and goes on up. */
function outcome(f: () => unknown): unknown {
  try {
    return { ok: f() };
  } catch (error) {
    const e = error as { name?: string; compactRevision?: number; revision?: number };
    if (e?.name === "CompactedError") return { throws: "CompactedError", compactRevision: e.compactRevision };
    if (e?.name === "FutureRevisionError") return { throws: "FutureRevisionError", revision: e.revision };
    throw error;
  }
}

/** A watcher that writes down every batch it is given; `calls` (if given) hears of its cancel. */
function listen(store: MvccStore, options: WatchOptions, calls?: string[], name = "watcher"): { batches: WatchEvent[][]; cancel(): void } {
  const batches: WatchEvent[][] = [];
  const watcher = store.watch(options, (events) => {
    batches.push(events.map((e) => structuredClone(e)));
  });
  return {
    batches,
    cancel: () => {
      calls?.push(`${name}.cancel()`);
      watcher.cancel();
    },
  };
}

// ---- random sequences -------------------------------------------------------------------------------------------

const KEYS = ["a", "ab", "b", "c"] as const;
const VALUES = ["", "1", "2", "x"] as const;

/** A revision chosen relative to the store's when the step runs: now, some steps back, or just ahead. */
type At = { now: true } | { back: number } | { ahead: number };

type PlanOp =
  | { op: "put"; key: string; value: string }
  | { op: "delete"; range: KeyRange }
  | { op: "range"; range: KeyRange; at: At; limit: number };

type Plan =
  | { call: "put"; key: string; value: string; prevKv: boolean }
  | { call: "deleteRange"; range: KeyRange; prevKv: boolean }
  | { call: "range"; range: KeyRange; at: At; limit: number }
  | { call: "txn"; compare: TxnRequest["compare"]; success: PlanOp[]; failure: PlanOp[] }
  | { call: "compact"; at: At }
  | { call: "watch"; range: KeyRange; at: At; prevKv: boolean }
  | { call: "cancel"; watcher: number };

const key = fc.constantFrom(...KEYS);
const value = fc.constantFrom(...VALUES);
const keyRange: fc.Arbitrary<KeyRange> = fc.oneof(
  key.map((k) => ({ key: k })),
  fc.record({ key, end: fc.constantFrom("ab", "b", "c", "d", "\0") }),
  fc.constantFrom("", "a").map((k) => ({ key: k, prefix: true })),
);
const at: fc.Arbitrary<At> = fc.oneof(
  { weight: 2, arbitrary: fc.constant({ now: true as const }) },
  { weight: 4, arbitrary: fc.nat(6).map((back) => ({ back })) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 2 }).map((ahead) => ({ ahead })) },
);
const result = fc.constantFrom("equal", "notEqual", "greater", "less") as fc.Arbitrary<"equal" | "notEqual" | "greater" | "less">;
const compare: fc.Arbitrary<TxnRequest["compare"][number]> = fc.oneof(
  fc.record({ key, target: fc.constant("value" as const), result, value }),
  fc.record({ key, target: fc.constantFrom("version", "createRevision", "modRevision") as fc.Arbitrary<"version" | "createRevision" | "modRevision">, result, value: fc.nat(6) }),
);
const planOp: fc.Arbitrary<PlanOp> = fc.oneof(
  fc.record({ op: fc.constant("put" as const), key, value }),
  fc.record({ op: fc.constant("delete" as const), range: keyRange }),
  fc.record({ op: fc.constant("range" as const), range: keyRange, at, limit: fc.nat(3) }),
);
const write: fc.Arbitrary<Plan>[] = [
  fc.record({ call: fc.constant("put" as const), key, value, prevKv: fc.boolean() }),
  fc.record({ call: fc.constant("put" as const), key, value, prevKv: fc.boolean() }),
  fc.record({ call: fc.constant("deleteRange" as const), range: keyRange, prevKv: fc.boolean() }),
  fc.record({
    call: fc.constant("txn" as const),
    compare: fc.array(compare, { maxLength: 2 }),
    success: fc.array(planOp, { maxLength: 3 }),
    failure: fc.array(planOp, { maxLength: 2 }),
  }),
];
const read: fc.Arbitrary<Plan>[] = [
  fc.record({ call: fc.constant("range" as const), range: keyRange, at, limit: fc.nat(3) }),
  fc.record({ call: fc.constant("compact" as const), at }),
];
const watching: fc.Arbitrary<Plan>[] = [
  fc.record({ call: fc.constant("watch" as const), range: keyRange, at, prevKv: fc.boolean() }),
  fc.record({ call: fc.constant("cancel" as const), watcher: fc.nat(3) }),
];
const sequence = fc.array(fc.oneof(...write, ...read), { minLength: 1, maxLength: 20 });
const watchedSequence = fc.array(fc.oneof(...write, ...read, ...watching, ...watching), { minLength: 1, maxLength: 20 });

/** The revision `at` names when the store is at `current`; `none` is what "now" means for this call. */
function resolve(a: At, current: number, none: number): number {
  if ("now" in a) return none;
  if ("back" in a) return Math.max(1, current - a.back);
  return current + a.ahead;
}

function txnOp(op: PlanOp, current: number): TxnOp {
  if (op.op !== "range") return op.op === "put" ? { op: "put", key: op.key, value: op.value } : { op: "delete", range: op.range };
  const revision = resolve(op.at, current, 0);
  return { op: "range", range: { ...op.range, ...(revision ? { revision } : {}), ...(op.limit ? { limit: op.limit } : {}) } };
}

/** Runs random sequences on both stores; after each step, results (and watchers' batches, if any) must agree. */
async function sameAsReference({ impl, ref, forAll, expectEqual }: Ctx, plans: fc.Arbitrary<Plan[]>, about: Text): Promise<void> {
  await forAll(plans, (steps) => {
    const mine = recorded(impl.MvccStore);
    const theirs = new ref.MvccStore();
    const watchers: { mine: ReturnType<typeof listen>; theirs: ReturnType<typeof listen> }[] = [];
    const sameBatches = () =>
      watchers.forEach((w, i) => {
        expectEqual(
          { [`watcher${i}`]: w.mine.batches },
          { [`watcher${i}`]: w.theirs.batches },
          {
            ko: `${i}번째 감시자(watch 호출 순서, 0부터)가 받은 배치가 참조 구현과 다르다. 리비전마다 한 번, 그 리비전의 이벤트를 모두 담아 보내야 한다`,
            en: `watcher ${i} (in order of the watch calls, from 0) got other batches than the reference's: one call per revision, with all of that revision's events`,
          },
          mine.calls,
        );
      });
    for (const step of steps) {
      const current = theirs.currentRevision();
      let run: ((store: MvccStore) => unknown) | undefined;
      switch (step.call) {
        case "put": {
          const options = step.prevKv ? { prevKv: true } : undefined;
          run = (s) => s.put(step.key, step.value, options);
          break;
        }
        case "deleteRange": {
          const options = step.prevKv ? { prevKv: true } : undefined;
          run = (s) => s.deleteRange(step.range, options);
          break;
        }
        case "range": {
          const revision = resolve(step.at, current, 0);
          const options = { ...step.range, ...(revision ? { revision } : {}), ...(step.limit ? { limit: step.limit } : {}) };
          run = (s) => s.range(options);
          break;
        }
        case "txn": {
          const request: TxnRequest = {
            compare: step.compare,
            success: step.success.map((op) => txnOp(op, current)),
            failure: step.failure.map((op) => txnOp(op, current)),
          };
          run = (s) => s.txn(request);
          break;
        }
        case "compact": {
          const revision = resolve(step.at, current, current);
          run = (s) => s.compact(revision);
          break;
        }
        case "watch": {
          const startRevision = resolve(step.at, current, 0);
          const options: WatchOptions = { ...step.range, ...(startRevision ? { startRevision } : {}), ...(step.prevKv ? { prevKv: true } : {}) };
          const name = `watcher${watchers.length}`;
          const expected = outcome(() => listen(theirs, options));
          const actual = outcome(() => listen(mine.store, options, mine.calls, name));
          const ok = (o: unknown) => (o as { ok?: ReturnType<typeof listen> }).ok;
          const shown = (o: unknown) => (ok(o) ? { ok: `${name} is watching` } : o);
          expectEqual(shown(actual), shown(expected), about, mine.calls);
          if (ok(expected) && ok(actual)) watchers.push({ mine: ok(actual)!, theirs: ok(expected)! });
          break;
        }
        case "cancel": {
          const pair = watchers[step.watcher];
          pair?.mine.cancel();
          pair?.theirs.cancel();
          break;
        }
      }
      if (run) expectEqual(outcome(() => run(mine.store)), outcome(() => run(theirs)), about, mine.calls);
      sameBatches();
    }
  });
}

// ---- shapes -----------------------------------------------------------------------------------------------------

const kvShape = {
  type: "object",
  required: ["key", "value", "createRevision", "modRevision", "version"],
  properties: {
    key: { type: "string" },
    value: { type: "string" },
    createRevision: { type: "integer" },
    modRevision: { type: "integer" },
    version: { type: "integer" },
  },
};
const rangeShape = {
  type: "object",
  required: ["revision", "kvs", "count", "more"],
  properties: { revision: { type: "integer" }, kvs: { type: "array", items: kvShape }, count: { type: "integer" }, more: { type: "boolean" } },
};

const WEB = "/registry/pods/default/web";
const API = "/registry/pods/default/api";

export default defineSpec<typeof Solution>({
  exports: ["MvccStore"],
  shapes: {
    "MvccStore.currentRevision": { type: "integer" },
    "MvccStore.range": rangeShape,
    "MvccStore.put": { type: "object", required: ["revision"], properties: { revision: { type: "integer" }, prevKv: kvShape } },
    "MvccStore.deleteRange": {
      type: "object",
      required: ["revision", "deleted", "prevKvs"],
      properties: { revision: { type: "integer" }, deleted: { type: "integer" }, prevKvs: { type: "array", items: kvShape } },
    },
    "MvccStore.txn": {
      type: "object",
      required: ["succeeded", "revision", "responses"],
      properties: {
        succeeded: { type: "boolean" },
        revision: { type: "integer" },
        responses: { type: "array", items: { type: "object", required: ["op", "result"], properties: { op: { enum: ["put", "delete", "range"] } } } },
      },
    },
    "MvccStore.watch": { type: "object", required: ["cancel"] },
  },
  checks: [
    {
      id: "revision-starts-at-one",
      name: { ko: "리비전은 1에서 시작하고 쓰기마다 1씩 오른다", en: "the revision starts at 1 and each write raises it by one" },
      run({ impl, expectEqual }) {
        const { store, calls } = recorded(impl.MvccStore);
        expectEqual(store.currentRevision(), 1, { ko: "빈 etcd의 리비전은 1이다", en: "an empty etcd is at revision 1" }, calls);
        expectEqual(
          store.range({ key: WEB }),
          { revision: 1, kvs: [], count: 0, more: false },
          { ko: "없는 키를 읽으면 kvs는 비고 count는 0, revision은 지금 리비전(1)이다", en: "reading a missing key gives no kvs, count 0, and the current revision (1)" },
          calls,
        );
        expectEqual(store.put(WEB, "v1"), { revision: 2 }, { ko: "첫 put은 리비전 2를 만든다", en: "the first put makes revision 2" }, calls);
        expectEqual(store.put(API, "v1"), { revision: 3 }, { ko: "다음 put은 리비전 3을 만든다", en: "the next put makes revision 3" }, calls);
        expectEqual(store.currentRevision(), 3, { ko: "두 번 쓴 뒤 리비전은 3이다", en: "after two writes the revision is 3" }, calls);
      },
    },
    {
      id: "global-revision",
      name: { ko: "리비전은 키마다가 아니라 저장소 전체에 하나다", en: "the revision is one for the whole store, not one per key" },
      run({ impl, expectEqual }) {
        const { store, calls } = recorded(impl.MvccStore);
        store.put("a", "1");
        store.put("b", "1");
        store.put("a", "2");
        expectEqual(
          store.range({ key: "a", end: "c" }),
          { revision: 4, kvs: [kv("a", "2", 2, 4, 2), kv("b", "1", 3, 3, 1)], count: 2, more: false },
          {
            ko: "a, b, a 순서로 쓰면 b는 리비전 3에, a의 두 번째 쓰기는 리비전 4에 일어난다. 키마다 따로 세지 않는다",
            en: "writing a, b, a puts b at revision 3 and a's second write at revision 4: revisions are not counted per key",
          },
          calls,
        );
      },
    },
    {
      id: "create-mod-version",
      name: { ko: "createRevision, modRevision, version과 prevKv", en: "createRevision, modRevision, version and prevKv" },
      run({ impl, expectEqual }) {
        const { store, calls } = recorded(impl.MvccStore);
        store.put("a", "1");
        expectEqual(
          store.put("a", "2", { prevKv: true }),
          { revision: 3, prevKv: kv("a", "1", 2, 2, 1) },
          {
            ko: "두 번째 put은 이전 상태를 prevKv로 돌려준다: 리비전 2에 만들어지고 수정된 version 1",
            en: "the second put returns the previous state as prevKv: created and modified at 2, version 1",
          },
          calls,
        );
        expectEqual(
          store.range({ key: "a" }).kvs,
          [kv("a", "2", 2, 3, 2)],
          { ko: "a는 리비전 2에 만들어졌고(createRevision) 3에 수정됐으며 version은 2다", en: "a was created at 2 (createRevision), modified at 3, and is at version 2" },
          calls,
        );
        expectEqual(
          store.put("b", "1", { prevKv: true }),
          { revision: 4 },
          { ko: "새 키의 put에는 prevKv가 없다", en: "a put that creates a key has no prevKv" },
          calls,
        );
      },
    },
    {
      id: "delete-resets-version",
      name: { ko: "지운 키를 다시 만들면 version 1과 새 createRevision에서 시작한다", en: "a key created again after a delete starts at version 1 with a new createRevision" },
      run({ impl, expectEqual }) {
        const { store, calls } = recorded(impl.MvccStore);
        store.put("a", "1");
        store.put("a", "2");
        expectEqual(
          store.deleteRange({ key: "a" }, { prevKv: true }),
          { revision: 4, deleted: 1, prevKvs: [kv("a", "2", 2, 3, 2)] },
          { ko: "삭제도 쓰기다: 리비전 4를 만들고 지운 키를 prevKvs로 돌려준다", en: "a delete is a write: it makes revision 4 and returns the deleted key in prevKvs" },
          calls,
        );
        expectEqual(store.range({ key: "a" }).kvs, [], { ko: "지운 키는 더 이상 읽히지 않는다", en: "a deleted key is no longer read" }, calls);
        store.put("a", "3");
        expectEqual(
          store.range({ key: "a" }).kvs,
          [kv("a", "3", 5, 5, 1)],
          {
            ko: "삭제 뒤 다시 만든 a는 새 키다: createRevision 5, version 1 (이전 version에서 이어지지 않는다)",
            en: "a created again after its delete is a new key: createRevision 5, version 1 (not continuing the old version)",
          },
          calls,
        );
      },
    },
    {
      id: "delete-range",
      name: { ko: "범위 삭제는 한 리비전이고, 지울 것이 없으면 리비전을 올리지 않는다", en: "a range delete is one revision; deleting nothing raises no revision" },
      run({ impl, expectEqual }) {
        const { store, calls } = recorded(impl.MvccStore);
        store.put("b", "1");
        store.put("a", "1");
        store.put("c", "1");
        expectEqual(
          store.deleteRange({ key: "a", end: "c" }, { prevKv: true }),
          { revision: 5, deleted: 2, prevKvs: [kv("a", "1", 3, 3, 1), kv("b", "1", 2, 2, 1)] },
          { ko: "[a, c)는 a와 b를 한 리비전(5)에 지우고, prevKvs는 키 순서다", en: "[a, c) deletes a and b at one revision (5), prevKvs in key order" },
          calls,
        );
        expectEqual(
          store.deleteRange({ key: "a" }),
          { revision: 5, deleted: 0, prevKvs: [] },
          { ko: "없는 키를 지우는 것은 아무것도 바꾸지 않으므로 리비전도 그대로 5다", en: "deleting a missing key changes nothing, so the revision stays 5" },
          calls,
        );
        expectEqual(
          store.deleteRange({ key: "c" }),
          { revision: 6, deleted: 1, prevKvs: [] },
          { ko: "prevKv를 묻지 않으면 prevKvs는 빈 목록이다", en: "without prevKv, prevKvs is empty" },
          calls,
        );
        expectEqual(store.currentRevision(), 6, { ko: "지금 리비전은 6이다", en: "the store is at revision 6" }, calls);
      },
    },
    {
      id: "range-prefix-limit",
      name: { ko: "접두사와 [key, end) 범위를 키 순서로 읽고 limit, count, more를 지킨다", en: "prefix and [key, end) ranges in key order, with limit, count and more" },
      run({ impl, expectEqual }) {
        const { store, calls } = recorded(impl.MvccStore);
        const pod = (ns: string, name: string) => `/registry/pods/${ns}/${name}`;
        store.put(pod("default", "web"), "w");
        store.put(pod("kube-system", "dns"), "d");
        store.put(pod("default", "api"), "a");
        store.put("/registry/services/specs/default/web", "s");
        store.put(pod("default", "db"), "b");
        const pods = [
          kv(pod("default", "api"), "a", 4, 4, 1),
          kv(pod("default", "db"), "b", 6, 6, 1),
          kv(pod("default", "web"), "w", 2, 2, 1),
          kv(pod("kube-system", "dns"), "d", 3, 3, 1),
        ];
        expectEqual(
          store.range({ key: "/registry/pods/", prefix: true }),
          { revision: 6, kvs: pods, count: 4, more: false },
          { ko: "접두사 /registry/pods/는 파드 네 개를 키 순서로 읽는다 (서비스는 빠진다)", en: "prefix /registry/pods/ reads the four pods in key order (not the service)" },
          calls,
        );
        expectEqual(
          store.range({ key: "/registry/pods/", prefix: true, limit: 2 }),
          { revision: 6, kvs: pods.slice(0, 2), count: 4, more: true },
          { ko: "limit 2는 처음 두 개만 주지만 count는 전부(4)를 세고 more는 true다", en: "limit 2 gives the first two, but count counts all four and more is true" },
          calls,
        );
        expectEqual(
          store.range({ key: pod("default", "b"), end: pod("default", "x") }),
          { revision: 6, kvs: [pods[1], pods[2]], count: 2, more: false },
          { ko: "[key, end)는 key 이상, end 미만의 키다", en: "[key, end) is every key >= key and < end" },
          calls,
        );
        expectEqual(
          store.range({ key: "/registry/s", end: "\0" }).kvs.map((k) => k.key),
          ["/registry/services/specs/default/web"],
          { ko: 'end가 "\\0"이면 key 이상의 모든 키다', en: 'end "\\0" means every key >= key' },
          calls,
        );
      },
    },
    {
      id: "read-past-revision",
      name: { ko: "지난 리비전의 저장소를 그대로 읽는다", en: "reads the store as it was at a past revision" },
      run({ impl, expectEqual }) {
        const { store, calls } = recorded(impl.MvccStore);
        store.put("a", "1");
        store.put("b", "1");
        store.put("a", "2");
        store.deleteRange({ key: "b" });
        store.put("c", "1");
        const at = (revision: number) => store.range({ key: "a", end: "d", revision });
        expectEqual(
          at(2),
          { revision: 6, kvs: [kv("a", "1", 2, 2, 1)], count: 1, more: false },
          { ko: "리비전 2에는 a=1뿐이다. 응답의 revision은 읽은 리비전이 아니라 지금 리비전(6)이다", en: "at revision 2 there is only a=1; the answer's revision is the current one (6), not the one read" },
          calls,
        );
        expectEqual(
          at(4).kvs,
          [kv("a", "2", 2, 4, 2), kv("b", "1", 3, 3, 1)],
          { ko: "리비전 4에는 a=2와 아직 지워지지 않은 b가 있다", en: "at revision 4 there are a=2 and b, not yet deleted" },
          calls,
        );
        expectEqual(at(5).kvs, [kv("a", "2", 2, 4, 2)], { ko: "리비전 5에서 b는 지워졌다", en: "at revision 5, b is deleted" }, calls);
        expectEqual(
          store.range({ key: "a", end: "d" }).kvs,
          [kv("a", "2", 2, 4, 2), kv("c", "1", 6, 6, 1)],
          { ko: "revision 없이 읽으면 지금 리비전(6)을 읽는다", en: "without a revision, a read is at the current revision (6)" },
          calls,
        );
        expectEqual(
          outcome(() => store.range({ key: "a", revision: 7 })),
          { throws: "FutureRevisionError", revision: 7 },
          { ko: "아직 오지 않은 리비전 7을 읽으면 FutureRevisionError(7)을 던진다", en: "reading revision 7, which has not happened yet, throws FutureRevisionError(7)" },
          calls,
        );
      },
    },
    {
      id: "txn-compare",
      name: { ko: "트랜잭션의 비교: value, version, createRevision, modRevision, 없는 키", en: "txn compares: value, version, createRevision, modRevision, a missing key" },
      run({ impl, expectEqual }) {
        const { store, calls } = recorded(impl.MvccStore);
        store.put("a", "x");
        store.put("a", "y");
        store.put("b", "z");
        const cases: [TxnRequest["compare"], boolean, Text][] = [
          [[{ key: "a", target: "value", result: "equal", value: "y" }], true, { ko: "a의 값은 y다", en: "a's value is y" }],
          [[{ key: "a", target: "value", result: "greater", value: "x" }], true, { ko: "값은 바이트 순서로 비교한다: y > x", en: "values compare in byte order: y > x" }],
          [[{ key: "a", target: "version", result: "equal", value: 2 }], true, { ko: "a는 version 2다", en: "a is at version 2" }],
          [[{ key: "a", target: "createRevision", result: "equal", value: 2 }], true, { ko: "a는 리비전 2에 만들어졌다", en: "a was created at revision 2" }],
          [[{ key: "a", target: "modRevision", result: "equal", value: 2 }], false, { ko: "a는 리비전 3에 수정됐으니 modRevision = 2는 거짓이다", en: "a was modified at 3, so modRevision = 2 is false" }],
          [[{ key: "a", target: "modRevision", result: "less", value: 4 }], true, { ko: "a의 modRevision 3 < 4", en: "a's modRevision 3 < 4" }],
          [[{ key: "b", target: "version", result: "notEqual", value: 1 }], false, { ko: "b는 version 1이다", en: "b is at version 1" }],
          [
            [{ key: "nope", target: "modRevision", result: "equal", value: 0 }],
            true,
            { ko: "없는 키의 modRevision은 0이다: kube-apiserver가 '없을 때만 만들기'에 쓰는 비교다", en: "a missing key has modRevision 0: the compare kube-apiserver uses to create only if absent" },
          ],
          [[{ key: "nope", target: "version", result: "less", value: 1 }], true, { ko: "없는 키의 version은 0이다", en: "a missing key has version 0" }],
          [[{ key: "nope", target: "createRevision", result: "greater", value: 0 }], false, { ko: "없는 키의 createRevision은 0이다", en: "a missing key has createRevision 0" }],
          [
            [{ key: "nope", target: "value", result: "notEqual", value: "x" }],
            false,
            { ko: "없는 키에는 값이 없다: value 비교는 무엇을 묻든 실패한다 (etcd의 applyCompare)", en: "a missing key has no value: a value compare fails whatever it asks (etcd's applyCompare)" },
          ],
          [
            [
              { key: "a", target: "version", result: "equal", value: 2 },
              { key: "b", target: "version", result: "equal", value: 2 },
            ],
            false,
            { ko: "비교가 여럿이면 모두 참이어야 한다", en: "with several compares, all must hold" },
          ],
          [[], true, { ko: "비교가 없으면 성공이다", en: "no compares means success" }],
        ];
        for (const [compare, succeeded, why] of cases) {
          expectEqual(store.txn({ compare, success: [], failure: [] }), { succeeded, revision: 4, responses: [] }, why, [...calls]);
        }
      },
    },
    {
      id: "txn-one-revision",
      name: { ko: "성공한 트랜잭션의 쓰기는 모두 한 리비전에 일어난다", en: "all writes of a txn happen at one revision" },
      run({ impl, expectEqual }) {
        const { store, calls } = recorded(impl.MvccStore);
        store.put("a", "1");
        // kube-apiserver's GuaranteedUpdate: write only if nobody wrote since we read (modRevision is still 2).
        expectEqual(
          store.txn({
            compare: [{ key: "a", target: "modRevision", result: "equal", value: 2 }],
            success: [
              { op: "put", key: "a", value: "2" },
              { op: "put", key: "b", value: "1" },
              { op: "range", range: { key: "", prefix: true } },
            ],
            failure: [{ op: "range", range: { key: "a" } }],
          }),
          {
            succeeded: true,
            revision: 3,
            responses: [
              { op: "put", result: { revision: 3 } },
              { op: "put", result: { revision: 3 } },
              { op: "range", result: { revision: 3, kvs: [kv("a", "2", 2, 3, 2), kv("b", "1", 3, 3, 1)], count: 2, more: false } },
            ],
          },
          {
            ko: "두 put은 같은 리비전 3에 일어나고, 같은 트랜잭션 안의 range는 그 쓰기를 본다",
            en: "both puts happen at revision 3, and a range in the same txn sees them",
          },
          calls,
        );
        expectEqual(store.currentRevision(), 3, { ko: "트랜잭션 하나는 리비전 하나다", en: "one txn is one revision" }, calls);
        expectEqual(
          store.txn({ compare: [], success: [{ op: "range", range: { key: "b" } }], failure: [] }),
          { succeeded: true, revision: 3, responses: [{ op: "range", result: { revision: 3, kvs: [kv("b", "1", 3, 3, 1)], count: 1, more: false } }] },
          { ko: "읽기만 하는 트랜잭션은 리비전을 올리지 않는다", en: "a txn that only reads raises no revision" },
          calls,
        );
      },
    },
    {
      id: "txn-all-or-nothing",
      name: { ko: "실패한 비교나 끝낼 수 없는 트랜잭션은 아무것도 바꾸지 않는다", en: "a failed compare or a txn that cannot finish changes nothing" },
      run({ impl, expectEqual }) {
        const { store, calls } = recorded(impl.MvccStore);
        store.put("a", "1");
        // Someone else wrote a first: our compare on the modRevision we read (1) fails and we get the current a back.
        expectEqual(
          store.txn({
            compare: [{ key: "a", target: "modRevision", result: "equal", value: 1 }],
            success: [
              { op: "put", key: "a", value: "mine" },
              { op: "put", key: "b", value: "mine" },
            ],
            failure: [{ op: "range", range: { key: "a" } }],
          }),
          { succeeded: false, revision: 2, responses: [{ op: "range", result: { revision: 2, kvs: [kv("a", "1", 2, 2, 1)], count: 1, more: false } }] },
          {
            ko: "비교가 실패하면 failure 쪽만 실행한다: a를 다시 읽어 줄 뿐 아무것도 쓰지 않는다",
            en: "a failed compare runs only the failure ops: it reads a back and writes nothing",
          },
          calls,
        );
        expectEqual(
          outcome(() => store.txn({ compare: [], success: [{ op: "put", key: "b", value: "1" }, { op: "range", range: { key: "a", revision: 9 } }], failure: [] })),
          { throws: "FutureRevisionError", revision: 9 },
          { ko: "아직 오지 않은 리비전 9를 읽는 트랜잭션은 FutureRevisionError(9)를 던진다", en: "a txn that reads the future revision 9 throws FutureRevisionError(9)" },
          calls,
        );
        expectEqual(
          store.range({ key: "a", end: "c" }),
          { revision: 2, kvs: [kv("a", "1", 2, 2, 1)], count: 1, more: false },
          {
            ko: "끝내지 못한 트랜잭션은 그 앞의 put도 남기지 않는다: b는 없고 리비전은 여전히 2다",
            en: "a txn that could not finish leaves not even its earlier put: there is no b and the revision is still 2",
          },
          calls,
        );
      },
    },
    {
      id: "watch-history",
      name: { ko: "시작 리비전부터의 기록을 시작 리비전을 빼먹지 않고 순서대로 보낸다", en: "replays history from the start revision, in order, start revision included" },
      run({ impl, expectEqual }) {
        const { store, calls } = recorded(impl.MvccStore);
        store.put("a", "1");
        store.put("b", "1");
        store.put("a", "2");
        store.deleteRange({ key: "b" });
        store.put("c", "1");
        const ab = listen(store, { key: "a", end: "c", startRevision: 3 });
        expectEqual(
          ab.batches,
          [
            [{ type: "PUT", kv: kv("b", "1", 3, 3, 1) }],
            [{ type: "PUT", kv: kv("a", "2", 2, 4, 2) }],
            [{ type: "DELETE", kv: tombstone("b", 5) }],
          ],
          {
            ko: "리비전 3부터 감시하면 3의 b, 4의 a, 5의 b 삭제를 리비전마다 한 배치로 받는다. c는 범위 밖이다",
            en: "watching from revision 3 delivers b at 3, a at 4 and b's delete at 5, one batch per revision; c is out of range",
          },
          calls,
        );
        const all = listen(store, { key: "", prefix: true, startRevision: 6 });
        expectEqual(
          all.batches,
          [[{ type: "PUT", kv: kv("c", "1", 6, 6, 1) }]],
          { ko: "지금 리비전(6)부터 감시해도 리비전 6의 변경을 받는다", en: "watching from the current revision (6) still delivers the change at 6" },
          calls,
        );
        store.put("d", "1");
        expectEqual(
          ab.batches.length,
          3,
          { ko: "범위 밖의 키(d)는 [a, c) 감시자에게 가지 않는다", en: "a key out of range (d) is not sent to the [a, c) watcher" },
          calls,
        );
      },
    },
    {
      id: "watch-live",
      name: { ko: "이후의 변경을 리비전마다 한 배치로, 요청하면 prevKv와 함께 보낸다", en: "delivers later changes one batch per revision, with prevKv when asked" },
      run({ impl, expectEqual }) {
        const { store, calls } = recorded(impl.MvccStore);
        store.put("a", "1");
        const all = listen(store, { key: "", prefix: true, prevKv: true }, calls, "all");
        const b = listen(store, { key: "b" });
        expectEqual(all.batches, [], { ko: "시작 리비전이 없으면 지난 변경은 보내지 않는다", en: "without a start revision, past changes are not sent" }, calls);
        store.put("a", "2");
        store.txn({
          compare: [],
          success: [
            { op: "put", key: "b", value: "1" },
            { op: "put", key: "a", value: "3" },
          ],
          failure: [],
        });
        store.deleteRange({ key: "a" });
        all.cancel();
        store.put("c", "1");
        expectEqual(
          all.batches,
          [
            [{ type: "PUT", kv: kv("a", "2", 2, 3, 2), prevKv: kv("a", "1", 2, 2, 1) }],
            [
              { type: "PUT", kv: kv("b", "1", 4, 4, 1) },
              { type: "PUT", kv: kv("a", "3", 2, 4, 3), prevKv: kv("a", "2", 2, 3, 2) },
            ],
            [{ type: "DELETE", kv: tombstone("a", 5), prevKv: kv("a", "3", 2, 4, 3) }],
          ],
          {
            ko: "put마다 한 배치, 트랜잭션의 두 쓰기는 쓴 순서대로 한 배치, DELETE의 kv는 키와 삭제 리비전뿐이다. cancel 뒤의 c는 오지 않는다",
            en: "one batch per put, the txn's two writes in one batch in the order written, a DELETE's kv only the key and the delete's revision; c, after cancel, never comes",
          },
          calls,
        );
        expectEqual(
          b.batches,
          [[{ type: "PUT", kv: kv("b", "1", 4, 4, 1) }]],
          { ko: "b만 감시하는 감시자는 트랜잭션 중 b의 변경만 받고, prevKv를 묻지 않았으니 받지 않는다", en: "a watcher of b alone gets only b's change from the txn, and no prevKv since it did not ask" },
          calls,
        );
      },
    },
    {
      id: "compaction",
      name: { ko: "압축한 리비전 아래의 읽기와 감시는 CompactedError다", en: "reads and watches below the compacted revision throw CompactedError" },
      run({ impl, expectEqual }) {
        const { store, calls } = recorded(impl.MvccStore);
        store.put("a", "1");
        store.put("a", "2");
        store.put("b", "1");
        store.deleteRange({ key: "a" });
        store.put("b", "2");
        expectEqual(outcome(() => store.compact(5)), { ok: undefined }, { ko: "리비전 5로 압축할 수 있다", en: "compacting to revision 5 works" }, calls);
        expectEqual(
          outcome(() => store.range({ key: "a", revision: 4 })),
          { throws: "CompactedError", compactRevision: 5 },
          { ko: "압축된 리비전 4를 읽으면 CompactedError(5)를 던진다", en: "reading the compacted revision 4 throws CompactedError(5)" },
          calls,
        );
        expectEqual(
          outcome(() => store.range({ key: "a", end: "c", revision: 5 })),
          { ok: { revision: 6, kvs: [kv("b", "1", 4, 4, 1)], count: 1, more: false } },
          { ko: "압축한 리비전 5 자체는 아직 읽을 수 있다", en: "the compacted revision 5 itself can still be read" },
          calls,
        );
        expectEqual(
          outcome(() => listen(store, { key: "a", startRevision: 4 }).batches),
          { throws: "CompactedError", compactRevision: 5 },
          { ko: "리비전 4부터의 감시는 그 기록이 없으니 CompactedError(5)다", en: "a watch from revision 4 throws CompactedError(5): that history is gone" },
          calls,
        );
        expectEqual(
          outcome(() => listen(store, { key: "", prefix: true, startRevision: 5, prevKv: true }).batches),
          { ok: [[{ type: "PUT", kv: kv("b", "2", 4, 6, 2), prevKv: kv("b", "1", 4, 4, 1) }]] },
          {
            ko: "리비전 5부터는 감시할 수 있다. 압축은 5에 살아 있던 것만 남긴다: 5에 지워진 a는 그 삭제까지 통째로 사라진다",
            en: "a watch from 5 works. Compaction keeps only what was alive at 5: a, deleted at 5, is gone, its delete included",
          },
          calls,
        );
        expectEqual(
          outcome(() => store.compact(5)),
          { throws: "CompactedError", compactRevision: 5 },
          { ko: "이미 압축한 리비전으로 다시 압축하면 CompactedError(5)다", en: "compacting to the already compacted revision throws CompactedError(5)" },
          calls,
        );
        expectEqual(
          outcome(() => store.compact(3)),
          { throws: "CompactedError", compactRevision: 5 },
          { ko: "더 오래된 리비전으로 압축해도 CompactedError(5)다", en: "compacting to an older revision throws CompactedError(5)" },
          calls,
        );
        expectEqual(
          outcome(() => store.compact(9)),
          { throws: "FutureRevisionError", revision: 9 },
          { ko: "아직 없는 리비전 9로는 압축할 수 없다: FutureRevisionError(9)", en: "compacting to revision 9, which does not exist yet, throws FutureRevisionError(9)" },
          calls,
        );
        expectEqual(
          store.range({ key: "", prefix: true }),
          { revision: 6, kvs: [kv("b", "2", 4, 6, 2)], count: 1, more: false },
          { ko: "압축은 지금의 값을 건드리지 않는다", en: "compaction leaves the current values alone" },
          calls,
        );
      },
    },
    {
      id: "same-as-reference",
      name: { ko: "무작위 쓰기, 읽기, 트랜잭션, 압축에서 참조 구현과 같은 결과를 낸다", en: "returns the reference's results on random writes, reads, txns and compactions" },
      async run(ctx) {
        await sameAsReference(ctx, sequence, {
          ko: "마지막 호출의 결과(또는 던진 오류)가 참조 구현과 다르다",
          en: "the last call's result (or the error it threw) differs from the reference's",
        });
      },
    },
    {
      id: "watch-same-as-reference",
      name: { ko: "무작위 시작 리비전의 감시자가 참조 구현과 같은 이벤트를 받는다", en: "watchers from random start revisions see the reference's events" },
      async run(ctx) {
        await sameAsReference(ctx, watchedSequence, {
          ko: "마지막 호출의 결과(또는 던진 오류)가 참조 구현과 다르다",
          en: "the last call's result (or the error it threw) differs from the reference's",
        });
      },
    },
    inClusterCheck<typeof Solution>({
      name: { ko: "내 저장소 위에서 클러스터가 디플로이먼트를 끝까지 띄운다", en: "a whole cluster runs a Deployment on your store" },
      scenario: "web-deployment.yaml",
      lesson: "lesson-2",
      swap: (impl, ref) => ({ ...ref, store: () => new impl.MvccStore() }),
    }),
  ],
});
