/**
 * The protobuf bodies kubectl's typed clients send. The fixtures are what kubectl 1.32 sent to this server for
 * `kubectl create deployment web --image=nginx:1.27 --replicas=0 --port=80`, `kubectl create namespace team-a`,
 * `kubectl create configmap cfg --from-literal=a=1 --from-literal=b=two` and
 * `kubectl create service clusterip svc2 --tcp=5678:8080`, recorded by a logging proxy.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ApiError } from "#kube";
import { decodeProtobuf } from "../../src/server/protobuf.ts";

const fixture = (name: string): Buffer => readFileSync(join(import.meta.dirname, "fixtures", "protobuf", `${name}.bin`));
const failure = (body: Buffer): { code: number; message: string } | undefined => {
  try {
    decodeProtobuf(body);
    return undefined;
  } catch (err) {
    return { code: (err as ApiError).code, message: (err as Error).message };
  }
};

describe("decodeProtobuf", () => {
  it("decodes kubectl create deployment into the JSON kubectl would have sent, keeping an explicit replicas: 0", () => {
    expect(decodeProtobuf(fixture("kubectl-create-deployment"))).toEqual({
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "web", labels: { app: "web" } },
      spec: {
        replicas: 0,
        selector: { matchLabels: { app: "web" } },
        template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "nginx", image: "nginx:1.27", ports: [{ containerPort: 80 }] }] } },
      },
    });
  });

  it("decodes a namespace, a configmap's data map and a service's ports with an int-or-string targetPort", () => {
    expect(decodeProtobuf(fixture("kubectl-create-namespace"))).toEqual({ apiVersion: "v1", kind: "Namespace", metadata: { name: "team-a" } });
    expect(decodeProtobuf(fixture("kubectl-create-configmap"))).toEqual({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "cfg" }, data: { a: "1", b: "two" } });
    expect(decodeProtobuf(fixture("kubectl-create-service-clusterip"))).toEqual({
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: "svc2", labels: { app: "svc2" } },
      spec: { ports: [{ name: "5678-8080", protocol: "TCP", port: 5678, targetPort: 8080 }], selector: { app: "svc2" }, type: "ClusterIP" },
    });
  });

  it("refuses a body without the k8s prefix or cut off (400), and a kind or a field it does not know (415, named)", () => {
    expect(failure(Buffer.from('{"kind":"Pod"}'))).toMatchObject({ code: 400, message: expect.stringContaining("k8s\\0 prefix") });
    const deployment = fixture("kubectl-create-deployment");
    expect(failure(deployment.subarray(0, deployment.length - 40))).toMatchObject({ code: 400, message: expect.stringContaining("runs past the end") });
    expect(failure(envelope("apps/v1", "StatefulSet", Buffer.alloc(0)))).toMatchObject({ code: 415, message: expect.stringContaining("apps/v1 StatefulSet") });
    // Field 15 of ObjectMeta was clusterName, long gone: named, not dropped.
    const namespace = envelope("v1", "Namespace", field(1, Buffer.concat([field(1, "ns"), field(15, "x")])));
    expect(failure(namespace)).toMatchObject({ code: 415, message: expect.stringContaining("Namespace.metadata: field 15 of meta.ObjectMeta") });
    expect(decodeProtobuf(envelope("v1", "Namespace", field(1, field(1, "ns"))))).toEqual({ apiVersion: "v1", kind: "Namespace", metadata: { name: "ns" } });
  });
});

// A minimal encoder for the cases above: length-delimited fields only.
const varint = (n: number): number[] => (n < 128 ? [n] : [(n & 127) | 128, ...varint(n >>> 7)]);
const field = (number: number, value: Buffer | string): Buffer => {
  const bytes = Buffer.from(value);
  return Buffer.concat([Buffer.from([...varint((number << 3) | 2), ...varint(bytes.length)]), bytes]);
};
const envelope = (apiVersion: string, kind: string, raw: Buffer): Buffer =>
  Buffer.concat([Buffer.from("k8s\0", "binary"), field(1, Buffer.concat([field(1, apiVersion), field(2, kind)])), field(2, raw)]);
