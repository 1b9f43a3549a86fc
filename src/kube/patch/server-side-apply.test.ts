import { describe, expect, it } from "vitest";
import { ApiError } from "../errors.ts";
import {
  fieldSet,
  fromFieldsV1,
  mergeApplied,
  pathString,
  recordUpdate,
  serverSideApply,
  toFieldsV1,
  type ManagedFieldsEntry,
} from "./server-side-apply.ts";

const T0 = "2026-01-01T00:00:00Z";
const T1 = "2026-01-01T00:01:00Z";
const kubectl = { manager: "kubectl", apiVersion: "apps/v1", time: T0 };

const deployment = (replicas: number, image = "nginx:1.26", extra: Record<string, unknown> = {}) => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "web", namespace: "default", labels: { app: "web" } },
  spec: {
    replicas,
    selector: { matchLabels: { app: "web" } },
    template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "web", image, ...extra }] } },
  },
});

const paths = (set: Set<string>) => [...set].map(pathString).sort();

describe("fieldSet", () => {
  it("lists leaves and keyed list items, leaving out status and the server's metadata", () => {
    const obj = { ...deployment(2), metadata: { name: "web", uid: "u", resourceVersion: "3", labels: { app: "web" } }, status: { replicas: 2 } };
    expect(paths(fieldSet(obj, "Deployment"))).toEqual([
      ".metadata.labels.app",
      ".spec.replicas",
      ".spec.selector.matchLabels.app",
      ".spec.template.metadata.labels.app",
      '.spec.template.spec.containers[name="web"]',
      '.spec.template.spec.containers[name="web"].image',
      '.spec.template.spec.containers[name="web"].name',
    ]);
  });

  it("keys container ports on containerPort and protocol, TCP when left out, as upstream's listMapKeys", () => {
    const ports = [{ containerPort: 53 }, { containerPort: 53, protocol: "UDP" }];
    expect(paths(fieldSet({ spec: { containers: [{ name: "dns", ports }] } }, "Pod"))).toEqual([
      '.spec.containers[name="dns"]',
      '.spec.containers[name="dns"].name',
      '.spec.containers[name="dns"].ports[containerPort=53,protocol="TCP"]',
      '.spec.containers[name="dns"].ports[containerPort=53,protocol="TCP"].containerPort',
      '.spec.containers[name="dns"].ports[containerPort=53,protocol="UDP"]',
      '.spec.containers[name="dns"].ports[containerPort=53,protocol="UDP"].containerPort',
      '.spec.containers[name="dns"].ports[containerPort=53,protocol="UDP"].protocol',
    ]);
    expect(toFieldsV1(fieldSet({ spec: { ports: [{ port: 80 }] } }, "Service"))["f:spec"]!["f:ports"]).toHaveProperty(['k:{"port":80,"protocol":"TCP"}']);
  });

  it("treats unkeyed lists as atomic and merge-strategy scalar lists as sets", () => {
    const pod = { metadata: { finalizers: ["a", "b"] }, spec: { tolerations: [{ key: "x" }], containers: [{ name: "c", args: ["1", "2"] }] } };
    expect(paths(fieldSet(pod, "Pod"))).toEqual([
      '.metadata.finalizers[="a"]',
      '.metadata.finalizers[="b"]',
      '.spec.containers[name="c"]',
      '.spec.containers[name="c"].args',
      '.spec.containers[name="c"].name',
      ".spec.tolerations",
    ]);
  });

  it("round-trips through fieldsV1, marking owned paths that have children with '.'", () => {
    const set = fieldSet(deployment(2), "Deployment");
    const tree = toFieldsV1(set);
    const containers = (((tree["f:spec"]!["f:template"]!)["f:spec"]!)["f:containers"]!);
    expect(containers['k:{"name":"web"}']).toEqual({ ".": {}, "f:image": {}, "f:name": {} });
    expect(tree["f:spec"]!["f:replicas"]).toEqual({});
    expect(fromFieldsV1(tree)).toEqual(set);
  });
});

describe("mergeApplied", () => {
  it("merges objects and keyed lists, replaces scalars and atomic lists, and drops nulls", () => {
    const live = { spec: { replicas: 1, paused: true, template: { spec: { containers: [{ name: "a", image: "x", args: ["1"] }, { name: "b", image: "y" }] } } } };
    const applied = { spec: { replicas: 3, paused: null, template: { spec: { containers: [{ name: "b", image: "z" }, { name: "c", image: "w" }] } } } };
    expect(mergeApplied(live, applied, "Deployment")).toEqual({
      spec: { replicas: 3, template: { spec: { containers: [{ name: "a", image: "x", args: ["1"] }, { name: "b", image: "z" }, { name: "c", image: "w" }] } } },
    });
  });
});

describe("recordUpdate", () => {
  it("gives a create's writer every field", () => {
    const entries = recordUpdate([], undefined, deployment(2), "Deployment", { manager: "kubectl-client-side-apply", apiVersion: "apps/v1", time: T0 });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ manager: "kubectl-client-side-apply", operation: "Update", apiVersion: "apps/v1", time: T0, fieldsType: "FieldsV1" });
    expect(fromFieldsV1(entries[0]!.fieldsV1)).toEqual(fieldSet(deployment(2), "Deployment"));
  });

  it("moves a changed field to the updater and drops empty entries", () => {
    const created = recordUpdate([], undefined, { spec: { replicas: 2 } }, "Deployment", { ...kubectl, manager: "a" });
    const scaled = recordUpdate(created, { spec: { replicas: 2 } }, { spec: { replicas: 5 } }, "Deployment", { ...kubectl, subresource: "scale", time: T1 });
    expect(scaled).toEqual([
      { manager: "kubectl", operation: "Update", apiVersion: "apps/v1", time: T1, fieldsType: "FieldsV1", fieldsV1: { "f:spec": { "f:replicas": {} } }, subresource: "scale" },
    ]);
  });

  it("records nothing for a write that changes nothing", () => {
    expect(recordUpdate([], { spec: { replicas: 2 } }, { spec: { replicas: 2 } }, "Deployment", kubectl)).toEqual([]);
  });
});

describe("serverSideApply", () => {
  const apply = (live: Record<string, unknown> | undefined, applied: Record<string, unknown>, force = false, manager = "kubectl") =>
    serverSideApply(live, applied, "Deployment", { manager, apiVersion: "apps/v1", time: T1 }, force);

  it("creates: the applier owns exactly what it sent", () => {
    const r = apply(undefined, deployment(3));
    expect(r.object).toEqual(deployment(3));
    expect(r.managedFields).toHaveLength(1);
    expect(r.managedFields[0]).toMatchObject({ manager: "kubectl", operation: "Apply", apiVersion: "apps/v1" });
    expect(fromFieldsV1(r.managedFields[0]!.fieldsV1)).toEqual(fieldSet(deployment(3), "Deployment"));
  });

  it("is a 409 naming the other manager when it changes a field that manager owns", () => {
    const created = apply(undefined, deployment(3));
    const scaledFields = recordUpdate(created.managedFields, created.object, deployment(5), "Deployment", { ...kubectl, subresource: "scale", time: T1 });
    const live = { ...deployment(5), metadata: { ...deployment(5).metadata, managedFields: scaledFields } };
    let error: unknown;
    try {
      apply(live, deployment(3));
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ApiError);
    const e = error as ApiError;
    expect(e.code).toBe(409);
    expect(e.reason).toBe("Conflict");
    expect(e.message).toBe('Apply failed with 1 conflict: conflict with "kubectl" with subresource "scale" using apps/v1: .spec.replicas');
    expect(e.details?.causes).toEqual([{ reason: "FieldManagerConflict", message: 'conflict with "kubectl" with subresource "scale" using apps/v1', field: ".spec.replicas" }]);
  });

  it("shares a field when the applied value equals the live one, and takes it when forced", () => {
    const created = apply(undefined, deployment(3));
    const scaledFields = recordUpdate(created.managedFields, created.object, deployment(5), "Deployment", { ...kubectl, subresource: "scale", time: T1 });
    const live = { ...deployment(5), metadata: { ...deployment(5).metadata, managedFields: scaledFields } };
    // Same value: no conflict, both own .spec.replicas.
    const shared = apply(live, deployment(5));
    expect(shared.managedFields.map((e) => e.operation)).toEqual(["Apply", "Update"]);
    // Forced: the scale entry loses its only field and disappears.
    const forced = apply(live, deployment(3), true);
    expect((forced.object.spec as { replicas: number }).replicas).toBe(3);
    expect(forced.managedFields.map((e) => `${e.manager}/${e.operation}`)).toEqual(["kubectl/Apply"]);
  });

  it("removes fields the applier no longer sets unless another manager owns them", () => {
    const first = apply(undefined, deployment(3, "nginx:1.26", { args: ["a"], command: ["sh"] }));
    // Another manager (kubectl set) changes the command.
    const changed = deployment(3, "nginx:1.26", { args: ["a"], command: ["bash"] });
    const live = { ...changed, metadata: { ...changed.metadata, managedFields: recordUpdate(first.managedFields, first.object, changed, "Deployment", { ...kubectl, manager: "kubectl-set" }) } };
    const r = apply(live, deployment(3));
    const container = (r.object.spec as { template: { spec: { containers: Record<string, unknown>[] } } }).template.spec.containers[0]!;
    expect(container.args).toBeUndefined();
    expect(container.command).toEqual(["bash"]);
    // A second applier removing nothing of the first's: labels the first set stay.
    const other = apply(r.object, { metadata: { name: "web", labels: { tier: "fe" } } }, false, "other");
    expect((other.object.metadata as { labels: Record<string, string> }).labels).toEqual({ app: "web", tier: "fe" });
  });

  it("removes a keyed list item the applier dropped, and a map it emptied", () => {
    const two = deployment(1);
    two.spec.template.spec.containers.push({ name: "side", image: "busybox" });
    const withTier = { ...two, metadata: { ...two.metadata, annotations: { a: "b" } } };
    const first = apply(undefined, withTier);
    const live = { ...first.object, metadata: { ...(first.object.metadata as object), managedFields: first.managedFields } };
    const r = apply(live, deployment(1));
    expect((r.object.spec as { template: { spec: { containers: unknown[] } } }).template.spec.containers).toEqual([{ name: "web", image: "nginx:1.26" }]);
    expect((r.object.metadata as Record<string, unknown>).annotations).toBeUndefined();
    expect(r.managedFields).toHaveLength(1);
  });

  it("tells 53/TCP from 53/UDP: another manager's UDP port is neither merged into nor in conflict with the TCP one", () => {
    const withPorts = (ports: object[]) => deployment(2, "coredns:1.11", { ports });
    const created = apply(undefined, withPorts([{ containerPort: 53, name: "dns" }]));
    const live = { ...created.object, metadata: { ...(created.object.metadata as object), managedFields: created.managedFields } };
    const r = apply(live, withPorts([{ containerPort: 53, protocol: "UDP", name: "dns-udp" }]), false, "other");
    const containers = ((r.object.spec as { template: { spec: { containers: { ports: object[] }[] } } }).template.spec.containers);
    expect(containers[0]!.ports).toEqual([{ containerPort: 53, name: "dns" }, { containerPort: 53, protocol: "UDP", name: "dns-udp" }]);
  });

  it("groups several conflicts by manager, sorted", () => {
    const live = {
      ...deployment(5, "nginx:1.27"),
      metadata: {
        ...deployment(5).metadata,
        managedFields: [
          { manager: "b", operation: "Update", apiVersion: "apps/v1", fieldsType: "FieldsV1", fieldsV1: { "f:spec": { "f:replicas": {} } } },
          {
            manager: "a",
            operation: "Apply",
            apiVersion: "apps/v1",
            fieldsType: "FieldsV1",
            fieldsV1: { "f:spec": { "f:template": { "f:spec": { "f:containers": { 'k:{"name":"web"}': { ".": {}, "f:image": {} } } } } } },
          },
        ] satisfies ManagedFieldsEntry[],
      },
    };
    expect(() => apply(live, deployment(3))).toThrow(
      'Apply failed with 2 conflicts: conflicts with "a":\n- .spec.template.spec.containers[name="web"].image\nconflicts with "b" using apps/v1:\n- .spec.replicas',
    );
  });
});
