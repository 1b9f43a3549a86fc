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
  return info.namespaced ? `/registry/${info.etcdPrefix}/${namespace}/${name}` : `/registry/${info.etcdPrefix}/${name}`;
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
  obj.metadata.resourceVersion = String(revision);
  return obj;
}

/**
 * Fills in what the server owns on create (rest.BeforeCreate and the kind's PrepareForCreate): uid,
 * creationTimestamp, generation 1 for kinds that track it, and the status a new object starts with.
 */
function prepareForCreate(info: ResourceInfo, obj: Obj, uid: string, now: string): void {
  const strategy = STRATEGIES[info.resource] ?? {};
  obj.metadata.uid = uid;
  obj.metadata.creationTimestamp = now;
  delete obj.metadata.deletionTimestamp;
  delete obj.metadata.deletionGracePeriodSeconds;
  if (strategy.generation) obj.metadata.generation = 1;
  else delete obj.metadata.generation;
  if (strategy.statusOnCreate) obj.status = clone(strategy.statusOnCreate);
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
  // Status has its own endpoint: an update of the main resource cannot change it.
  if (info.hasStatus) next.status = clone(stored.status);

  // Only the server counts generations; spec changes (and, for Deployments, annotation changes) bump it, so a
  // controller's status.observedGeneration says which spec it has acted on.
  meta.generation = old.generation;
  if (strategy.generation) {
    const annotationsChanged = strategy.annotationsBumpGeneration === true && !deepEqual(meta.annotations, old.annotations);
    if (!deepEqual(next.spec, stored.spec) || annotationsChanged) meta.generation = (old.generation ?? 0) + 1;
  }
  return withoutUndefined(next);
}

/**
 * The object a status update stores: everything as stored, except `status` and `metadata.annotations`, which are
 * the caller's. Upstream's status strategies keep the stored spec and labels and take the rest of the request
 * (pkg/registry/apps/deployment/strategy.go deploymentStatusStrategy: the Deployment controller writes its revision
 * annotation together with its status); we take the annotations and nothing else of the metadata.
 */
function prepareForStatusUpdate(incoming: Obj, stored: Obj): Obj {
  const next = clone(stored);
  delete next.metadata.resourceVersion;
  next.status = clone(incoming.status);
  next.metadata.annotations = clone(incoming.metadata.annotations);
  return withoutUndefined(next);
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
  const pending = meta.deletionTimestamp !== undefined ? (meta.deletionGracePeriodSeconds ?? 0) : 0;
  let period = 0;
  if (pending > 0) {
    // A graceful deletion is under way: only a shorter grace period changes anything.
    const requested = options.gracePeriodSeconds;
    if (requested === undefined || requested >= pending) return stored;
    period = requested < 0 ? 1 : requested;
    meta.deletionTimestamp = addSeconds(addSeconds(meta.deletionTimestamp!, -pending), period);
    meta.deletionGracePeriodSeconds = period;
  } else if (meta.deletionTimestamp === undefined && info.resource === "pods") {
    // A pod on a node gets time to stop its containers: the kubelet deletes it for good when they have.
    period = podGracePeriod(next as never, options.gracePeriodSeconds);
    meta.deletionTimestamp = addSeconds(now, period);
    meta.deletionGracePeriodSeconds = period;
    if (meta.generation) meta.generation += 1;
  }

  const finalizers = finalizersFor(meta.finalizers ?? [], options.propagationPolicy);
  if (finalizers.length > 0 || meta.finalizers !== undefined) meta.finalizers = finalizers;
  if (finalizers.length > 0 || period > 0) {
    // Someone still has work to do: mark the object as being deleted and keep it.
    if (meta.deletionTimestamp === undefined) {
      meta.deletionTimestamp = now;
      if (meta.generation) meta.generation += 1;
    }
    meta.deletionGracePeriodSeconds ??= 0;
    return withoutUndefined(next);
  }
  return undefined;
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
      ({ fromKey, revision } = decodeContinue(options.continue, prefix));
    }
    const page = await this.range(fromKey, prefixEnd(prefix), revision, options.continue ? CONTINUE_EXPIRED_MESSAGE : LIST_EXPIRED_MESSAGE);
    // Every object of the list as of one revision: the one asked for, or the store's now.
    const readAt = revision || page.revision;

    const items: Obj[] = [];
    const metadata: ApiList["metadata"] = { resourceVersion: String(readAt) };
    let lastKey = "";
    let more = false;
    for (const kv of page.kvs) {
      if (limit && items.length >= limit) {
        more = true;
        break;
      }
      lastKey = kv.key;
      const obj = toObject(kv.value, kv.modRevision);
      if (selects(obj)) items.push(obj);
    }
    if (more) {
      // The next page starts right after the last key looked at, and reads at the same revision as this one.
      metadata.continue = encodeContinue(lastKey + "\0", prefix, readAt);
      // Without selectors every key is an item, so the count of keys left is the count of items left.
      if (!options.labelSelector && !options.fieldSelector) metadata.remainingItemCount = page.count - limit;
    }
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
      const revision = event.kv.modRevision;
      const cur = event.type === "PUT" ? toObject(event.kv.value, revision) : undefined;
      // The previous state carries the revision of this change: a DELETED object says when it went away.
      const old = event.prevKv ? toObject(event.prevKv.value, revision) : undefined;
      const curMatches = cur !== undefined && selects(cur);
      const oldMatches = old !== undefined && selects(old);
      if (curMatches && oldMatches) return { type: "MODIFIED", object: cur };
      if (curMatches) return { type: "ADDED", object: cur };
      if (oldMatches) return { type: "DELETED", object: old };
      if (!options.allowWatchBookmarks) return undefined;
      // Filtered out: a bookmark lets a selective watcher resume from here rather than from far behind.
      return { type: "BOOKMARK", object: { apiVersion: groupVersion(info), kind: info.kind, metadata: { resourceVersion: String(revision) } } };
    };

    let from = requested + 1;
    if (requested === 0) {
      // No resourceVersion: the current state first, as ADDED events, then every change after it.
      const page = await this.range(prefix, prefixEnd(prefix), 0, LIST_EXPIRED_MESSAGE);
      for (const kv of page.kvs) {
        const obj = toObject(kv.value, kv.modRevision);
        if (selects(obj)) queue.push({ type: "ADDED", object: obj });
      }
      from = page.revision + 1;
    }
    try {
      await this.follow(queue, prefix, from, translate);
    } catch (error) {
      if (!isCompacted(error)) throw error;
      // The changes after `requested` are gone: the client must list again and watch from the list's revision.
      queue.push({ type: "ERROR", object: tooOldResourceVersion(requested, error.compactRevision).toStatus() });
      queue.end();
    }
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
    const resourceVersion = obj.metadata.resourceVersion;
    if (resourceVersion && resourceVersion !== String(current.modRevision)) throw conflict(groupResource(info), obj.metadata.name!);
  }

  /**
   * Writes `obj` under `key` only if the key's modRevision is still `expected` (0: the key does not exist), as one
   * etcd transaction; returns the stored object, or undefined when another write got there first.
   */
  private async putIf(key: string, obj: Obj, expected: number): Promise<Obj | undefined> {
    const value = encode(obj);
    const result = await this.storage.txn({
      compare: [{ key, target: "modRevision", result: "equal", value: expected }],
      success: [{ op: "put", key, value }],
      failure: [],
    });
    return result.succeeded ? toObject(value, result.revision) : undefined;
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
