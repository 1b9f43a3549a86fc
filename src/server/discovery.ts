/**
 * Discovery: how a client learns which resources the server has (`kubectl api-resources`, short names such as
 * `deploy`, the `all` category). Two forms, chosen by the Accept header as upstream does:
 * - legacy: `/api` (APIVersions), `/apis` (APIGroupList), `/apis/<group>` (APIGroup), `/api/v1` and
 *   `/apis/<group>/<version>` (APIResourceList, subresources listed as `pods/status`);
 * - aggregated (apidiscovery.k8s.io/v2 and v2beta1 APIGroupDiscoveryList): every group, version and resource in one
 *   answer to `/api` or `/apis`, sent with the exact Content-Type kubectl asked for, or kubectl ignores it.
 *
 * Follows staging/src/k8s.io/apiserver/pkg/endpoints/discovery (legacy handlers and aggregated/handler.go) and the
 * types in staging/src/k8s.io/api/apidiscovery/v2/types.go.
 */
import { RESOURCES, groupVersion, type ResourceInfo } from "#kube";
import type { MediaType } from "./wire.ts";

/** The server's version: 1.32, so the kubectl dispatcher on these machines picks its bundled kubectl 1.32. */
export function versionInfo(): Record<string, string> {
  return {
    major: "1",
    minor: "32",
    gitVersion: "v1.32.0-kube-workbook",
    gitCommit: "0000000000000000000000000000000000000000",
    gitTreeState: "clean",
    buildDate: "2026-01-01T00:00:00Z",
    goVersion: "go1.23.0",
    compiler: "gc",
    platform: "linux/amd64",
  };
}

interface Subresource {
  name: string;
  group: string;
  version: string;
  kind: string;
  verbs: string[];
}

/** The subresources a resource serves: status, scale (as autoscaling/v1 Scale), and pods' binding and log. */
export function subresourcesOf(r: ResourceInfo): Subresource[] {
  const out: Subresource[] = [];
  const rw = ["get", "patch", "update"];
  if (r.resource === "pods") {
    out.push({ name: "binding", group: "", version: "v1", kind: "Binding", verbs: ["create"] });
    out.push({ name: "log", group: "", version: "v1", kind: "Pod", verbs: ["get"] });
  }
  if (r.hasScale) out.push({ name: "scale", group: "autoscaling", version: "v1", kind: "Scale", verbs: rw });
  if (r.hasStatus) out.push({ name: "status", group: r.group, version: r.version, kind: r.kind, verbs: rw });
  return out;
}

/** The groups we serve besides the core group, in the registry's order. */
function groups(): { name: string; versions: string[] }[] {
  const out: { name: string; versions: string[] }[] = [];
  for (const r of RESOURCES) {
    if (r.group === "") continue;
    let g = out.find((x) => x.name === r.group);
    if (!g) out.push((g = { name: r.group, versions: [] }));
    if (!g.versions.includes(r.version)) g.versions.push(r.version);
  }
  return out;
}

const groupEntry = (g: { name: string; versions: string[] }) => {
  const versions = g.versions.map((v) => ({ groupVersion: `${g.name}/${v}`, version: v }));
  return { name: g.name, versions, preferredVersion: versions[0] };
};

export function apiVersions(serverAddress: string): Record<string, unknown> {
  return { kind: "APIVersions", versions: ["v1"], serverAddressByClientCIDRs: [{ clientCIDR: "0.0.0.0/0", serverAddress }] };
}

export function apiGroupList(): Record<string, unknown> {
  return { kind: "APIGroupList", apiVersion: "v1", groups: groups().map(groupEntry) };
}

export function apiGroup(group: string): Record<string, unknown> | undefined {
  const g = groups().find((x) => x.name === group);
  return g ? { kind: "APIGroup", apiVersion: "v1", ...groupEntry(g) } : undefined;
}

/** The legacy APIResourceList of one group/version: each resource, then its subresources as `pods/status`. */
export function apiResourceList(group: string, version: string): Record<string, unknown> {
  const resources: Record<string, unknown>[] = [];
  for (const r of RESOURCES.filter((x) => x.group === group && x.version === version)) {
    resources.push({
      name: r.resource,
      singularName: r.singularName,
      namespaced: r.namespaced,
      kind: r.kind,
      verbs: [...r.verbs],
      ...(r.shortNames.length ? { shortNames: [...r.shortNames] } : {}),
      ...(r.categories.length ? { categories: [...r.categories] } : {}),
      storageVersionHash: storageVersionHash(r),
    });
    for (const s of subresourcesOf(r)) {
      resources.push({
        name: `${r.resource}/${s.name}`,
        singularName: "",
        namespaced: r.namespaced,
        ...(s.group !== r.group ? { group: s.group, version: s.version } : {}),
        kind: s.kind,
        verbs: s.verbs,
      });
    }
  }
  return { kind: "APIResourceList", apiVersion: "v1", groupVersion: group ? `${group}/${version}` : version, resources };
}

/** A stable short hash of the resource's group/version/kind (upstream: of the storage version; clients compare it only). */
function storageVersionHash(r: ResourceInfo): string {
  let h = 2166136261;
  for (const ch of `${groupVersion(r)}/${r.kind}`) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
  return Buffer.from(h.toString(16).padStart(8, "0")).toString("base64").slice(0, 11);
}

/** The aggregated discovery version the client accepts, v2 preferred, or undefined (answer the legacy form). */
export function aggregatedVersion(accept: readonly MediaType[]): "v2" | "v2beta1" | undefined {
  for (const m of accept) {
    if (m.params.g === "apidiscovery.k8s.io" && m.params.as === "APIGroupDiscoveryList" && (m.params.v === "v2" || m.params.v === "v2beta1")) {
      return m.params.v;
    }
  }
  return undefined;
}

/** The exact Content-Type of an aggregated discovery answer. */
export const aggregatedContentType = (v: "v2" | "v2beta1"): string => `application/json;g=apidiscovery.k8s.io;v=${v};as=APIGroupDiscoveryList`;

function discoveryResource(r: ResourceInfo): Record<string, unknown> {
  const subresources = subresourcesOf(r).map((s) => ({
    subresource: s.name,
    responseKind: { group: s.group, version: s.version, kind: s.kind },
    verbs: s.verbs,
  }));
  return {
    resource: r.resource,
    responseKind: { group: r.group, version: r.version, kind: r.kind },
    scope: r.namespaced ? "Namespaced" : "Cluster",
    singularResource: r.singularName,
    verbs: [...r.verbs],
    ...(r.shortNames.length ? { shortNames: [...r.shortNames] } : {}),
    ...(r.categories.length ? { categories: [...r.categories] } : {}),
    ...(subresources.length ? { subresources } : {}),
  };
}

/** The APIGroupDiscoveryList for `/api` (core: true, one group named "") or `/apis` (every other group). */
export function aggregatedDiscovery(core: boolean, v: "v2" | "v2beta1"): Record<string, unknown> {
  const names = core ? [""] : groups().map((g) => g.name);
  const items = names.map((name) => {
    const versions = [...new Set(RESOURCES.filter((r) => r.group === name).map((r) => r.version))];
    return {
      metadata: { ...(name ? { name } : {}), creationTimestamp: null },
      versions: versions.map((version) => ({
        version,
        resources: RESOURCES.filter((r) => r.group === name && r.version === version).map(discoveryResource),
        freshness: "Current",
      })),
    };
  });
  return { kind: "APIGroupDiscoveryList", apiVersion: `apidiscovery.k8s.io/${v}`, metadata: {}, items };
}
