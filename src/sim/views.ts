/**
 * The pods a controller's view carries, found through the pods informer's indices instead of a scan of the whole
 * namespace (upstream's controllers list from the same informer cache, and chapter 7's TODO says an index would do).
 * A view holds every pod of the namespace the controller could act on or count, in key order, as `list` would
 * give them, so a component decides exactly as it would on the whole namespace:
 * - a ReplicaSet: the pods its selector matches (it may adopt them), the pods it controls (it may release them), and
 *   the pods its sibling ReplicaSets' selectors match (getIndirectlyRelatedPods ranks victims by them);
 * - a Deployment: the pods its selector matches (getPodMapForDeployment).
 * A selector with no matchLabels (only expressions, or empty) has no index to go by: the view then carries the whole
 * namespace, as before.
 */
import { getControllerOf, type LabelSelector, type Pod, type ReplicaSet } from "#kube";
import type { Frozen, Informer } from "./informer.ts";

/** Pods by `namespace\0key=value`, one entry per label. */
export const LABEL_INDEX = "label";
/** Pods by `namespace\0uid` of their controller. */
export const CONTROLLER_INDEX = "controller";

const labelValue = (namespace: string | undefined, key: string, value: string): string => `${namespace ?? ""}\u0000${key}=${value}`;

/** Adds the indices `podsFor*` use (once per informer). */
export function indexPods(pods: Informer): void {
  pods.addIndexers({
    [LABEL_INDEX]: (p) => Object.entries(p.metadata.labels ?? {}).map(([k, v]) => labelValue(p.metadata.namespace, k, v)),
    [CONTROLLER_INDEX]: (p) => {
      const uid = getControllerOf(p)?.uid;
      return uid ? [`${p.metadata.namespace ?? ""}\u0000${uid}`] : [];
    },
  });
}

/** The sorted keys of the pods that may match `selector`: its smallest matchLabels bucket; undefined when it has none. */
function candidates(pods: Informer, namespace: string | undefined, selector: LabelSelector | undefined): readonly string[] | undefined {
  let best: readonly string[] | undefined;
  for (const [k, v] of Object.entries(selector?.matchLabels ?? {})) {
    if (typeof v !== "string") return undefined; // an invalid selector: let the component see everything and say so
    const keys = pods.indexSortedKeys(LABEL_INDEX, labelValue(namespace, k, v));
    if (best === undefined || keys.length < best.length) best = keys;
  }
  return best;
}

/** Merges sorted key lists, each key once. */
function merge(lists: readonly (readonly string[])[]): readonly string[] {
  let merged: readonly string[] = [];
  for (const list of lists) {
    if (list.length === 0 || list === merged) continue;
    if (merged.length === 0) {
      merged = list;
      continue;
    }
    const out: string[] = [];
    let [i, j] = [0, 0];
    while (i < merged.length && j < list.length) {
      const [a, b] = [merged[i]!, list[j]!];
      if (a < b) (out.push(a), i++);
      else if (b < a) (out.push(b), j++);
      else (out.push(a), i++, j++);
    }
    while (i < merged.length) out.push(merged[i++]!);
    while (j < list.length) out.push(list[j++]!);
    merged = out;
  }
  return merged;
}

/** The pods a ReplicaSet's view needs, given the ReplicaSets of its namespace. */
export function podsForReplicaSet(pods: Informer, rs: Readonly<ReplicaSet>, replicaSets: readonly Readonly<ReplicaSet>[]): Pod[] {
  const namespace = rs.metadata?.namespace;
  const owner = getControllerOf(rs as Frozen);
  const siblings = owner ? replicaSets.filter((s) => getControllerOf(s as Frozen)?.uid === owner.uid) : [];
  const lists: (readonly string[])[] = [];
  for (const r of [rs, ...siblings]) {
    const keys = candidates(pods, namespace, r.spec?.selector);
    if (keys === undefined) return pods.list(namespace) as Pod[];
    lists.push(keys);
  }
  if (rs.metadata?.uid) lists.push(pods.indexSortedKeys(CONTROLLER_INDEX, `${namespace ?? ""}\u0000${rs.metadata.uid}`));
  return pods.objects(merge(lists)) as Pod[];
}

/** The pods a Deployment's view needs. */
export function podsForDeployment(pods: Informer, namespace: string | undefined, selector: LabelSelector | undefined): Pod[] {
  const keys = candidates(pods, namespace, selector);
  return (keys === undefined ? pods.list(namespace) : pods.objects(keys)) as Pod[];
}

/** Pods by `spec.nodeName` (the index upstream's node controllers add to their pod informer). */
export const NODE_INDEX = "spec.nodeName";

/** The pods bound to `node`, in key order. */
export function podsOnNode(pods: Informer, node: string): Frozen[] {
  pods.addIndexers({ [NODE_INDEX]: (p) => ((p.spec as { nodeName?: string } | undefined)?.nodeName ? [(p.spec as { nodeName: string }).nodeName] : []) });
  return pods.byIndex(NODE_INDEX, node);
}
