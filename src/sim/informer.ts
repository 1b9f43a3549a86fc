/**
 * An informer-like cache of one resource (client-go tools/cache: Reflector + Indexer + handlers, simplified): it
 * lists through the API, then watches from the list's resourceVersion, keeps every object deep-frozen by
 * `namespace/name`, and tells its handlers about each change. Controllers read only from these caches, so what they
 * see is read-only and is exactly what the apiserver slot served.
 *
 * As client-go's Indexer, it keeps indices so a controller need not scan the whole cache at scale: each namespace's
 * keys in order (what `list(namespace)` returns), and any index added with `addIndexers` (a function from an object
 * to the values it is filed under, as cache.Indexers; `byIndex` answers in key order, as `list` does).
 */
import { deepFreeze, type KubeObject } from "#kube";
import { keyOf, type Api, type ApiWatch } from "./api.ts";

export type Frozen = Readonly<KubeObject>;

export interface InformerHandlers {
  onAdd?(obj: Frozen): void;
  onUpdate?(old: Frozen, obj: Frozen): void;
  onDelete?(obj: Frozen): void;
}

/** The values an object is filed under in one index (cache.IndexFunc). */
export type IndexFunc = (obj: Frozen) => readonly string[];

/** A set of keys, and the same keys sorted, computed when asked for and forgotten when the set changes. */
class KeySet {
  readonly keys = new Set<string>();
  #sorted?: string[];
  add(key: string): void {
    if (this.keys.has(key)) return;
    this.keys.add(key);
    this.#sorted = undefined;
  }
  delete(key: string): void {
    if (this.keys.delete(key)) this.#sorted = undefined;
  }
  sorted(): readonly string[] {
    return (this.#sorted ??= [...this.keys].sort(byKey));
  }
}

const byKey = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
/** The namespace an object is listed under; cluster-scoped objects under a name no namespace can have. */
const namespaceOf = (obj: Frozen): string => obj.metadata.namespace ?? "\u0000";

export class Informer {
  #cache = new Map<string, Frozen>();
  #byUid = new Map<string, Frozen>();
  /** Every key, and the keys of each namespace. */
  #all = new KeySet();
  #byNamespace = new Map<string, KeySet>();
  #indexers = new Map<string, IndexFunc>();
  /** index name -> value -> keys. */
  #indices = new Map<string, Map<string, KeySet>>();
  #handlers: InformerHandlers[] = [];
  #watch?: ApiWatch;

  constructor(readonly resource: string) {}

  addHandlers(handlers: InformerHandlers): void {
    this.#handlers.push(handlers);
  }

  /** Adds indices (cache.Indexer.AddIndexers); objects already cached are filed at once. */
  addIndexers(indexers: Record<string, IndexFunc>): void {
    for (const [name, fn] of Object.entries(indexers)) {
      if (this.#indexers.has(name)) continue;
      this.#indexers.set(name, fn);
      this.#indices.set(name, new Map());
      for (const [key, obj] of this.#cache) this.#file(name, fn(obj), key, true);
    }
  }

  /** Files `key` under `values` in the index `name` (`add`), or takes it out of them. */
  #file(name: string, values: readonly string[], key: string, add: boolean): void {
    const index = this.#indices.get(name)!;
    for (const value of values) {
      let set = index.get(value);
      if (add) {
        if (!set) index.set(value, (set = new KeySet()));
        set.add(key);
      } else if (set) {
        set.delete(key);
        if (set.keys.size === 0) index.delete(value);
      }
    }
  }

  /** Files `obj` (now cached under `key`) in every index, in place of `old`. */
  #reindex(key: string, old: Frozen | undefined, obj: Frozen | undefined): void {
    if (!old && obj) {
      this.#all.add(key);
      let ns = this.#byNamespace.get(namespaceOf(obj));
      if (!ns) this.#byNamespace.set(namespaceOf(obj), (ns = new KeySet()));
      ns.add(key);
    } else if (old && !obj) {
      this.#all.delete(key);
      this.#byNamespace.get(namespaceOf(old))?.delete(key);
    }
    for (const [name, fn] of this.#indexers) {
      const after = obj ? fn(obj) : [];
      // Only the values that changed, so an update that keeps an object's place keeps the sorted keys too.
      if (old) this.#file(name, fn(old).filter((v) => !after.includes(v)), key, false);
      this.#file(name, after, key, true);
    }
  }

  /** Lists, fills the cache, then watches from the list's resourceVersion. */
  async start(api: Api): Promise<void> {
    const list = await api.list(this.resource);
    for (const item of list.items) this.#apply("ADDED", item as KubeObject);
    const rv = list.metadata.resourceVersion;
    const watch = await api.watch(this.resource, rv ? { resourceVersion: rv } : {});
    this.#watch = watch;
    void (async () => {
      for await (const event of watch) {
        if (event.type === "ADDED" || event.type === "MODIFIED" || event.type === "DELETED") this.#apply(event.type, event.object as KubeObject);
        // An ERROR (410 Gone) ends the watch; relisting is chapter 16's informer, not needed on the embedded store.
      }
    })();
  }

  stop(): void {
    void this.#watch?.return();
  }

  #apply(type: "ADDED" | "MODIFIED" | "DELETED", object: KubeObject): void {
    const key = keyOf(object);
    const old = this.#cache.get(key);
    if (type === "DELETED") {
      if (!old) return;
      this.#cache.delete(key);
      if (old.metadata.uid) this.#byUid.delete(old.metadata.uid);
      this.#reindex(key, old, undefined);
      const gone = deepFreeze(object) as Frozen;
      for (const h of this.#handlers) h.onDelete?.(gone);
      return;
    }
    // An event older than what we hold (a replayed list item) changes nothing.
    if (old && old.metadata.resourceVersion === object.metadata.resourceVersion && old.metadata.uid === object.metadata.uid) return;
    const obj = deepFreeze(object) as Frozen;
    this.#cache.set(key, obj);
    this.#reindex(key, old, obj);
    if (old?.metadata.uid && old.metadata.uid !== obj.metadata.uid) this.#byUid.delete(old.metadata.uid);
    if (obj.metadata.uid) this.#byUid.set(obj.metadata.uid, obj);
    for (const h of this.#handlers) (old ? h.onUpdate?.(old, obj) : h.onAdd?.(obj));
  }

  get(key: string): Frozen | undefined {
    return this.#cache.get(key);
  }

  byUid(uid: string): Frozen | undefined {
    return this.#byUid.get(uid);
  }

  /** Every cached object (of one namespace, if given), sorted by key so views are in a stable order. */
  list(namespace?: string): Frozen[] {
    const keys = namespace === undefined ? this.#all : this.#byNamespace.get(namespace);
    return keys ? this.objects(keys.sorted()) : [];
  }

  /** How many objects are cached. */
  get size(): number {
    return this.#cache.size;
  }

  /** The objects filed under `value` in the index `name` (cache.Indexer.ByIndex), sorted by key as `list` is. */
  byIndex(name: string, value: string): Frozen[] {
    const index = this.#indices.get(name);
    if (!index) throw new Error(`Informer ${this.resource}: no index "${name}"`);
    const keys = index.get(value);
    return keys ? this.objects(keys.sorted()) : [];
  }

  /** The keys filed under `value` in the index `name`, sorted. */
  indexSortedKeys(name: string, value: string): readonly string[] {
    if (!this.#indices.has(name)) throw new Error(`Informer ${this.resource}: no index "${name}"`);
    return this.#indices.get(name)!.get(value)?.sorted() ?? [];
  }

  /** The cached objects of `keys` (keys this cache holds), in that order. */
  objects(keys: readonly string[]): Frozen[] {
    const out = new Array<Frozen>(keys.length);
    for (let i = 0; i < keys.length; i++) out[i] = this.#cache.get(keys[i]!)!;
    return out;
  }
}
