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
import { todo } from "#kube";

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
    // TODO: a list matches when `live` is a list of the same length whose items match ours one by one.
    return todo("compare lists");
  }
  if (isRecord(desired)) {
    // TODO: an object matches when every field of `desired` matches the same field of `live` (call this function).
    return todo("compare objects field by field");
  }
  return desired === live;
}

/**
 * The live object with every field `desired` sets written over it: what we send as an update. Fields only the live
 * object has (status, defaults, resourceVersion for optimistic concurrency) are kept.
 */
export function merged(live: unknown, desired: unknown): unknown {
  if (isRecord(desired) && isRecord(live)) {
    // TODO: start from a copy of `live`, then set each field of `desired` to `merged(live[field], value)`.
    return todo("merge field by field");
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
    // TODO: create `target` when nothing has its key; update when the live object differs in a field we set
    // (send `merged(have, target)`); and leave an object alone while it is being deleted (deletionTimestamp).
    todo("create or update");
  }

  for (const have of observed) {
    // TODO: delete what carries our MANAGED_BY label, is no longer wanted, and is not already being deleted.
    todo("delete what we own and no longer want");
  }
  return actions;
}
