import { describe, expect, it } from "vitest";
import { RESOURCES, groupVersion, qualifiedKind, qualifiedName, resourceFor, resourceForKind, storageKey, storagePrefix } from "./resources.ts";

// Expected values from what kube-apiserver serves (`kubectl api-resources -o wide`) and the etcd keys it writes.

describe("resourceFor", () => {
  it.each([
    ["pods", "pods"],
    ["pod", "pods"],
    ["po", "pods"],
    ["Pod", "pods"],
    ["no", "nodes"],
    ["ns", "namespaces"],
    ["svc", "services"],
    ["ev", "events"],
    ["rs", "replicasets"],
    ["deploy", "deployments"],
    ["ing", "ingresses"],
    ["netpol", "networkpolicies"],
    ["cm", "configmaps"],
    ["deployments.apps", "deployments"],
    ["deploy.apps", "deployments"],
    ["leases", "leases"],
    ["endpointslices", "endpointslices"],
    ["ingressclasses", "ingressclasses"],
  ])("finds %s as %s", (name, plural) => {
    expect(resourceFor(name)?.resource).toBe(plural);
  });

  it("finds nothing for an unknown name", () => {
    expect(resourceFor("widgets")).toBeUndefined();
  });

  it("finds nothing for a known name in the wrong group", () => {
    expect(resourceFor("deployments.batch")).toBeUndefined();
  });
});

describe("resourceForKind", () => {
  it("finds a kind by its apiVersion", () => {
    expect(resourceForKind("apps/v1", "Deployment")?.resource).toBe("deployments");
  });

  it("finds a core kind by v1", () => {
    expect(resourceForKind("v1", "Node")?.resource).toBe("nodes");
  });

  it("finds nothing for a version we do not serve", () => {
    expect(resourceForKind("extensions/v1beta1", "Deployment")).toBeUndefined();
  });
});

describe("the registry", () => {
  it("describes deployments as upstream serves them", () => {
    expect(resourceFor("deployments")).toEqual({
      group: "apps",
      version: "v1",
      kind: "Deployment",
      resource: "deployments",
      singularName: "deployment",
      namespaced: true,
      shortNames: ["deploy"],
      categories: ["all"],
      verbs: ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"],
      hasStatus: true,
      hasScale: true,
      etcdPrefix: "deployments",
    });
  });

  it("puts exactly pods, services, replicasets and deployments in the category all", () => {
    expect(RESOURCES.filter((r) => r.categories.includes("all")).map((r) => r.resource)).toEqual(["pods", "services", "deployments", "replicasets"]);
  });

  it("gives the scale subresource to deployments and replicasets only", () => {
    expect(RESOURCES.filter((r) => r.hasScale).map((r) => r.resource)).toEqual(["deployments", "replicasets"]);
  });

  it("keeps nodes, namespaces and ingressclasses cluster-scoped", () => {
    expect(RESOURCES.filter((r) => !r.namespaced).map((r) => r.resource)).toEqual(["namespaces", "nodes", "ingressclasses"]);
  });

  it("does not offer deletecollection on namespaces", () => {
    expect(resourceFor("namespaces")?.verbs).toEqual(["create", "delete", "get", "list", "patch", "update", "watch"]);
  });
});

describe("storageKey", () => {
  it.each([
    ["pods", "default", "web-1", "/registry/pods/default/web-1"],
    ["nodes", undefined, "node-1", "/registry/minions/node-1"],
    ["services", "default", "web", "/registry/services/specs/default/web"],
    ["deployments", "default", "web", "/registry/deployments/default/web"],
    ["replicasets", "default", "web-5d4f", "/registry/replicasets/default/web-5d4f"],
    ["events", "default", "web.1", "/registry/events/default/web.1"],
    ["leases", "kube-node-lease", "node-1", "/registry/leases/kube-node-lease/node-1"],
    ["endpointslices", "default", "web-abc", "/registry/endpointslices/default/web-abc"],
    ["ingresses", "default", "web", "/registry/ingress/default/web"],
    ["networkpolicies", "default", "deny", "/registry/networkpolicies/default/deny"],
    ["namespaces", undefined, "default", "/registry/namespaces/default"],
    ["configmaps", "default", "cfg", "/registry/configmaps/default/cfg"],
    ["ingressclasses", undefined, "nginx", "/registry/ingressclasses/nginx"],
  ])("stores %s %s/%s at %s", (resource, namespace, name, key) => {
    expect(storageKey(resource, namespace, name)).toBe(key);
  });

  it("ignores a namespace given for a cluster-scoped resource", () => {
    expect(storageKey("nodes", "default", "node-1")).toBe("/registry/minions/node-1");
  });

  it("refuses an unknown resource, listing the known ones", () => {
    expect(() => storageKey("widgets", "default", "w")).toThrow('Unknown resource "widgets": known resources are configmaps, events');
  });
});

describe("storagePrefix", () => {
  it("covers every namespace without one", () => {
    expect(storagePrefix("pods")).toBe("/registry/pods/");
  });

  it("covers one namespace, ending in a slash", () => {
    expect(storagePrefix("pods", "default")).toBe("/registry/pods/default/");
  });
});

describe("names", () => {
  it("qualifies a resource with its group", () => {
    expect(qualifiedName(resourceFor("deploy")!)).toBe("deployments.apps");
    expect(qualifiedName(resourceFor("po")!)).toBe("pods");
  });

  it("qualifies a kind with its group", () => {
    expect(qualifiedKind(resourceFor("deploy")!)).toBe("Deployment.apps");
  });

  it("gives the apiVersion", () => {
    expect(groupVersion(resourceFor("ing")!)).toBe("networking.k8s.io/v1");
    expect(groupVersion(resourceFor("svc")!)).toBe("v1");
  });
});
