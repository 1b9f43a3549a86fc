/**
 * An informer-like cache of one resource (client-go tools/cache: Reflector + Indexer + handlers, simplified): it
 * lists through the API, then watches from the list's resourceVersion, keeps every object deep-frozen by
 * `namespace/name`, and tells its handlers about each change. Controllers read only from these caches, so what they
 * see is read-only and is exactly what the apiserver slot served.
 */
import { deepFreeze, type KubeObject } from "#kube";
import { keyOf, type Api, type ApiWatch } from "./api.ts";

export type Frozen = Readonly<KubeObject>;

export interface InformerHandlers {
  onAdd?(obj: Frozen): void;
  onUpdate?(old: Frozen, obj: Frozen): void;
  onDelete?(obj: Frozen): void;
}

export class Informer {
  #cache = new Map<string, Frozen>();
  #byUid = new Map<string, Frozen>();
  #handlers: InformerHandlers[] = [];
  #watch?: ApiWatch;

  constructor(readonly resource: string) {}

  addHandlers(handlers: InformerHandlers): void {
    this.#handlers.push(handlers);
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
      const gone = deepFreeze(object) as Frozen;
      for (const h of this.#handlers) h.onDelete?.(gone);
      return;
    }
    // An event older than what we hold (a replayed list item) changes nothing.
    if (old && old.metadata.resourceVersion === object.metadata.resourceVersion && old.metadata.uid === object.metadata.uid) return;
    const obj = deepFreeze(object) as Frozen;
    this.#cache.set(key, obj);
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
    return [...this.#cache.entries()]
      .filter(([, o]) => namespace === undefined || o.metadata.namespace === namespace)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, o]) => o);
  }
}
