/**
 * Chapter 1: the observe-diff-act step that every Kubernetes controller repeats.
 *
 * `reconcile` compares the objects we want (desired) with the objects the cluster has (observed) and returns the
 * actions that bring the cluster to what we want. It is a pure function: it changes nothing and reads no clock, so
 * running it twice on the same input gives the same actions, and running it on its own result gives none.
 *
 * The same idea runs kubectl's `apply --prune` and the addon manager (kubernetes/kubernetes
 * cluster/addons/addon-manager): objects we manage carry a label, and only those are ever deleted.
 */

/** The parts of a Kubernetes object this chapter reads. Everything else is carried along untouched. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    resourceVersion?: string;
    deletionTimestamp?: string;
    [field: string]: unknown;
  };
  [field: string]: unknown;
}

export type Action =
  | { type: "create"; object: KubeObject }
  | { type: "update"; object: KubeObject }
  | { type: "delete"; kind: string; namespace: string; name: string };

/** The label that marks an object as ours (as `kubectl apply --prune` and the addon manager mark theirs). */
export const MANAGED_BY = "app.kubernetes.io/managed-by";

/** Two objects are the same object when kind, namespace and name agree; a missing namespace means `default`. */
export const keyOf = (o: Pick<KubeObject, "kind" | "metadata">): string =>
  `${o.kind}/${o.metadata.namespace ?? "default"}/${o.metadata.name}`;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * True when every field that `desired` sets has the same value in `live`. Live objects carry more than we wrote
 * (defaults, status, resourceVersion, uid): fields we did not set are not ours to compare.
 * Lists are compared item by item and must have the same length: a list we set is ours as a whole.
 * @example setsAllFields({ spec: { replicas: 3 } }, { spec: { replicas: 3, paused: false } }) === true
 */
export function setsAllFields(desired: unknown, live: unknown): boolean {
  if (Array.isArray(desired)) {
    return Array.isArray(live) && live.length === desired.length && desired.every((item, i) => setsAllFields(item, live[i]));
  }
  if (isRecord(desired)) {
    return isRecord(live) && Object.entries(desired).every(([field, value]) => setsAllFields(value, live[field]));
  }
  return desired === live;
}

/**
 * The live object with every field `desired` sets written over it: what we send as an update. Fields only the live
 * object has (status, defaults, resourceVersion for optimistic concurrency) are kept.
 */
export function merged(live: unknown, desired: unknown): unknown {
  if (isRecord(desired) && isRecord(live)) {
    const out: Record<string, unknown> = { ...live };
    for (const [field, value] of Object.entries(desired)) out[field] = merged(live[field], value);
    return out;
  }
  return desired;
}

/** `desired` with our label added, so that a later reconcile knows the object is ours. */
function withManagedBy(desired: KubeObject, manager: string): KubeObject {
  return { ...desired, metadata: { ...desired.metadata, labels: { ...desired.metadata.labels, [MANAGED_BY]: manager } } };
}

/**
 * Returns the actions that make `observed` match `desired`. Does NOT modify its inputs.
 * @param desired the objects we want, as written in manifests
 * @param observed the objects the cluster has now, with everything the API server added
 * @param manager our name, written into the MANAGED_BY label of what we create
 * @returns creates for what is missing, updates for what differs, deletes for what we own and no longer want
 * @example reconcile([cm("a")], [], "me") // [{ type: "create", object: cm("a") with label managed-by=me }]
 */
export function reconcile(desired: readonly KubeObject[], observed: readonly KubeObject[], manager: string): Action[] {
  const live = new Map(observed.map((o) => [keyOf(o), o]));
  const wanted = new Set(desired.map(keyOf));
  const actions: Action[] = [];

  for (const want of desired) {
    const target = withManagedBy(want, manager);
    const have = live.get(keyOf(want));
    if (!have) {
      actions.push({ type: "create", object: target });
    } else if (!have.metadata.deletionTimestamp && !setsAllFields(target, have)) {
      // An object already being deleted is left alone: acting on it would fight the deletion.
      actions.push({ type: "update", object: merged(have, target) as KubeObject });
    }
  }

  for (const have of observed) {
    const ours = have.metadata.labels?.[MANAGED_BY] === manager;
    if (ours && !wanted.has(keyOf(have)) && !have.metadata.deletionTimestamp) {
      actions.push({ type: "delete", kind: have.kind, namespace: have.metadata.namespace ?? "default", name: have.metadata.name });
    }
  }
  return actions;
}
