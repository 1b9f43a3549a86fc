/**
 * Chapter 3: the storage layer of kube-apiserver, over the chapter-2 store.
 *
 * Every object lives under one etcd key, `/registry/<resource>/<namespace>/<name>`, as JSON. Its resourceVersion is
 * the revision of the last write to that key, so "is my copy still current?" is one compare in an etcd transaction:
 * that compare is all of Kubernetes' optimistic concurrency. Lists read every key under a prefix at one revision,
 * and watches turn the store's PUT/DELETE events into ADDED/MODIFIED/DELETED for the objects a client selects.
 *
 * Follows staging/src/k8s.io/apiserver/pkg/registry/generic/registry/store.go (Create, Update, Delete and their
 * finalizer and graceful-deletion rules), staging/src/k8s.io/apiserver/pkg/storage/etcd3/store.go and watcher.go
 * (keys, revisions, paging, event translation) and the strategies in pkg/registry/<group>/<resource>/strategy.go.
 * Authentication, authorization, admission and the watch cache are left out: this is the part that talks to etcd.
 */
import {
  type Api,
  type ApiDeleteOptions,
  type ApiDeleteResult,
  ApiError,
  type ApiList,
  type ApiListOptions,
  type ApiObject,
  type ApiServerOptions,
  type ApiWatch,
  type ApiWatchEvent,
  type ApiWatchOptions,
  CONTINUE_EXPIRED_MESSAGE,
  CompactedError,
  FieldError,
  FieldSelectorError,
  FutureRevisionError,
  LIST_EXPIRED_MESSAGE,
  LabelSelectorError,
  type ResourceInfo,
  type Storage,
  type WatchEvent,
  addSeconds,
  alreadyExists,
  applyDefaults,
  badRequest,
  conflict,
  convertFieldSelector,
  decodeContinue,
  deepEqual,
  encodeContinue,
  expired,
  generatedName,
  groupVersion,
  internal,
  invalid,
  matches,
  matchesFields,
  notFound,
  parseFieldSelector,
  parseResourceVersion,
  parseSelector,
  podGracePeriod,
  prefixEnd,
  resourceFor,
  selectableFields,
  suffixFrom,
  tooOldResourceVersion,
  validateObject,
} from "#kube";
import { todo } from "#kube";

/** The metadata fields this layer reads and writes. */
interface Meta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  finalizers?: string[];
  [field: string]: unknown;
}

/** An object as stored: apiVersion and kind filled in, metadata present. */
interface Obj {
  apiVersion: string;
  kind: string;
  metadata: Meta;
  spec?: unknown;
  status?: unknown;
  [field: string]: unknown;
}

/** One stored object with the revision of its last write (what the store's KeyValue.modRevision says). */
interface Current {
  object: Obj;
  modRevision: number;
}

/**
 * What differs per kind (pkg/registry/<group>/<resource>/strategy.go): whether `metadata.generation` is kept (set
 * to 1 on create, +1 on spec changes), the status a created object starts with (PrepareForCreate resets it), and
 * whether annotation changes count as changes (Deployments copy annotations to their ReplicaSets).
 * Kinds not listed keep the status they are created with and have no generation.
 */
interface Strategy {
  generation?: boolean;
  statusOnCreate?: Record<string, unknown>;
  annotationsBumpGeneration?: boolean;
}

const STRATEGIES: Readonly<Record<string, Strategy>> = {
  pods: { generation: true, statusOnCreate: { phase: "Pending" } },
  deployments: { generation: true, statusOnCreate: {}, annotationsBumpGeneration: true },
  replicasets: { generation: true, statusOnCreate: {} },
  ingresses: { generation: true, statusOnCreate: { loadBalancer: {} } },
  networkpolicies: { generation: true },
  services: { statusOnCreate: { loadBalancer: {} } },
  namespaces: { statusOnCreate: { phase: "Active" } },
};

/** The finalizers the garbage collector acts on (metav1.FinalizerOrphanDependents, FinalizerDeleteDependents). */
const GC_FINALIZERS = ["orphan", "foregroundDeletion"];

const clone = <T>(value: T): T => structuredClone(value);

/** The resource's group and plural name, as NotFound and Conflict messages print them (`deployments.apps`). */
const groupResource = (info: ResourceInfo) => ({ group: info.group, resource: info.resource });

/** The object as JSON for the store: resourceVersion is not stored, it is the key's modRevision. */
function encode(obj: Obj): string {
  const { resourceVersion: _, ...metadata } = obj.metadata;
  return JSON.stringify({ ...obj, metadata });
}

/**
 * The etcd key of one object: `/registry/<prefix>/<namespace>/<name>`, or `/registry/<prefix>/<name>` when the
 * resource is cluster-scoped. `info.etcdPrefix` is `pods`, `deployments`, `minions` (nodes), `services/specs`.
 * @example keyFor(pods, "default", "web") === "/registry/pods/default/web"
 */
function keyFor(info: ResourceInfo, namespace: string | undefined, name: string): string {
  // TODO: build the key from `info.etcdPrefix`, the namespace (only when `info.namespaced`) and the name.
  return todo("the etcd key of one object");
}

/** The prefix a list or watch ranges over: one namespace, or all of them. Ends with "/" (`default` is not `default-2`). */
function prefixFor(info: ResourceInfo, namespace: string | undefined): string {
  // The key of an object named "" is the prefix of its namespace; without a namespace, of the whole resource.
  return info.namespaced && namespace ? keyFor(info, namespace, "") : keyFor({ ...info, namespaced: false }, undefined, "");
}

/**
 * The object a stored value stands for, as of `revision`: its resourceVersion is that revision, as a string.
 * A read passes the key's modRevision; a deletion passes its own revision (etcd3 watcher.go does the same).
 */
function toObject(value: string, revision: number): Obj {
  const obj = JSON.parse(value) as Obj;
  // TODO: the store does not keep resourceVersion: set `metadata.resourceVersion` from `revision` (a string).
  return todo("resourceVersion from the revision");
}

/**
 * Fills in what the server owns on create (rest.BeforeCreate and the kind's PrepareForCreate): uid,
 * creationTimestamp, generation 1 for kinds that track it, and the status a new object starts with.
 */
function prepareForCreate(info: ResourceInfo, obj: Obj, uid: string, now: string): void {
  const strategy = STRATEGIES[info.resource] ?? {};
  // TODO: set uid and creationTimestamp, drop any deletion fields the client sent, set generation 1 where
  // `strategy.generation` (and drop it elsewhere), and start status over from `strategy.statusOnCreate` if it has one.
  todo("fill in what the server owns on create");
}

/**
 * The object an update stores (rest.BeforeUpdate and the kind's PrepareForUpdate): the caller's spec and metadata,
 * but the server's uid, creationTimestamp and deletion fields, the stored status, and a generation that counts
 * spec changes only. Does NOT modify its inputs.
 */
function prepareForUpdate(info: ResourceInfo, incoming: Obj, stored: Obj): Obj {
  const next = clone(incoming);
  const meta = next.metadata;
  const old = stored.metadata;
  delete meta.resourceVersion;
  meta.uid ||= old.uid;
  meta.creationTimestamp = old.creationTimestamp;
  // An update can neither set nor clear a deletion: only delete does that.
  meta.deletionTimestamp = old.deletionTimestamp;
  meta.deletionGracePeriodSeconds ??= old.deletionGracePeriodSeconds;
  if (meta.deletionTimestamp === undefined) delete meta.deletionGracePeriodSeconds;

  const strategy = STRATEGIES[info.resource] ?? {};
  // TODO: two rules. Status has its own endpoint: for kinds with `info.hasStatus`, keep the stored status.
  // And only the server counts generations: start from the stored one, add 1 when `strategy.generation` and the spec
  // changed (compare with `deepEqual`), or, with `strategy.annotationsBumpGeneration`, the annotations did.
  todo("keep the stored status; the generation rule");
  return withoutUndefined(next);
}

/**
 * The object a status update stores: everything as stored, except `status` and `metadata.annotations`, which are
 * the caller's. Upstream's status strategies keep the stored spec and labels and take the rest of the request
 * (pkg/registry/apps/deployment/strategy.go deploymentStatusStrategy: the Deployment controller writes its revision
 * annotation together with its status); we take the annotations and nothing else of the metadata.
 */
function prepareForStatusUpdate(incoming: Obj, stored: Obj): Obj {
  // TODO: start from the stored object (without its resourceVersion) and take `status` and
  // `metadata.annotations` from the caller; the stored spec stays.
  return todo("a status update changes status (and annotations) only");
}

/**
 * An update that leaves no finalizer on an object whose deletion was asked for (and whose grace period is over)
 * deletes it (registry.ShouldDeleteDuringUpdate).
 */
function shouldDeleteDuringUpdate(next: Obj, stored: Obj): boolean {
  const noFinalizers = (next.metadata.finalizers ?? []).length === 0;
  const graceOver = (stored.metadata.deletionGracePeriodSeconds ?? 0) === 0;
  return noFinalizers && stored.metadata.deletionTimestamp !== undefined && graceOver;
}

/**
 * The finalizers after a delete with this propagation policy (deletionFinalizersForGarbageCollection):
 * Orphan adds `orphan`, Foreground adds `foregroundDeletion`, Background removes both; no policy keeps them.
 */
function finalizersFor(finalizers: readonly string[], policy: ApiDeleteOptions["propagationPolicy"]): string[] {
  if (policy === undefined) return [...finalizers];
  const next = finalizers.filter((f) => !GC_FINALIZERS.includes(f));
  if (policy === "Orphan") next.push("orphan");
  if (policy === "Foreground") next.push("foregroundDeletion");
  const same = next.length === finalizers.length && next.every((f) => finalizers.includes(f));
  return same ? [...finalizers] : next;
}

/**
 * What a delete does to an object (rest.BeforeDelete, deletionFinalizersForGarbageCollection, markAsDeleting):
 * returns the object to store, marked as being deleted; `stored` itself when a graceful deletion is already under
 * way and the request does not shorten it; undefined when the object is to be removed now.
 */
function prepareForDelete(info: ResourceInfo, stored: Obj, options: ApiDeleteOptions, now: string): Obj | undefined {
  const next = clone(stored);
  const meta = next.metadata;
  delete meta.resourceVersion;
  // TODO: a pod (`info.resource === "pods"`) not yet being deleted gets `podGracePeriod` seconds: deletionTimestamp
  // `now` + that, deletionGracePeriodSeconds, generation + 1; a repeated delete only shortens a pending grace period
  // (return `stored` when it does not). Apply the propagation policy (`finalizersFor`). With finalizers left or a
  // grace period running, return the object marked (deletionTimestamp `now` and grace 0 if none yet, generation + 1);
  // otherwise undefined: remove it now.
  return todo("finalizers and graceful deletion");
}

/** Drops keys whose value is undefined (JSON would), so that "changed nothing" compares what is stored. */
function withoutUndefined(obj: Obj): Obj {
  return JSON.parse(JSON.stringify(obj)) as Obj;
}

/** A watch stream: the storage callback pushes, the client pulls; `return()` cancels the storage watch. */
class WatchQueue implements ApiWatch {
  private readonly items: ApiWatchEvent[] = [];
  private waiting?: (result: IteratorResult<ApiWatchEvent>) => void;
  private ending = false;
  private closed = false;
  private onClose: () => void = () => {};

  push(event: ApiWatchEvent): void {
    if (this.closed || this.ending) return;
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = undefined;
      resolve({ value: event, done: false });
    } else this.items.push(event);
  }

  /** No more events after those queued (an ERROR ends a watch). */
  end(): void {
    this.ending = true;
    if (this.items.length === 0) this.close();
  }

  next(): Promise<IteratorResult<ApiWatchEvent>> {
    const item = this.items.shift();
    if (item) {
      if (this.ending && this.items.length === 0) this.close();
      return Promise.resolve({ value: item, done: false });
    }
    if (this.closed) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => (this.waiting = resolve));
  }

  return(): Promise<IteratorResult<ApiWatchEvent>> {
    this.items.length = 0;
    this.close();
    return Promise.resolve({ value: undefined, done: true });
  }

  /** Runs `cancel` when the client closes the stream (at once if it already has). */
  whenClosed(cancel: () => void): void {
    if (this.closed) cancel();
    else this.onClose = cancel;
  }

  [Symbol.asyncIterator](): ApiWatch {
    return this;
  }

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    this.onClose();
    const resolve = this.waiting;
    this.waiting = undefined;
    resolve?.({ value: undefined, done: true });
  }
}

export class ApiServer implements Api {
  private readonly storage: Storage;
  private readonly now: () => string;
  private readonly uid: () => string;
  private readonly suffix?: () => string;

  constructor(options: ApiServerOptions) {
    this.storage = options.storage;
    this.now = options.now;
    this.uid = options.uid;
    this.suffix = options.suffix;
  }

  async create<T extends ApiObject>(resource: string, object: T, namespace?: string): Promise<T> {
    const info = this.info(resource);
    const obj = this.complete(info, object);
    const meta = obj.metadata;
    if (info.namespaced) {
      if (namespace !== undefined && meta.namespace !== undefined && meta.namespace !== namespace) {
        throw badRequest("the namespace of the provided object does not match the namespace sent on the request");
      }
      meta.namespace = namespace ?? meta.namespace ?? "default";
    } else delete meta.namespace;
    const resourceVersion = meta.resourceVersion;

    prepareForCreate(info, obj, this.uid(), this.now());
    if (!meta.name && meta.generateName) meta.name = generatedName(meta.generateName, this.suffix ? this.suffix() : suffixFrom(this.uid()));
    this.validate(info, obj);
    if (resourceVersion) throw internal(new Error("resourceVersion should not be set on objects to be created"));

    const stored = await this.putIf(keyFor(info, meta.namespace, meta.name!), obj, 0);
    if (!stored) throw alreadyExists(groupResource(info), meta.name!);
    return stored as unknown as T;
  }

  async get<T extends ApiObject>(resource: string, namespace: string | undefined, name: string): Promise<T> {
    const info = this.info(resource);
    const current = await this.read(keyFor(info, this.namespaceOf(info, namespace), name));
    if (!current) throw notFound(groupResource(info), name);
    return current.object as unknown as T;
  }

  async list<T extends ApiObject>(resource: string, options: ApiListOptions = {}): Promise<ApiList<T>> {
    const info = this.info(resource);
    const selects = this.selector(info, options);
    const prefix = prefixFor(info, options.namespace);
    const limit = options.limit && options.limit > 0 ? options.limit : 0;

    let fromKey = prefix;
    let revision = parseResourceVersion(options.resourceVersion);
    if (options.continue) {
      if (revision !== 0) throw badRequest("specifying resource version is not allowed when using continue");
      // TODO: a next page starts at the token's key and reads at the token's revision (`decodeContinue`).
      todo("continue where the last page stopped");
    }
    const page = await this.range(fromKey, prefixEnd(prefix), revision, options.continue ? CONTINUE_EXPIRED_MESSAGE : LIST_EXPIRED_MESSAGE);
    // Every object of the list as of one revision: the one asked for, or the store's now.
    const readAt = revision || page.revision;

    const items: Obj[] = [];
    const metadata: ApiList["metadata"] = { resourceVersion: String(readAt) };
    // TODO: keep the objects of `page.kvs` that `selects`, at most `limit` of them (0: all). When keys remain after
    // the page is full, set `metadata.continue` (`encodeContinue` of the last key looked at + "\0", reading at
    // `readAt`) and, without selectors, `metadata.remainingItemCount`.
    todo("select, and cut a page");
    return { apiVersion: groupVersion(info), kind: `${info.kind}List`, metadata, items: items as unknown as T[] };
  }

  async update<T extends ApiObject>(resource: string, object: T): Promise<T> {
    const info = this.info(resource);
    const obj = this.complete(info, object);
    const name = this.nameOf(info, obj);
    const key = keyFor(info, this.namespaceOf(info, obj.metadata.namespace), name);
    obj.metadata.namespace = this.namespaceOf(info, obj.metadata.namespace);

    for (;;) {
      const current = await this.read(key);
      if (!current) throw notFound(groupResource(info), name);
      this.checkResourceVersion(info, obj, current);
      if (obj.metadata.uid && obj.metadata.uid !== current.object.metadata.uid) {
        throw invalid({ group: info.group, kind: info.kind }, name, [FieldError.invalid("metadata.uid", obj.metadata.uid, "field is immutable")]);
      }
      const next = prepareForUpdate(info, obj, current.object);
      this.validate(info, next);
      const written = await this.store(key, next, current);
      if (written) return written as unknown as T;
      // Someone wrote between our read and our write: read again. With a resourceVersion that is now a 409.
    }
  }

  async updateStatus<T extends ApiObject>(resource: string, object: T): Promise<T> {
    const info = this.info(resource);
    if (!info.hasStatus) throw new ApiError(404, "NotFound", "the server could not find the requested resource");
    const obj = this.complete(info, object);
    const name = this.nameOf(info, obj);
    const key = keyFor(info, this.namespaceOf(info, obj.metadata.namespace), name);

    for (;;) {
      const current = await this.read(key);
      if (!current) throw notFound(groupResource(info), name);
      this.checkResourceVersion(info, obj, current);
      const next = prepareForStatusUpdate(obj, current.object);
      this.validate(info, next);
      const written = await this.store(key, next, current);
      if (written) return written as unknown as T;
    }
  }

  async delete<T extends ApiObject>(
    resource: string,
    namespace: string | undefined,
    name: string,
    options: ApiDeleteOptions = {},
  ): Promise<ApiDeleteResult<T>> {
    const info = this.info(resource);
    const key = keyFor(info, this.namespaceOf(info, namespace), name);

    for (;;) {
      const current = await this.read(key);
      if (!current) throw notFound(groupResource(info), name);
      this.checkPreconditions(info, current.object, options);
      const marked = prepareForDelete(info, current.object, options, this.now());
      if (marked) {
        if (marked === current.object || deepEqual(marked, this.stored(current))) return { object: current.object as unknown as T, deleted: false };
        const written = await this.putIf(key, marked, current.modRevision);
        if (written) return { object: written as unknown as T, deleted: false };
        continue;
      }
      const gone = await this.deleteIf(key, current);
      if (gone) return { object: gone as unknown as T, deleted: true };
    }
  }

  async watch<T extends ApiObject>(resource: string, options: ApiWatchOptions = {}): Promise<ApiWatch<T>> {
    const info = this.info(resource);
    const selects = this.selector(info, options);
    const prefix = prefixFor(info, options.namespace);
    const requested = parseResourceVersion(options.resourceVersion);
    const queue = new WatchQueue();

    const translate = (event: WatchEvent): ApiWatchEvent | undefined => {
      // TODO: turn a store event into what a client of this watch sees: compare whether the new state (PUT only)
      // and the previous state (`event.prevKv`) match `selects`: both -> MODIFIED, new only -> ADDED, old only ->
      // DELETED with the old state; neither -> nothing, or a BOOKMARK when `options.allowWatchBookmarks`. Every
      // object carries the event's revision (`event.kv.modRevision`) as its resourceVersion: use `toObject`.
      return todo("translate a store event");
    };

    // TODO: without a resourceVersion (`requested` 0), read the current state (`this.range(prefix, prefixEnd(prefix),
    // 0, LIST_EXPIRED_MESSAGE)`), queue an ADDED for every match, then `this.follow(queue, prefix, from, translate)`
    // from the revision after that read; with one, follow from `requested + 1`. When `follow` rejects because the
    // store compacted that revision (`isCompacted(error)`), queue one ERROR carrying
    // `tooOldResourceVersion(requested, error.compactRevision).toStatus()` and `queue.end()`.
    todo("start the watch");
    return queue as unknown as ApiWatch<T>;
  }

  async bind(namespace: string, name: string, node: string, uid?: string): Promise<ApiObject> {
    const info = this.info("pods");
    const key = keyFor(info, namespace, name);
    const binding = { resource: "pods/binding" };
    for (;;) {
      const current = await this.read(key);
      if (!current) throw notFound(groupResource(info), name);
      const pod = this.stored(current);
      if (uid !== undefined && uid !== pod.metadata.uid) {
        throw conflict(binding, name, `the UID in the precondition (${uid}) does not match the UID in record (${pod.metadata.uid}). The object might have been deleted and then recreated`);
      }
      if (pod.metadata.deletionTimestamp) throw internal(new Error(`pod ${name} is being deleted, cannot be assigned to a host`));
      const spec = (pod.spec ?? {}) as { nodeName?: string };
      if (spec.nodeName) throw conflict(binding, name, `pod ${name} is already assigned to node ${JSON.stringify(spec.nodeName)}`);
      pod.spec = { ...spec, nodeName: node };
      const status = (pod.status ?? {}) as { conditions?: { type: string; status: string }[] };
      const others = (status.conditions ?? []).filter((c) => c.type !== "PodScheduled");
      pod.status = { ...status, conditions: [...others, { type: "PodScheduled", status: "True", lastProbeTime: null, lastTransitionTime: this.now() }] };
      const written = await this.putIf(key, pod, current.modRevision);
      if (written) return written;
    }
  }

  // ---- helpers ----

  /**
   * Optimistic concurrency: a write that carries `metadata.resourceVersion` means "only if nobody wrote since I
   * read". Without one, the write is unconditional.
   */
  private checkResourceVersion(info: ResourceInfo, obj: Obj, current: Current): void {
    // TODO: when the caller sent a resourceVersion that is not the current modRevision, reject with `conflict`.
    todo("optimistic concurrency");
  }

  /**
   * Writes `obj` under `key` only if the key's modRevision is still `expected` (0: the key does not exist), as one
   * etcd transaction; returns the stored object, or undefined when another write got there first.
   */
  private async putIf(key: string, obj: Obj, expected: number): Promise<Obj | undefined> {
    const value = encode(obj);
    // TODO: one `this.storage.txn`: compare the key's modRevision with `expected`, put `value` on success; return
    // the stored object (its resourceVersion is the txn's revision), or undefined when the compare failed.
    return todo("compare-and-swap");
  }

  /**
   * Watches every key under `prefix` from revision `from` on (with each key's previous state) and queues what
   * `translate` makes of each store event; closing the queue cancels the storage watch. Rejects with
   * CompactedError when the store no longer has revision `from`.
   */
  private async follow(queue: WatchQueue, prefix: string, from: number, translate: (event: WatchEvent) => ApiWatchEvent | undefined): Promise<void> {
    const watcher = await this.storage.watch({ key: prefix, end: prefixEnd(prefix), startRevision: from, prevKv: true }, (events) => {
      for (const event of events) {
        const translated = translate(event);
        if (translated) queue.push(translated);
      }
    });
    queue.whenClosed(() => watcher.cancel());
  }

  /** Deletes `key` if it is still as read; returns its last state with the deletion's revision, or undefined. */
  private async deleteIf(key: string, current: Current): Promise<Obj | undefined> {
    const result = await this.storage.txn({
      compare: [{ key, target: "modRevision", result: "equal", value: current.modRevision }],
      success: [{ op: "delete", range: { key } }],
      failure: [],
    });
    return result.succeeded ? toObject(encode(current.object), result.revision) : undefined;
  }

  /** The write that ends an update: nothing when nothing changed, a delete when the last finalizer went, else a put. */
  private async store(key: string, next: Obj, current: Current): Promise<Obj | undefined> {
    if (shouldDeleteDuringUpdate(next, current.object)) return this.deleteIf(key, current);
    // An update that changes nothing writes nothing: same object, same resourceVersion (GuaranteedUpdate).
    if (deepEqual(next, this.stored(current))) return current.object;
    return this.putIf(key, next, current.modRevision);
  }

  private async read(key: string): Promise<Current | undefined> {
    const { kvs } = await this.storage.range({ key });
    const kv = kvs[0];
    return kv ? { object: toObject(kv.value, kv.modRevision), modRevision: kv.modRevision } : undefined;
  }

  /** The stored form of a read object (no resourceVersion), to compare a new state with. */
  private stored(current: Current): Obj {
    return JSON.parse(encode(current.object)) as Obj;
  }

  /** A range at `revision` (0: now), with the store's refusals turned into API errors. */
  private async range(key: string, end: string, revision: number, expiredMessage: string) {
    try {
      return await this.storage.range({ key, end, revision });
    } catch (error) {
      if (isCompacted(error)) throw expired(expiredMessage);
      if (error instanceof FutureRevisionError) {
        const current = await this.storage.currentRevision();
        throw new ApiError(504, "Timeout", `Too large resource version: ${revision}, current: ${current}`, { retryAfterSeconds: 1 });
      }
      throw error;
    }
  }

  private info(resource: string): ResourceInfo {
    const info = resourceFor(resource);
    if (!info) throw new ApiError(404, "NotFound", "the server could not find the requested resource");
    return info;
  }

  private namespaceOf(info: ResourceInfo, namespace: string | undefined): string | undefined {
    return info.namespaced ? (namespace ?? "default") : undefined;
  }

  private nameOf(info: ResourceInfo, obj: Obj): string {
    if (obj.metadata.name) return obj.metadata.name;
    throw invalid({ group: info.group, kind: info.kind }, "", [FieldError.required("metadata.name", "name or generateName is required")]);
  }

  /**
   * A copy of the request's object with apiVersion and kind filled in and upstream's field defaults applied (what
   * the decoder does before a request reaches the registry); a body of another kind is a 400.
   */
  private complete(info: ResourceInfo, object: ApiObject): Obj {
    const obj = clone(object) as Partial<Obj>;
    const apiVersion = groupVersion(info);
    if (obj.apiVersion !== undefined && obj.apiVersion !== apiVersion) {
      throw badRequest(`the API version in the data (${obj.apiVersion}) does not match the expected API version (${apiVersion})`);
    }
    if (obj.kind !== undefined && obj.kind !== info.kind) {
      throw badRequest(`the kind in the data (${obj.kind}) does not match the expected kind (${info.kind})`);
    }
    return applyDefaults({ ...obj, apiVersion, kind: info.kind, metadata: { ...obj.metadata } } as Obj);
  }

  private validate(info: ResourceInfo, obj: Obj): void {
    const errors = validateObject(obj);
    if (errors.length > 0) throw invalid({ group: info.group, kind: info.kind }, obj.metadata.name ?? "", errors);
  }

  /** DeleteOptions.preconditions, worded as rest.BeforeDelete words them (the kind, not the resource, in the message). */
  private checkPreconditions(info: ResourceInfo, obj: Obj, options: ApiDeleteOptions): void {
    const pre = options.preconditions;
    const gk = { group: info.group, resource: info.kind };
    const name = obj.metadata.name!;
    if (pre?.uid !== undefined && pre.uid !== obj.metadata.uid) {
      throw conflict(gk, name, `the UID in the precondition (${pre.uid}) does not match the UID in record (${obj.metadata.uid}). The object might have been deleted and then recreated`);
    }
    if (pre?.resourceVersion !== undefined && pre.resourceVersion !== obj.metadata.resourceVersion) {
      throw conflict(gk, name, `the ResourceVersion in the precondition (${pre.resourceVersion}) does not match the ResourceVersion in record (${obj.metadata.resourceVersion}). The object might have been modified`);
    }
  }

  /** The label and field selectors of a list or watch as one predicate; a selector that does not parse is a 400. */
  private selector(info: ResourceInfo, options: { labelSelector?: string; fieldSelector?: string }): (obj: Obj) => boolean {
    try {
      const labels = parseSelector(options.labelSelector ?? "");
      const fields = convertFieldSelector(info.resource, parseFieldSelector(options.fieldSelector ?? ""));
      return (obj) => matches(labels, obj.metadata.labels) && matchesFields(fields, selectableFields(info.resource, obj));
    } catch (error) {
      if (error instanceof LabelSelectorError || error instanceof FieldSelectorError) throw badRequest(error.message);
      throw error;
    }
  }
}

function isCompacted(error: unknown): error is CompactedError {
  return error instanceof CompactedError || (error instanceof Error && error.name === "CompactedError");
}
