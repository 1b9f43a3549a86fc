/**
 * `Storage` over a real etcd v3, through its JSON gateway (grpc-gateway in front of etcdserverpb, etcd 3.4:
 * `/v3/kv/range|put|deleterange|txn|compaction` and the streaming `/v3/watch`), with nothing but `fetch`.
 *
 * The gateway speaks protobuf's JSON mapping: keys and values are base64, 64-bit numbers are strings, and fields that
 * are zero, false or empty are left out (a range of a missing key has no `kvs` and no `count`; a failed txn has no
 * `succeeded`; a put event has no `type`). Errors come back as HTTP 400 with etcd's message, which is how
 * `CompactedError` and `FutureRevisionError` are told apart. See reference/wire-facts.md for measured examples.
 *
 * Callers import this file directly; `#kube` does not re-export it (lessons never talk to a real etcd).
 */
import {
  CompactedError,
  FutureRevisionError,
  prefixEnd,
  type Compare,
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
} from "./storage.ts";

interface WireKv {
  key: string;
  value?: string;
  create_revision?: string;
  mod_revision?: string;
  version?: string;
}
interface Header {
  header?: { revision?: string };
}
interface WireRange extends Header {
  kvs?: WireKv[];
  count?: string;
  more?: boolean;
}
interface WirePut extends Header {
  prev_kv?: WireKv;
}
interface WireDelete extends Header {
  deleted?: string;
  prev_kvs?: WireKv[];
}
interface WireTxn extends Header {
  succeeded?: boolean;
  responses?: { response_put?: WirePut; response_delete_range?: WireDelete; response_range?: WireRange }[];
}
interface WireWatch extends Header {
  created?: boolean;
  canceled?: boolean;
  compact_revision?: string;
  cancel_reason?: string;
  events?: { type?: "PUT" | "DELETE"; kv: WireKv; prev_kv?: WireKv }[];
}

// Keys are byte strings to etcd. Ours are ASCII paths, and `prefixEnd` works on char codes below 0xff, so a key is
// sent one byte per char (latin1): the byte order etcd sorts by is then the order JS compares the strings in.
const encodeKey = (key: string): string => Buffer.from(key, "latin1").toString("base64");
const decodeKey = (b64: string): string => Buffer.from(b64, "base64").toString("latin1");
// Values are JSON documents, so UTF-8.
const encodeValue = (value: string): string => Buffer.from(value, "utf8").toString("base64");
const decodeValue = (b64: string | undefined): string => (b64 ? Buffer.from(b64, "base64").toString("utf8") : "");
const num = (s: string | undefined): number => (s ? Number(s) : 0);

const toKv = (w: WireKv): KeyValue => ({
  key: decodeKey(w.key),
  value: decodeValue(w.value),
  createRevision: num(w.create_revision),
  modRevision: num(w.mod_revision),
  version: num(w.version),
});

/** key / range_end as etcd wants them. etcd refuses an empty key; no key sorts below "\0", so that is the same range. */
function rangeFields(range: KeyRange): { key: string; range_end?: string } {
  const end = range.prefix ? prefixEnd(range.key) : range.end;
  return { key: encodeKey(range.key || "\0"), ...(end ? { range_end: encodeKey(end) } : {}) };
}

function rangeRequest(options: RangeOptions): object {
  return {
    ...rangeFields(options),
    ...(options.revision ? { revision: String(options.revision) } : {}),
    ...(options.limit ? { limit: String(options.limit) } : {}),
  };
}

const TARGET = { value: "VALUE", version: "VERSION", createRevision: "CREATE", modRevision: "MOD" } as const;
const RESULT = { equal: "EQUAL", notEqual: "NOT_EQUAL", greater: "GREATER", less: "LESS" } as const;

function compareRequest(c: Compare): object {
  const base = { key: encodeKey(c.key), target: TARGET[c.target], result: RESULT[c.result] };
  switch (c.target) {
    case "value":
      return { ...base, value: encodeValue(c.value) };
    case "version":
      return { ...base, version: String(c.value) };
    case "createRevision":
      return { ...base, create_revision: String(c.value) };
    case "modRevision":
      return { ...base, mod_revision: String(c.value) };
  }
}

function opRequest(op: TxnOp): object {
  switch (op.op) {
    case "put":
      return { request_put: { key: encodeKey(op.key), value: encodeValue(op.value) } };
    case "delete":
      return { request_delete_range: rangeFields(op.range) };
    case "range":
      return { request_range: rangeRequest(op.range) };
  }
}

const rangeResult = (w: WireRange): RangeResult => ({
  revision: num(w.header?.revision),
  kvs: (w.kvs ?? []).map(toKv),
  count: num(w.count),
  more: w.more ?? false,
});

/** Splits a watch response (the gateway may carry many revisions in one) into one batch per revision. */
function batches(events: readonly WatchEvent[]): WatchEvent[][] {
  const out: WatchEvent[][] = [];
  for (const event of events) {
    const last = out.at(-1);
    if (last && last[0]!.kv.modRevision === event.kv.modRevision) last.push(event);
    else out.push([event]);
  }
  return out;
}

/** An error etcd answered with, other than the two `Storage` names. */
export class EtcdError extends Error {
  override name = "EtcdError";
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

const COMPACTED = "required revision has been compacted";
const FUTURE = "is a future revision";

/**
 * A real etcd as `Storage`. Every method returns a promise.
 * @example const store = new EtcdStorage("http://127.0.0.1:2379"); await store.put("/registry/x", "{}");
 */
export class EtcdStorage implements Storage {
  /** @param url the client URL, e.g. `http://127.0.0.1:2379` */
  constructor(readonly url: string) {}

  async currentRevision(): Promise<number> {
    const w = await this.post<WireRange>("/v3/kv/range", { key: encodeKey("\0"), count_only: true });
    return num(w.header?.revision);
  }

  async range(options: RangeOptions): Promise<RangeResult> {
    return rangeResult(await this.post<WireRange>("/v3/kv/range", rangeRequest(options), options.revision));
  }

  async put(key: string, value: string, options: { prevKv?: boolean } = {}): Promise<PutResult> {
    const w = await this.post<WirePut>("/v3/kv/put", { key: encodeKey(key), value: encodeValue(value), ...(options.prevKv ? { prev_kv: true } : {}) });
    return { revision: num(w.header?.revision), ...(w.prev_kv ? { prevKv: toKv(w.prev_kv) } : {}) };
  }

  async deleteRange(range: KeyRange, options: { prevKv?: boolean } = {}): Promise<DeleteResult> {
    const w = await this.post<WireDelete>("/v3/kv/deleterange", { ...rangeFields(range), ...(options.prevKv ? { prev_kv: true } : {}) });
    return { revision: num(w.header?.revision), deleted: num(w.deleted), prevKvs: (w.prev_kvs ?? []).map(toKv) };
  }

  async txn(request: TxnRequest): Promise<TxnResult> {
    const body = { compare: request.compare.map(compareRequest), success: request.success.map(opRequest), failure: request.failure.map(opRequest) };
    let w: WireTxn;
    try {
      w = await this.post<WireTxn>("/v3/kv/txn", body);
    } catch (error) {
      if (!(error instanceof FutureRevisionError)) throw error;
      // etcd does not say which read was in the future: name the first one that is (it checked the branch it chose).
      const current = await this.currentRevision();
      const ranges = [...request.success, ...request.failure].flatMap((op) => (op.op === "range" && op.range.revision ? [op.range.revision] : []));
      throw new FutureRevisionError(ranges.find((r) => r > current) ?? current + 1);
    }
    const responses = (w.responses ?? []).map((r): TxnOpResult => {
      if (r.response_put) return { op: "put", result: { revision: num(r.response_put.header?.revision) } };
      if (r.response_delete_range) {
        const d = r.response_delete_range;
        return { op: "delete", result: { revision: num(d.header?.revision), deleted: num(d.deleted), prevKvs: (d.prev_kvs ?? []).map(toKv) } };
      }
      return { op: "range", result: rangeResult(r.response_range ?? {}) };
    });
    return { succeeded: w.succeeded ?? false, revision: num(w.header?.revision), responses };
  }

  /**
   * Compacts and waits until etcd has removed the old revisions (`physical`): etcd compacts in the background
   * otherwise, and a watch from the compacted revision could still see a change that is about to be forgotten.
   */
  async compact(revision: number): Promise<void> {
    await this.post("/v3/kv/compaction", { revision: String(revision), physical: true }, revision);
  }

  /**
   * Opens a watch stream and resolves once etcd has created the watcher. A start below the compacted revision is
   * refused up front (a range at that revision tells), because etcd itself only cancels such a watcher later, after
   * it was created. etcd replays history in a loop that runs every 100 ms; if a compaction overtakes a watcher that is
   * still catching up, etcd cancels it and no more events come. The `Watcher` contract has no way to report that late
   * cancel, which is why the check up front matters.
   */
  async watch(options: WatchOptions, onEvents: WatchCallback): Promise<Watcher> {
    const start = options.startRevision ?? 0;
    if (start > 0) {
      try {
        await this.post("/v3/kv/range", { key: encodeKey("\0"), count_only: true, revision: String(start) }, start);
      } catch (error) {
        // A future start is fine: etcd waits for it.
        if (!(error instanceof FutureRevisionError)) throw error;
      }
    }
    const create = { ...rangeFields(options), ...(start > 0 ? { start_revision: String(start) } : {}), ...(options.prevKv ? { prev_kv: true } : {}) };
    const abort = new AbortController();
    const stream = this.stream({ create_request: create }, abort.signal);
    return new Promise<Watcher>((resolve, reject) => {
      let created = false;
      void (async () => {
        try {
          for await (const message of stream) {
            if (message.created) {
              created = true;
              resolve({ cancel: () => abort.abort() });
            }
            if (message.canceled) {
              const why = message.compact_revision ? new CompactedError(num(message.compact_revision)) : new EtcdError(message.cancel_reason ?? "watch canceled", 200);
              if (!created) reject(why);
              break;
            }
            const events = (message.events ?? []).map(
              (e): WatchEvent => ({ type: e.type ?? "PUT", kv: toKv(e.kv), ...(e.prev_kv ? { prevKv: toKv(e.prev_kv) } : {}) }),
            );
            if (!abort.signal.aborted) for (const batch of batches(events)) onEvents(batch);
          }
          if (!created) reject(new EtcdError("the watch stream ended before etcd created the watcher", 200));
        } catch (error) {
          if (!created) reject(error);
        } finally {
          abort.abort();
        }
      })();
    });
  }

  /**
   * The revision etcd is compacted to. The gateway has no direct question for it, but a watcher from revision 1 on a
   * compacted store is canceled with `compact_revision` (watcher_group.go chooseAll). Called only after etcd said
   * "compacted", so that answer comes (within etcd's 100 ms sync loop); `fallback` if it does not in time.
   */
  private async compactRevision(fallback: number): Promise<number> {
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), 3000);
    try {
      for await (const message of this.stream({ create_request: { key: encodeKey("\0"), start_revision: "1" } }, abort.signal)) {
        if (message.compact_revision) return num(message.compact_revision);
        if (message.canceled) break;
      }
    } catch {
      // timed out
    } finally {
      clearTimeout(timer);
      abort.abort();
    }
    return fallback;
  }

  /** The messages of one `/v3/watch` stream: newline-delimited JSON, each wrapped in `result`. */
  private async *stream(body: object, signal: AbortSignal): AsyncGenerator<WireWatch> {
    const response = await fetch(`${this.url}/v3/watch`, { method: "POST", body: JSON.stringify(body), signal });
    if (!response.ok || !response.body) throw new EtcdError(`watch: HTTP ${response.status} ${await response.text()}`, response.status);
    const decoder = new TextDecoder();
    let buffer = "";
    const reader = response.body.getReader();
    try {
      for (;;) {
        const { value: chunk, done } = await reader.read();
        if (done) break;
        buffer += decoder.decode(chunk, { stream: true });
        let newline: number;
        while ((newline = buffer.indexOf("\n")) >= 0) {
          const line = buffer.slice(0, newline).trim();
          buffer = buffer.slice(newline + 1);
          if (!line) continue;
          const parsed = JSON.parse(line) as { result?: WireWatch; error?: { message?: string } };
          if (parsed.error) throw new EtcdError(`watch: ${parsed.error.message ?? line}`, 200);
          yield parsed.result ?? {};
        }
      }
    } catch (error) {
      if (signal.aborted) return;
      throw error;
    } finally {
      reader.releaseLock();
    }
  }

  /** POSTs to the gateway; turns etcd's errors into CompactedError / FutureRevisionError where they are those. */
  private async post<T>(path: string, body: object, asked = 0): Promise<T> {
    const response = await fetch(`${this.url}${path}`, { method: "POST", body: JSON.stringify(body) });
    const text = await response.text();
    if (response.ok) return (text ? JSON.parse(text) : {}) as T;
    let message = text;
    try {
      message = (JSON.parse(text) as { message?: string }).message ?? text;
    } catch {
      // not JSON: keep the text
    }
    if (message.includes(COMPACTED)) throw new CompactedError(await this.compactRevision(asked));
    if (message.includes(FUTURE)) throw new FutureRevisionError(asked);
    throw new EtcdError(`etcd ${path}: ${message}`, response.status);
  }
}
