/**
 * What kube-apiserver does to a request before it reaches storage, and chapter 3 leaves out, run by the cluster's API
 * in front of whatever fills the apiserver slot:
 * - the DefaultTolerationSeconds admission plugin (plugin/pkg/admission/defaulttolerationseconds/admission.go), which
 *   gives every pod created or updated without its own toleration of the `node.kubernetes.io/not-ready` and
 *   `node.kubernetes.io/unreachable` NoExecute taints one that lasts 300 s (the kube-apiserver flags
 *   --default-not-ready-toleration-seconds and --default-unreachable-toleration-seconds). Those 300 s are why the
 *   pods of a dead node are evicted five minutes after it is marked unreachable, not at once;
 * - the Service registry's IP allocation (pkg/registry/core/service/storage/alloc.go): a Service created without a
 *   clusterIP gets one from the service range, with `clusterIPs`, `ipFamilies: [IPv4]` and `ipFamilyPolicy:
 *   SingleStack`, so the create's answer already carries it; a headless one (`None`) gets the families too, an
 *   ExternalName one nothing.
 */
import { TAINT_NOT_READY, TAINT_UNREACHABLE, type Pod, type Toleration } from "#kube";
import type { Api, KubeObject } from "./api.ts";
import type { ClusterIpAllocator } from "./ipam.ts";

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

type ServiceSpec = { type?: string; clusterIP?: string; clusterIPs?: string[]; ipFamilies?: string[]; ipFamilyPolicy?: string };

/** The Service with its cluster IP: allocated when it has none, reserved when it asks for one. */
export function withClusterIP<T extends KubeObject>(svc: T, allocator: ClusterIpAllocator): T {
  const spec = (svc.spec ?? {}) as ServiceSpec;
  if (spec.type === "ExternalName") return svc;
  const ip = spec.clusterIP || allocator.allocate();
  if (spec.clusterIP && ip !== "None") allocator.reserve(ip);
  return { ...svc, spec: { ...spec, clusterIP: ip, clusterIPs: spec.clusterIPs ?? [ip], ipFamilies: spec.ipFamilies ?? ["IPv4"], ipFamilyPolicy: spec.ipFamilyPolicy ?? "SingleStack" } };
}

/** `api` with admission on pod create and update (not on subresources such as status or binding), and Service IPs on create. */
export function withAdmission(api: Api, allocator: ClusterIpAllocator): Api {
  const admit = <T extends KubeObject>(resource: string, obj: T): T => (resource === "pods" && obj.spec ? withDefaultTolerations(obj) : obj);
  const admitCreate = <T extends KubeObject>(resource: string, obj: T): T => (resource === "services" ? withClusterIP(obj, allocator) : admit(resource, obj));
  return {
    create: (resource, obj, namespace) => api.create(resource, admitCreate(resource, obj as KubeObject) as typeof obj, namespace),
    update: (resource, obj) => api.update(resource, admit(resource, obj as KubeObject) as typeof obj),
    get: (resource, namespace, name) => api.get(resource, namespace, name),
    list: (resource, options) => api.list(resource, options),
    updateStatus: (resource, obj) => api.updateStatus(resource, obj),
    delete: (resource, namespace, name, options) => api.delete(resource, namespace, name, options),
    watch: (resource, options) => api.watch(resource, options),
    bind: (namespace, name, node, uid) => api.bind(namespace, name, node, uid),
  };
}
