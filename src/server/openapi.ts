/**
 * OpenAPI v3, as much as `kubectl apply` needs: the root `/openapi/v3` lists one document per group/version, and each
 * document has the REST paths of its resources, whose operations carry `x-kubernetes-group-version-kind` and
 * `x-kubernetes-action`, and whose `patch` takes the `fieldValidation` query parameter. Seeing that parameter, kubectl
 * leaves field validation to the server (it sends `fieldValidation=Strict`) instead of downloading schemas.
 * No component schemas are served, so kubectl computes apply's strategic merge patches from its own built-in types.
 *
 * Follows the shape kube-apiserver serves (staging/src/k8s.io/kube-openapi/pkg/handler3/handler.go: the root's
 * `paths` with `serverRelativeURL` carrying a content hash) and kubectl's query-param verifier
 * (staging/src/k8s.io/cli-runtime/pkg/resource/query_param_verifier_v3.go). Measured in reference/wire-facts.md.
 */
import { createHash } from "node:crypto";
import { RESOURCES, type ResourceInfo } from "#kube";

/** `api/v1`, `apis/apps/v1`: the key of a group/version in the OpenAPI v3 root. */
const docPath = (group: string, version: string): string => (group ? `apis/${group}/${version}` : `api/${version}`);

const groupVersions = (): { group: string; version: string }[] => {
  const seen = new Map<string, { group: string; version: string }>();
  for (const r of RESOURCES) seen.set(`${r.group}/${r.version}`, { group: r.group, version: r.version });
  return [...seen.values()];
};

const queryParam = (name: string, description: string) => ({ name, in: "query", description, schema: { type: "string", uniqueItems: true } });

function operations(r: ResourceInfo, itemPath: boolean): Record<string, unknown> {
  const gvk = { group: r.group, version: r.version, kind: r.kind };
  const op = (action: string, extra: Record<string, unknown> = {}) => ({
    operationId: `${action}${r.kind}`,
    "x-kubernetes-action": action,
    "x-kubernetes-group-version-kind": gvk,
    responses: { "200": { description: "OK" } },
    ...extra,
  });
  const writeParams = [
    queryParam("dryRun", "When present, indicates that modifications should not be persisted."),
    queryParam("fieldManager", "fieldManager is a name associated with the actor or entity that is making these changes."),
    queryParam("fieldValidation", "fieldValidation instructs the server on how to handle objects in the request containing unknown or duplicate fields. Valid values are: Ignore, Warn, Strict."),
  ];
  if (itemPath) {
    return {
      get: op("get"),
      put: op("put", { parameters: writeParams }),
      patch: op("patch", { parameters: [...writeParams, queryParam("force", "Force is going to \"force\" Apply requests.")] }),
      delete: op("delete"),
    };
  }
  return { get: op("list"), post: op("post", { parameters: writeParams }) };
}

/** One group/version's document, or undefined when we serve no such group/version. */
export function openapiDocument(group: string, version: string): Record<string, unknown> | undefined {
  const resources = RESOURCES.filter((r) => r.group === group && r.version === version);
  if (!resources.length) return undefined;
  const base = `/${docPath(group, version)}`;
  const paths: Record<string, unknown> = {};
  for (const r of resources) {
    const collection = r.namespaced ? `${base}/namespaces/{namespace}/${r.resource}` : `${base}/${r.resource}`;
    paths[collection] = operations(r, false);
    paths[`${collection}/{name}`] = operations(r, true);
  }
  return {
    openapi: "3.0.0",
    info: { title: "Kubernetes (kube-workbook)", version: "v1.32.0" },
    paths,
    components: { schemas: {} },
  };
}

/** The root document: every group/version with the URL of its document and a hash of its content. */
export function openapiRoot(): Record<string, unknown> {
  const paths: Record<string, unknown> = {};
  for (const { group, version } of groupVersions()) {
    const hash = createHash("sha512").update(JSON.stringify(openapiDocument(group, version))).digest("hex").slice(0, 128).toUpperCase();
    paths[docPath(group, version)] = { serverRelativeURL: `/openapi/v3/${docPath(group, version)}?hash=${hash}` };
  }
  return { paths };
}
