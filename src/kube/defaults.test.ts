import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { applyDefaults, defaultPullPolicy } from "./defaults.ts";

const testdata = (name: string): Record<string, unknown> =>
  parse(readFileSync(new URL(`./defaults.testdata/${name}`, import.meta.url), "utf8")) as Record<string, unknown>;

/** The defaulted fields of a container that sets only name, image and nothing else. */
const containerDefaults = {
  imagePullPolicy: "IfNotPresent",
  resources: {},
  terminationMessagePath: "/dev/termination-log",
  terminationMessagePolicy: "File",
};

/** The defaulted fields of a pod spec (SetDefaults_PodSpec). */
const podSpecDefaults = {
  dnsPolicy: "ClusterFirst",
  restartPolicy: "Always",
  schedulerName: "default-scheduler",
  securityContext: {},
  terminationGracePeriodSeconds: 30,
};

const pod = (spec: Record<string, unknown>) => ({ apiVersion: "v1", kind: "Pod", metadata: { name: "p" }, spec });
const podSpecOf = (obj: unknown) => (obj as { spec: Record<string, unknown> }).spec;
const containerOf = (obj: unknown) => (podSpecOf(obj).containers as Record<string, unknown>[])[0];

describe("applyDefaults: the official nginx Deployment example", () => {
  it("defaults kubernetes.io's nginx-deployment into the spec a 1.32 API server returns", () => {
    const manifest = testdata("kubernetes-io-docs-nginx-deployment.yaml");
    const served = testdata("kubernetes-io-docs-nginx-deployment.get-1.32.yaml");
    const defaulted = applyDefaults(manifest);
    // The registry adds metadata (uid, resourceVersion, ...) and the controller the status: compare what defaulting owns.
    expect(defaulted.spec).toEqual(served.spec);
    expect(defaulted).toEqual({ ...manifest, spec: served.spec });
  });
});

describe("applyDefaults: pods", () => {
  it("fills restartPolicy, dnsPolicy, schedulerName, securityContext and the grace period of a pod spec", () => {
    const out = applyDefaults(pod({ containers: [{ name: "c", image: "nginx:1.26" }] }));
    expect(out).toEqual({
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "p" },
      spec: {
        ...podSpecDefaults,
        enableServiceLinks: true,
        containers: [{ name: "c", image: "nginx:1.26", ...containerDefaults }],
      },
    });
  });

  it("keeps values the manifest sets", () => {
    const spec = { containers: [], restartPolicy: "Never", dnsPolicy: "Default", terminationGracePeriodSeconds: 0, enableServiceLinks: false };
    expect(podSpecOf(applyDefaults(pod(spec)))).toEqual({ ...podSpecDefaults, ...spec });
  });

  it("sets enableServiceLinks on a pod but not on a pod template", () => {
    expect(podSpecOf(applyDefaults(pod({ containers: [] }))).enableServiceLinks).toBe(true);
    const rs = applyDefaults({ kind: "ReplicaSet", spec: { template: { spec: { containers: [] } } } });
    expect(rs.spec.template.spec).toEqual({ ...podSpecDefaults, containers: [] });
  });

  it("copies limits into missing requests on a pod", () => {
    const out = applyDefaults(pod({ containers: [{ name: "c", image: "x:1", resources: { limits: { cpu: "1", memory: "1Gi" }, requests: { cpu: "500m" } } }] }));
    expect(containerOf(out).resources).toEqual({ limits: { cpu: "1", memory: "1Gi" }, requests: { cpu: "500m", memory: "1Gi" } });
  });

  it("sets hostPort to containerPort under hostNetwork", () => {
    const out = applyDefaults(pod({ hostNetwork: true, containers: [{ name: "c", image: "x:1", ports: [{ containerPort: 8080 }] }] }));
    expect(containerOf(out).ports).toEqual([{ containerPort: 8080, hostPort: 8080, protocol: "TCP" }]);
  });

  it("does not modify its input", () => {
    const input = Object.freeze(pod({ containers: [] }));
    applyDefaults(input);
    expect(input).toEqual(pod({ containers: [] }));
  });
});

describe("applyDefaults: containers", () => {
  it("fills terminationMessagePath, terminationMessagePolicy and ports' protocol TCP", () => {
    const out = applyDefaults(pod({ containers: [{ name: "c", image: "x:1", ports: [{ containerPort: 80 }, { containerPort: 53, protocol: "UDP" }] }] }));
    expect(containerOf(out)).toEqual({
      name: "c",
      image: "x:1",
      ports: [{ containerPort: 80, protocol: "TCP" }, { containerPort: 53, protocol: "UDP" }],
      ...containerDefaults,
    });
  });

  it("defaults init and ephemeral containers as containers", () => {
    const out = applyDefaults(pod({ containers: [], initContainers: [{ name: "i", image: "busybox" }], ephemeralContainers: [{ name: "e", image: "busybox:1" }] }));
    expect(podSpecOf(out).initContainers).toEqual([{ name: "i", image: "busybox", ...containerDefaults, imagePullPolicy: "Always" }]);
    expect(podSpecOf(out).ephemeralContainers).toEqual([{ name: "e", image: "busybox:1", ...containerDefaults }]);
  });

  it("defaults a fieldRef's apiVersion to v1", () => {
    const env = [{ name: "NODE", valueFrom: { fieldRef: { fieldPath: "spec.nodeName" } } }];
    expect(containerOf(applyDefaults(pod({ containers: [{ name: "c", image: "x:1", env }] }))).env).toEqual([
      { name: "NODE", valueFrom: { fieldRef: { apiVersion: "v1", fieldPath: "spec.nodeName" } } },
    ]);
  });
});

describe("applyDefaults: imagePullPolicy", () => {
  it.each([
    ["nginx", "Always"],
    ["nginx:latest", "Always"],
    ["nginx:1.14.2", "IfNotPresent"],
    ["registry.k8s.io/pause:3.9", "IfNotPresent"],
    ["localhost:5000/nginx", "Always"],
    ["localhost:5000/nginx:1.0", "IfNotPresent"],
    ["nginx@sha256:0d17b565c37bcbd895e9d92315a05c1c3c9a29f762b011a10c54a66cd53c9b31", "IfNotPresent"],
    ["nginx:latest@sha256:0d17b565c37bcbd895e9d92315a05c1c3c9a29f762b011a10c54a66cd53c9b31", "Always"],
    ["", "IfNotPresent"],
  ])("pulls %j with %s", (image, policy) => {
    expect(defaultPullPolicy(image)).toBe(policy);
  });

  it("keeps an imagePullPolicy the manifest sets", () => {
    expect(containerOf(applyDefaults(pod({ containers: [{ name: "c", image: "nginx", imagePullPolicy: "Never" }] }))).imagePullPolicy).toBe("Never");
  });
});

describe("applyDefaults: probes and hooks", () => {
  it("fills a probe's timeout, period, thresholds and its httpGet path and scheme", () => {
    const out = applyDefaults(pod({ containers: [{ name: "c", image: "x:1", livenessProbe: { httpGet: { port: 80 } } }] }));
    expect(containerOf(out).livenessProbe).toEqual({
      httpGet: { port: 80, path: "/", scheme: "HTTP" },
      timeoutSeconds: 1,
      periodSeconds: 10,
      successThreshold: 1,
      failureThreshold: 3,
    });
  });

  it("treats a probe field of 0 as unset and keeps other values", () => {
    const out = applyDefaults(pod({ containers: [{ name: "c", image: "x:1", readinessProbe: { tcpSocket: { port: 80 }, periodSeconds: 0, failureThreshold: 5 } }] }));
    expect(containerOf(out).readinessProbe).toEqual({ tcpSocket: { port: 80 }, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 5 });
  });

  it("gives a grpc probe an empty service", () => {
    const out = applyDefaults(pod({ containers: [{ name: "c", image: "x:1", startupProbe: { grpc: { port: 9000 } } }] }));
    expect(containerOf(out).startupProbe).toEqual({ grpc: { port: 9000, service: "" }, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 });
  });

  it("fills a lifecycle hook's httpGet path and scheme", () => {
    const out = applyDefaults(pod({ containers: [{ name: "c", image: "x:1", lifecycle: { preStop: { httpGet: { port: 80, path: "/quit" } } } }] }));
    expect(containerOf(out).lifecycle).toEqual({ preStop: { httpGet: { port: 80, path: "/quit", scheme: "HTTP" } } });
  });
});

describe("applyDefaults: volumes", () => {
  it("makes a volume without a source an emptyDir", () => {
    expect(podSpecOf(applyDefaults(pod({ containers: [], volumes: [{ name: "scratch" }] }))).volumes).toEqual([{ name: "scratch", emptyDir: {} }]);
  });

  it("gives configMap and secret volumes mode 0644 (420)", () => {
    const volumes = [{ name: "a", configMap: { name: "cm" } }, { name: "b", secret: { secretName: "s", defaultMode: 256 } }];
    expect(podSpecOf(applyDefaults(pod({ containers: [], volumes }))).volumes).toEqual([
      { name: "a", configMap: { name: "cm", defaultMode: 420 } },
      { name: "b", secret: { secretName: "s", defaultMode: 256 } },
    ]);
  });

  it("gives a hostPath volume an empty type", () => {
    expect(podSpecOf(applyDefaults(pod({ containers: [], volumes: [{ name: "h", hostPath: { path: "/var/log" } }] }))).volumes).toEqual([
      { name: "h", hostPath: { path: "/var/log", type: "" } },
    ]);
  });

  it("gives a projected service account token an hour", () => {
    const volumes = [{ name: "t", projected: { sources: [{ serviceAccountToken: { path: "token" } }] } }];
    expect(podSpecOf(applyDefaults(pod({ containers: [], volumes }))).volumes).toEqual([
      { name: "t", projected: { defaultMode: 420, sources: [{ serviceAccountToken: { path: "token", expirationSeconds: 3600 } }] } },
    ]);
  });
});

describe("applyDefaults: Deployment", () => {
  it("fills replicas 1, RollingUpdate 25%/25%, revisionHistoryLimit 10, progressDeadlineSeconds 600", () => {
    const out = applyDefaults({ apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "d" }, spec: { template: { spec: { containers: [] } } } });
    expect(out).toEqual({
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "d" },
      spec: {
        replicas: 1,
        strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: "25%", maxSurge: "25%" } },
        revisionHistoryLimit: 10,
        progressDeadlineSeconds: 600,
        template: { metadata: { creationTimestamp: null }, spec: { ...podSpecDefaults, containers: [] } },
      },
    });
  });

  it("keeps replicas 0 and a partial rollingUpdate", () => {
    const out = applyDefaults({ kind: "Deployment", spec: { replicas: 0, strategy: { rollingUpdate: { maxSurge: 1 } }, template: { spec: { containers: [] } } } });
    expect(out.spec.replicas).toBe(0);
    expect(out.spec.strategy).toEqual({ type: "RollingUpdate", rollingUpdate: { maxSurge: 1, maxUnavailable: "25%" } });
  });

  it("gives a Recreate strategy no rollingUpdate", () => {
    const out = applyDefaults({ kind: "Deployment", spec: { strategy: { type: "Recreate" }, template: { spec: { containers: [] } } } });
    expect(out.spec.strategy).toEqual({ type: "Recreate" });
  });
});

describe("applyDefaults: ReplicaSet", () => {
  it("fills replicas 1 and defaults the template as a pod spec", () => {
    const out = applyDefaults({ apiVersion: "apps/v1", kind: "ReplicaSet", metadata: { name: "r" }, spec: { template: { metadata: { labels: { a: "b" } }, spec: { containers: [{ name: "c", image: "x:1" }] } } } });
    expect(out).toEqual({
      apiVersion: "apps/v1",
      kind: "ReplicaSet",
      metadata: { name: "r" },
      spec: {
        replicas: 1,
        template: {
          metadata: { labels: { a: "b" }, creationTimestamp: null },
          spec: { ...podSpecDefaults, containers: [{ name: "c", image: "x:1", ...containerDefaults }] },
        },
      },
    });
  });
});

describe("applyDefaults: Service", () => {
  it("fills type ClusterIP, sessionAffinity None, internalTrafficPolicy Cluster, ports' protocol and targetPort", () => {
    const out = applyDefaults({ apiVersion: "v1", kind: "Service", metadata: { name: "s" }, spec: { selector: { app: "a" }, ports: [{ port: 80 }, { port: 53, protocol: "UDP", targetPort: "dns" }] } });
    expect(out).toEqual({
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: "s" },
      spec: {
        selector: { app: "a" },
        ports: [{ port: 80, protocol: "TCP", targetPort: 80 }, { port: 53, protocol: "UDP", targetPort: "dns" }],
        sessionAffinity: "None",
        type: "ClusterIP",
        internalTrafficPolicy: "Cluster",
      },
    });
  });

  it("does not set ipFamilyPolicy, ipFamilies or clusterIPs, which the IP allocator sets", () => {
    const spec = podSpecOf(applyDefaults({ kind: "Service", spec: { ports: [{ port: 80 }] } }));
    expect(Object.keys(spec).sort()).toEqual(["internalTrafficPolicy", "ports", "sessionAffinity", "type"]);
  });

  it("gives ClientIP affinity the 10800 s timeout", () => {
    const out = applyDefaults({ kind: "Service", spec: { sessionAffinity: "ClientIP" } });
    expect(out.spec).toEqual({ sessionAffinity: "ClientIP", sessionAffinityConfig: { clientIP: { timeoutSeconds: 10800 } }, type: "ClusterIP", internalTrafficPolicy: "Cluster" });
  });

  it("drops a sessionAffinityConfig under affinity None", () => {
    const out = applyDefaults({ kind: "Service", spec: { sessionAffinityConfig: { clientIP: { timeoutSeconds: 60 } } } });
    expect(out.spec).toEqual({ sessionAffinity: "None", type: "ClusterIP", internalTrafficPolicy: "Cluster" });
  });

  it("gives a NodePort service externalTrafficPolicy Cluster", () => {
    const out = applyDefaults({ kind: "Service", spec: { type: "NodePort" } });
    expect(out.spec).toEqual({ type: "NodePort", sessionAffinity: "None", externalTrafficPolicy: "Cluster", internalTrafficPolicy: "Cluster" });
  });

  it("gives a LoadBalancer service allocateLoadBalancerNodePorts and its ingress IPs ipMode VIP", () => {
    const out = applyDefaults({ kind: "Service", spec: { type: "LoadBalancer" }, status: { loadBalancer: { ingress: [{ ip: "203.0.113.7" }, { hostname: "lb.example" }] } } });
    expect(out).toEqual({
      kind: "Service",
      spec: { type: "LoadBalancer", sessionAffinity: "None", externalTrafficPolicy: "Cluster", internalTrafficPolicy: "Cluster", allocateLoadBalancerNodePorts: true },
      status: { loadBalancer: { ingress: [{ ip: "203.0.113.7", ipMode: "VIP" }, { hostname: "lb.example" }] } },
    });
  });

  it("gives an ExternalName service no traffic policies", () => {
    const out = applyDefaults({ kind: "Service", spec: { type: "ExternalName", externalName: "example.com" } });
    expect(out.spec).toEqual({ type: "ExternalName", externalName: "example.com", sessionAffinity: "None" });
  });
});

describe("applyDefaults: Namespace and Node", () => {
  it("labels a namespace with its name and sets phase Active", () => {
    const out = applyDefaults({ apiVersion: "v1", kind: "Namespace", metadata: { name: "team-a" } });
    expect(out).toEqual({ apiVersion: "v1", kind: "Namespace", metadata: { name: "team-a", labels: { "kubernetes.io/metadata.name": "team-a" } }, status: { phase: "Active" } });
  });

  it("keeps a Terminating phase", () => {
    expect(applyDefaults({ kind: "Namespace", metadata: { name: "x" }, status: { phase: "Terminating" } }).status).toEqual({ phase: "Terminating" });
  });

  it("copies a node's capacity to a missing allocatable", () => {
    const out = applyDefaults({ kind: "Node", metadata: { name: "n" }, status: { capacity: { cpu: "4", pods: "110" } } });
    expect(out.status).toEqual({ capacity: { cpu: "4", pods: "110" }, allocatable: { cpu: "4", pods: "110" } });
  });
});

describe("applyDefaults: kinds without defaults", () => {
  it.each(["ConfigMap", "Event", "Lease", "Ingress", "IngressClass", "NetworkPolicy", "EndpointSlice"])("returns a %s unchanged", (kind) => {
    const obj = { kind, metadata: { name: "x" }, spec: { a: 1 } };
    expect(applyDefaults(obj)).toEqual({ kind, metadata: { name: "x" }, spec: { a: 1 } });
  });
});
