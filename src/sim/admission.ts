/**
 * The mutating admission the cluster's API runs in front of whatever fills the apiserver slot (chapter 3 leaves
 * admission out): DefaultTolerationSeconds (plugin/pkg/admission/defaulttolerationseconds/admission.go), which gives
 * every pod created or updated without its own toleration of the `node.kubernetes.io/not-ready` and
 * `node.kubernetes.io/unreachable` NoExecute taints one that lasts 300 s (the kube-apiserver flags
 * --default-not-ready-toleration-seconds and --default-unreachable-toleration-seconds). Those 300 s are why the pods
 * of a dead node are evicted five minutes after it is marked unreachable, not at once.
 */
import { TAINT_NOT_READY, TAINT_UNREACHABLE, type Pod, type Toleration } from "#kube";
import type { Api, KubeObject } from "./api.ts";

export const DEFAULT_TOLERATION_SECONDS = 300;

/** A toleration of the NoExecute taint `key` counts when its key is that one or empty, and its effect NoExecute or empty. */
const tolerates = (tolerations: readonly Toleration[], key: string): boolean =>
  tolerations.some((t) => (!t.key || t.key === key) && (!t.effect || t.effect === "NoExecute"));

/** The pod with the default tolerations it lacks; the pod itself when it has both. */
export function withDefaultTolerations<T extends KubeObject>(pod: T): T {
  const tolerations = (pod as unknown as Pod).spec?.tolerations ?? [];
  const missing = [TAINT_NOT_READY, TAINT_UNREACHABLE].filter((key) => !tolerates(tolerations, key));
  if (missing.length === 0) return pod;
  const added = missing.map((key): Toleration => ({ key, operator: "Exists", effect: "NoExecute", tolerationSeconds: DEFAULT_TOLERATION_SECONDS }));
  return { ...pod, spec: { ...(pod.spec as object), tolerations: [...tolerations, ...added] } };
}

/** `api` with admission on pod create and update (not on subresources such as status or binding). */
export function withAdmission(api: Api): Api {
  const admit = <T extends KubeObject>(resource: string, obj: T): T => (resource === "pods" && obj.spec ? withDefaultTolerations(obj) : obj);
  return {
    create: (resource, obj, namespace) => api.create(resource, admit(resource, obj as KubeObject) as typeof obj, namespace),
    update: (resource, obj) => api.update(resource, admit(resource, obj as KubeObject) as typeof obj),
    get: (resource, namespace, name) => api.get(resource, namespace, name),
    list: (resource, options) => api.list(resource, options),
    updateStatus: (resource, obj) => api.updateStatus(resource, obj),
    delete: (resource, namespace, name, options) => api.delete(resource, namespace, name, options),
    watch: (resource, options) => api.watch(resource, options),
    bind: (namespace, name, node, uid) => api.bind(namespace, name, node, uid),
  };
}
