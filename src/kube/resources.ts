/**
 * The registry of the resources our API server serves: for each, its group/version/kind, plural and singular names,
 * scope, short names, categories, verbs, subresources and the etcd key prefix upstream stores it under. Discovery
 * (`kubectl api-resources`), the REST paths and the store keys are all derived from this one table.
 *
 * Follows what kube-apiserver registers in pkg/registry/<group>/<resource>/storage/storage.go (short names,
 * categories, status and scale subresources) and the etcd prefixes of pkg/kubeapiserver/default_storage_factory_builder.go
 * and pkg/registry/core/rest/storage_core.go (nodes live under `minions`, services under `services/specs`, ingresses
 * under `ingress`, for historical reasons).
 */

export interface ResourceInfo {
  /** API group; "" for the core group. */
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  /** The plural resource name used in URLs: `pods`, `deployments`. */
  readonly resource: string;
  readonly singularName: string;
  readonly namespaced: boolean;
  readonly shortNames: readonly string[];
  readonly categories: readonly string[];
  readonly verbs: readonly string[];
  /** Has the `/status` subresource (status is written separately from spec). */
  readonly hasStatus: boolean;
  /** Has the `/scale` subresource (`kubectl scale`). */
  readonly hasScale: boolean;
  /** The etcd key prefix without `/registry/`: `pods`, `minions`, `services/specs`. */
  readonly etcdPrefix: string;
}

const ALL_VERBS = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"] as const;

function resource(r: Omit<ResourceInfo, "verbs" | "shortNames" | "categories" | "hasScale"> & Partial<ResourceInfo>): ResourceInfo {
  return Object.freeze({ shortNames: [], categories: [], verbs: ALL_VERBS, hasScale: false, ...r });
}

/** Every resource we serve, core group first, then by group, as discovery lists them. */
export const RESOURCES: readonly ResourceInfo[] = Object.freeze([
  resource({ group: "", version: "v1", kind: "ConfigMap", resource: "configmaps", singularName: "configmap", namespaced: true, shortNames: ["cm"], hasStatus: false, etcdPrefix: "configmaps" }),
  resource({ group: "", version: "v1", kind: "Event", resource: "events", singularName: "event", namespaced: true, shortNames: ["ev"], hasStatus: false, etcdPrefix: "events" }),
  // Namespaces cannot be deleted as a collection (their REST storage has no DeleteCollection).
  resource({ group: "", version: "v1", kind: "Namespace", resource: "namespaces", singularName: "namespace", namespaced: false, shortNames: ["ns"], verbs: ["create", "delete", "get", "list", "patch", "update", "watch"], hasStatus: true, etcdPrefix: "namespaces" }),
  resource({ group: "", version: "v1", kind: "Node", resource: "nodes", singularName: "node", namespaced: false, shortNames: ["no"], hasStatus: true, etcdPrefix: "minions" }),
  resource({ group: "", version: "v1", kind: "Pod", resource: "pods", singularName: "pod", namespaced: true, shortNames: ["po"], categories: ["all"], hasStatus: true, etcdPrefix: "pods" }),
  resource({ group: "", version: "v1", kind: "Service", resource: "services", singularName: "service", namespaced: true, shortNames: ["svc"], categories: ["all"], hasStatus: true, etcdPrefix: "services/specs" }),
  resource({ group: "apps", version: "v1", kind: "Deployment", resource: "deployments", singularName: "deployment", namespaced: true, shortNames: ["deploy"], categories: ["all"], hasStatus: true, hasScale: true, etcdPrefix: "deployments" }),
  resource({ group: "apps", version: "v1", kind: "ReplicaSet", resource: "replicasets", singularName: "replicaset", namespaced: true, shortNames: ["rs"], categories: ["all"], hasStatus: true, hasScale: true, etcdPrefix: "replicasets" }),
  resource({ group: "coordination.k8s.io", version: "v1", kind: "Lease", resource: "leases", singularName: "lease", namespaced: true, hasStatus: false, etcdPrefix: "leases" }),
  resource({ group: "discovery.k8s.io", version: "v1", kind: "EndpointSlice", resource: "endpointslices", singularName: "endpointslice", namespaced: true, hasStatus: false, etcdPrefix: "endpointslices" }),
  resource({ group: "networking.k8s.io", version: "v1", kind: "IngressClass", resource: "ingressclasses", singularName: "ingressclass", namespaced: false, hasStatus: false, etcdPrefix: "ingressclasses" }),
  resource({ group: "networking.k8s.io", version: "v1", kind: "Ingress", resource: "ingresses", singularName: "ingress", namespaced: true, shortNames: ["ing"], hasStatus: true, etcdPrefix: "ingress" }),
  resource({ group: "networking.k8s.io", version: "v1", kind: "NetworkPolicy", resource: "networkpolicies", singularName: "networkpolicy", namespaced: true, shortNames: ["netpol"], hasStatus: false, etcdPrefix: "networkpolicies" }),
]);

/** `deployments.apps`, `pods`: the resource qualified by its group, as error messages and kubectl print it. */
export function qualifiedName(r: ResourceInfo): string {
  return r.group ? `${r.resource}.${r.group}` : r.resource;
}

/** `Deployment.apps`, `Pod`: the kind qualified by its group, as Invalid errors print it. */
export function qualifiedKind(r: ResourceInfo): string {
  return r.group ? `${r.kind}.${r.group}` : r.kind;
}

/** `apps/v1`, `v1`: the apiVersion of the resource's objects. */
export function groupVersion(r: ResourceInfo): string {
  return r.group ? `${r.group}/${r.version}` : r.version;
}

/**
 * Finds a resource by what a kubectl user may type: plural, singular, short name or kind, case-insensitive,
 * optionally qualified by group (`deployments.apps`, `deploy.apps`, `Deployment.apps`). Undefined when none matches.
 * @example resourceFor("deploy")?.resource === "deployments"
 */
export function resourceFor(nameOrShortNameOrKind: string): ResourceInfo | undefined {
  const wanted = nameOrShortNameOrKind.toLowerCase();
  const names = (r: ResourceInfo): string[] => [r.resource, r.singularName, r.kind.toLowerCase(), ...r.shortNames];
  const bare = RESOURCES.find((r) => names(r).includes(wanted));
  if (bare) return bare;
  const dot = wanted.indexOf(".");
  if (dot < 0) return undefined;
  const [name, group] = [wanted.slice(0, dot), wanted.slice(dot + 1)];
  return RESOURCES.find((r) => r.group === group && names(r).includes(name));
}

/**
 * Finds a resource by the apiVersion and kind of an object (`"apps/v1", "Deployment"`). Undefined when we do not
 * serve it (unknown kind, or a version we do not serve).
 */
export function resourceForKind(apiVersion: string, kind: string): ResourceInfo | undefined {
  return RESOURCES.find((r) => groupVersion(r) === apiVersion && r.kind === kind);
}

const lookup = (r: ResourceInfo | string): ResourceInfo => {
  if (typeof r !== "string") return r;
  const found = resourceFor(r);
  if (!found) throw new Error(`Unknown resource "${r}": known resources are ${RESOURCES.map((x) => x.resource).join(", ")}`);
  return found;
};

/**
 * The etcd key of one object: `/registry/<prefix>/<namespace>/<name>`, or `/registry/<prefix>/<name>` for a
 * cluster-scoped resource (the namespace is ignored).
 * @example storageKey("deployments", "default", "web") === "/registry/deployments/default/web"
 */
export function storageKey(r: ResourceInfo | string, namespace: string | undefined, name: string): string {
  const info = lookup(r);
  return info.namespaced ? `/registry/${info.etcdPrefix}/${namespace ?? ""}/${name}` : `/registry/${info.etcdPrefix}/${name}`;
}

/**
 * The key prefix a list or watch ranges over: every object of the resource (`/registry/pods/`), or those of one
 * namespace (`/registry/pods/default/`). Ends with "/" so `pods/default` does not also cover `pods/default-2`.
 */
export function storagePrefix(r: ResourceInfo | string, namespace?: string): string {
  const info = lookup(r);
  return info.namespaced && namespace ? `/registry/${info.etcdPrefix}/${namespace}/` : `/registry/${info.etcdPrefix}/`;
}
