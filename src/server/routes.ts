/**
 * Turns a request path into what it names (upstream's RequestInfoFactory, staging/src/k8s.io/apiserver/pkg/endpoints/
 * request/requestinfo.go): a discovery document, or a resource request with its group, version, namespace,
 * resource, name and subresource.
 *
 *   /api/v1/namespaces/default/pods/web/log  -> pods, namespace default, name web, subresource log
 *   /apis/apps/v1/deployments                -> deployments in every namespace
 *   /api/v1/namespaces/default               -> the namespace object "default"
 */
import { RESOURCES, type ResourceInfo } from "#kube";

export type Route =
  | { kind: "version" }
  | { kind: "health" }
  | { kind: "apiVersions" }
  | { kind: "apiGroups" }
  | { kind: "apiGroup"; group: string }
  | { kind: "resourceList"; group: string; version: string }
  | { kind: "openapiRoot" }
  | { kind: "openapiGroup"; group: string; version: string }
  | { kind: "resource"; request: ResourceRequest };

export interface ResourceRequest {
  info: ResourceInfo;
  /** The namespace in the path; undefined for cluster-scoped resources and for lists across every namespace. */
  namespace?: string;
  name?: string;
  subresource?: string;
}

/** The resource `name` in group/version, or undefined when we do not serve it. */
export function findResource(group: string, version: string, name: string): ResourceInfo | undefined {
  return RESOURCES.find((r) => r.group === group && r.version === version && r.resource === name);
}

/**
 * What a path names, or undefined for a path outside the API (404). Resource paths whose group/version exists but
 * whose resource does not are undefined too.
 */
export function route(pathname: string): Route | undefined {
  const parts = pathname.split("/").filter((p) => p !== "").map((p) => decodeURIComponent(p));
  const [first, ...rest] = parts;
  if (first === "version" && rest.length === 0) return { kind: "version" };
  if ((first === "healthz" || first === "livez" || first === "readyz") && rest.length <= 1) return { kind: "health" };
  if (first === "openapi") {
    if (rest[0] !== "v3") return undefined;
    if (rest.length === 1) return { kind: "openapiRoot" };
    if (rest[1] === "api" && rest[2] && rest.length === 3) return { kind: "openapiGroup", group: "", version: rest[2] };
    if (rest[1] === "apis" && rest[2] && rest[3] && rest.length === 4) return { kind: "openapiGroup", group: rest[2], version: rest[3] };
    return undefined;
  }
  if (first === "api") {
    if (rest.length === 0) return { kind: "apiVersions" };
    const [version, ...segments] = rest;
    if (!RESOURCES.some((r) => r.group === "" && r.version === version)) return undefined;
    if (segments.length === 0) return { kind: "resourceList", group: "", version: version! };
    return resourceRoute("", version!, segments);
  }
  if (first === "apis") {
    if (rest.length === 0) return { kind: "apiGroups" };
    const [group, version, ...segments] = rest;
    if (!RESOURCES.some((r) => r.group === group)) return undefined;
    if (version === undefined) return { kind: "apiGroup", group: group! };
    if (!RESOURCES.some((r) => r.group === group && r.version === version)) return undefined;
    if (segments.length === 0) return { kind: "resourceList", group: group!, version };
    return resourceRoute(group!, version, segments);
  }
  return undefined;
}

function resourceRoute(group: string, version: string, segments: string[]): Route | undefined {
  // /namespaces/<ns>/<resource>[/<name>[/<subresource>]] is a namespaced request; /namespaces[/<name>[/<sub>]] is
  // the namespaces resource itself.
  if (segments[0] === "namespaces" && segments.length >= 3) {
    const info = findResource(group, version, segments[2]!);
    if (!info || !info.namespaced || segments.length > 5) return undefined;
    return { kind: "resource", request: { info, namespace: segments[1], name: segments[3], subresource: segments[4] } };
  }
  const info = findResource(group, version, segments[0]!);
  if (!info || segments.length > 3) return undefined;
  return { kind: "resource", request: { info, name: segments[1], subresource: segments[2] } };
}
