/**
 * Taints and tolerations, as every part that reads them needs them: the scheduler's TaintToleration filter
 * (chapter 6), the DefaultTolerationSeconds admission plugin, the node lifecycle controller that taints a node
 * that stops answering, and the taint eviction controller that deletes the pods that do not tolerate it.
 * Follows k8s.io/api core/v1 toleration.go (ToleratesTaint) and pkg/apis/core/v1/helper/helpers.go
 * (GetMatchingTolerations).
 */
import type { Taint, Toleration } from "./index.ts";

/** The taint the node lifecycle controller puts on a node whose Ready condition is False. */
export const TAINT_NOT_READY = "node.kubernetes.io/not-ready";
/** ... and on a node whose Ready condition is Unknown (its kubelet stopped posting status). */
export const TAINT_UNREACHABLE = "node.kubernetes.io/unreachable";
/** ... and, NoSchedule, on a cordoned node (spec.unschedulable). */
export const TAINT_UNSCHEDULABLE = "node.kubernetes.io/unschedulable";
/** What an administrator puts on a node known to be down for good; the pod GC then removes its terminating pods. */
export const TAINT_OUT_OF_SERVICE = "node.kubernetes.io/out-of-service";

/**
 * Toleration.ToleratesTaint: effect (empty matches all), key (empty matches all), then Equal compares values,
 * Exists does not.
 * @example toleratesTaint({ key: "gpu", operator: "Exists" }, { key: "gpu", value: "a100", effect: "NoSchedule" }) === true
 */
export function toleratesTaint(toleration: Toleration, taint: Taint): boolean {
  if (toleration.effect && toleration.effect !== taint.effect) return false;
  if (toleration.key && toleration.key !== taint.key) return false;
  switch (toleration.operator ?? "") {
    case "":
    case "Equal":
      return (toleration.value ?? "") === (taint.value ?? "");
    case "Exists":
      return true;
    default:
      return false;
  }
}

/** TolerationsTolerateTaint: some toleration tolerates the taint. */
export const tolerationsTolerateTaint = (tolerations: readonly Toleration[] | undefined, taint: Taint): boolean =>
  (tolerations ?? []).some((t) => toleratesTaint(t, taint));

/**
 * GetMatchingTolerations: whether every taint is tolerated, and for each taint the first toleration that
 * tolerates it (nothing when some taint is not tolerated).
 */
export function matchingTolerations(taints: readonly Taint[], tolerations: readonly Toleration[] | undefined): { all: boolean; used: Toleration[] } {
  const used: Toleration[] = [];
  for (const taint of taints) {
    const match = (tolerations ?? []).find((t) => toleratesTaint(t, taint));
    if (!match) return { all: false, used: [] };
    used.push(match);
  }
  return { all: true, used };
}
