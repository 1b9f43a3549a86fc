import { describe, expect, it } from "vitest";
import { toFieldPath, validateObject } from "./validation.ts";

// Messages as upstream's validation produces them (pkg/apis/core/validation/validation_test.go,
// pkg/apis/apps/validation/validation_test.go); each object is otherwise valid, so the one rule shows alone.

const container = { name: "web", image: "nginx:1.27" };
const deployment = (spec: Record<string, unknown> = {}, labels: Record<string, string> = { app: "web" }) => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "web", namespace: "default" },
  spec: { replicas: 3, selector: { matchLabels: { app: "web" } }, template: { metadata: { labels }, spec: { containers: [container] } }, ...spec },
});
const pod = (spec: Record<string, unknown>, metadata: Record<string, unknown> = { name: "web-1", namespace: "default" }) => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata,
  spec,
});
const messages = (obj: unknown): string[] => validateObject(obj).map((e) => e.message);

describe("validateObject: valid objects", () => {
  it("accepts a complete deployment", () => {
    expect(messages(deployment())).toEqual([]);
  });

  it("accepts a pod with resources, ports and probes", () => {
    const c = {
      ...container,
      ports: [{ name: "http", containerPort: 80, protocol: "TCP" }],
      resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: 1, memory: "256Mi" } },
      readinessProbe: { httpGet: { path: "/", port: "http" }, periodSeconds: 5 },
    };
    expect(messages(pod({ containers: [c], restartPolicy: "Always" }))).toEqual([]);
  });

  it.each([
    { apiVersion: "v1", kind: "Namespace", metadata: { name: "team-a" } },
    { apiVersion: "v1", kind: "Node", metadata: { name: "node-1" }, spec: { taints: [{ key: "node.kubernetes.io/not-ready", effect: "NoExecute" }] } },
    { apiVersion: "v1", kind: "Service", metadata: { name: "web", namespace: "default" }, spec: { selector: { app: "web" }, ports: [{ port: 80, targetPort: 8080 }] } },
    { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "cfg", namespace: "default" }, data: { "app.properties": "x=1" } },
    { apiVersion: "coordination.k8s.io/v1", kind: "Lease", metadata: { name: "node-1", namespace: "kube-node-lease" }, spec: { holderIdentity: "node-1", leaseDurationSeconds: 40 } },
    { apiVersion: "discovery.k8s.io/v1", kind: "EndpointSlice", metadata: { name: "web-abc", namespace: "default" }, addressType: "IPv4", endpoints: [{ addresses: ["10.0.0.5"], conditions: { ready: true } }], ports: [{ port: 80 }] },
    { apiVersion: "networking.k8s.io/v1", kind: "Ingress", metadata: { name: "web", namespace: "default" }, spec: { rules: [{ host: "shop.example.com", http: { paths: [{ path: "/", pathType: "Prefix", backend: { service: { name: "web", port: { number: 80 } } } }] } }] } },
    { apiVersion: "networking.k8s.io/v1", kind: "IngressClass", metadata: { name: "nginx" }, spec: { controller: "k8s.io/ingress-nginx" } },
    { apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: { name: "deny", namespace: "default" }, spec: { podSelector: {}, policyTypes: ["Ingress"], ingress: [{ from: [{ podSelector: { matchLabels: { app: "fe" } } }] }] } },
    { apiVersion: "v1", kind: "Event", metadata: { name: "web-1.17a", namespace: "default" }, involvedObject: { kind: "Pod", name: "web-1" }, reason: "Scheduled", type: "Normal" },
  ])("accepts a valid $kind", (obj) => {
    expect(messages(obj)).toEqual([]);
  });
});

describe("validateObject: metadata", () => {
  it("requires a name", () => {
    expect(messages(pod({ containers: [container] }, {}))).toEqual(["metadata.name: Required value: name or generateName is required"]);
  });

  it("requires a DNS-1123 subdomain for a pod name", () => {
    expect(messages(pod({ containers: [container] }, { name: "Web_1" }))).toEqual([
      `metadata.name: Invalid value: "Web_1": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
    ]);
  });

  it("requires a DNS-1123 label for a namespace name", () => {
    expect(messages({ apiVersion: "v1", kind: "Namespace", metadata: { name: "team.a" } })).toEqual([
      `metadata.name: Invalid value: "team.a": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`,
    ]);
  });

  it("requires a DNS-1035 label for a service name", () => {
    expect(messages({ apiVersion: "v1", kind: "Service", metadata: { name: "1web" }, spec: { ports: [{ port: 80 }] } })).toEqual([
      `metadata.name: Invalid value: "1web": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')`,
    ]);
  });

  it("accepts a generateName ending in a dash", () => {
    expect(messages(pod({ containers: [container] }, { name: "web-x7k2p", generateName: "web-" }))).toEqual([]);
  });

  it("forbids a namespace on a cluster-scoped object", () => {
    expect(messages({ apiVersion: "v1", kind: "Node", metadata: { name: "n1", namespace: "default" } })).toEqual([
      "metadata.namespace: Forbidden: not allowed on this type",
    ]);
  });

  it("checks label values", () => {
    expect(messages(pod({ containers: [container] }, { name: "p", labels: { app: "web-" } }))).toEqual([
      `metadata.labels: Invalid value: "web-": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`,
    ]);
  });
});

describe("validateObject: pods", () => {
  it("requires a container image", () => {
    expect(messages(pod({ containers: [{ name: "web" }] }))).toEqual(["spec.containers[0].image: Required value"]);
  });

  it("requires at least one container", () => {
    expect(messages(pod({ containers: [] }))).toEqual(["spec.containers: Required value"]);
  });

  it("reports a duplicate container name", () => {
    expect(messages(pod({ containers: [container, container] }))).toEqual(['spec.containers[1].name: Duplicate value: "web"']);
  });

  it("counts init containers in the uniqueness of names", () => {
    expect(messages(pod({ initContainers: [container], containers: [container] }))).toEqual(['spec.containers[0].name: Duplicate value: "web"']);
  });

  it("lists the supported restart policies", () => {
    expect(messages(pod({ containers: [container], restartPolicy: "Sometimes" }))).toEqual([
      'spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
    ]);
  });

  it("bounds container ports", () => {
    expect(messages(pod({ containers: [{ ...container, ports: [{ containerPort: 70000 }] }] }))).toEqual([
      "spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive",
    ]);
  });

  it("reports an unparsable quantity with its map key", () => {
    expect(messages(pod({ containers: [{ ...container, resources: { limits: { memory: "lots" } } }] }))).toEqual([
      `spec.containers[0].resources.limits[memory]: Invalid value: "lots": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`,
    ]);
  });

  it("requires requests not above limits", () => {
    expect(messages(pod({ containers: [{ ...container, resources: { requests: { cpu: "2" }, limits: { cpu: "1" } } }] }))).toEqual([
      'spec.containers[0].resources.requests: Invalid value: "2": must be less than or equal to cpu limit of 1',
    ]);
  });

  it("refuses a negative request", () => {
    expect(messages(pod({ containers: [{ ...container, resources: { requests: { cpu: "-100m" } } }] }))).toEqual([
      'spec.containers[0].resources.requests[cpu]: Invalid value: "-100m": must be greater than or equal to 0',
    ]);
  });

  it("requires a probe handler", () => {
    expect(messages(pod({ containers: [{ ...container, livenessProbe: { periodSeconds: 10 } }] }))).toEqual([
      "spec.containers[0].livenessProbe: Required value: must specify a handler type",
    ]);
  });

  it("requires a liveness probe's successThreshold to be 1", () => {
    expect(messages(pod({ containers: [{ ...container, livenessProbe: { exec: { command: ["true"] }, successThreshold: 2 } }] }))).toEqual([
      "spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1",
    ]);
  });

  it("refuses a negative probe period", () => {
    expect(messages(pod({ containers: [{ ...container, readinessProbe: { exec: { command: ["true"] }, periodSeconds: -1 } }] }))).toEqual([
      "spec.containers[0].readinessProbe.periodSeconds: Invalid value: -1: must be greater than or equal to 0",
    ]);
  });

  it("reports a wrong JSON type", () => {
    expect(messages(pod({ containers: [{ ...container, command: "nginx" }] }))).toEqual([
      'spec.containers[0].command: Invalid value: "nginx": must be of type array',
    ]);
  });
});

describe("validateObject: deployments and replicasets", () => {
  it("refuses negative replicas", () => {
    expect(messages(deployment({ replicas: -1 }))).toEqual(["spec.replicas: Invalid value: -1: must be greater than or equal to 0"]);
  });

  it("requires the selector to match the template's labels", () => {
    expect(messages(deployment({}, { app: "x" }))).toEqual([
      'spec.template.metadata.labels: Invalid value: map[string]string{"app":"x"}: `selector` does not match template `labels`',
    ]);
  });

  it("prints missing template labels as Go's nil map", () => {
    const d = deployment();
    delete (d.spec.template.metadata as { labels?: unknown }).labels;
    expect(messages(d)).toEqual(["spec.template.metadata.labels: Invalid value: map[string]string(nil): `selector` does not match template `labels`"]);
  });

  it("refuses an empty selector", () => {
    expect(messages(deployment({ selector: {} }))).toEqual([
      "spec.selector: Invalid value: &v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment",
    ]);
  });

  it("requires a selector", () => {
    const d = deployment();
    delete (d.spec as { selector?: unknown }).selector;
    expect(messages(d)).toEqual(["spec.selector: Required value"]);
  });

  it("reports the container of a template at its full path", () => {
    expect(messages(deployment({ template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "web" }] } } }))).toEqual([
      "spec.template.spec.containers[0].image: Required value",
    ]);
  });

  it("allows only restartPolicy Always in a template", () => {
    const d = deployment({ template: { metadata: { labels: { app: "web" } }, spec: { containers: [container], restartPolicy: "Never" } } });
    expect(messages(d)).toEqual(['spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"']);
  });

  it("refuses maxSurge and maxUnavailable both 0", () => {
    expect(messages(deployment({ strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: 0, maxUnavailable: "0%" } } }))).toEqual([
      "spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0%: may not be 0 when `maxSurge` is 0",
    ]);
  });

  it("refuses maxUnavailable above 100%", () => {
    expect(messages(deployment({ strategy: { rollingUpdate: { maxUnavailable: "150%" } } }))).toEqual([
      "spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 150%: must not be greater than 100%",
    ]);
  });

  it("refuses a malformed percentage", () => {
    expect(messages(deployment({ strategy: { rollingUpdate: { maxSurge: "25" } } }))).toEqual([
      "spec.strategy.rollingUpdate.maxSurge: Invalid value: 25: a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
    ]);
  });

  it("forbids rollingUpdate with the Recreate strategy", () => {
    expect(messages(deployment({ strategy: { type: "Recreate", rollingUpdate: {} } }))).toEqual([
      "spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'",
    ]);
  });

  it("lists the strategy types", () => {
    expect(messages(deployment({ strategy: { type: "BlueGreen" } }))).toEqual([
      'spec.strategy.type: Unsupported value: "BlueGreen": supported values: "Recreate", "RollingUpdate"',
    ]);
  });

  it("requires progressDeadlineSeconds above minReadySeconds", () => {
    expect(messages(deployment({ minReadySeconds: 10, progressDeadlineSeconds: 10 }))).toEqual([
      "spec.progressDeadlineSeconds: Invalid value: 10: must be greater than minReadySeconds",
    ]);
  });

  it("applies the same selector rule to a replicaset", () => {
    const rs = { ...deployment({}, { app: "x" }), kind: "ReplicaSet", metadata: { name: "web-5d4f", namespace: "default" } };
    expect(messages(rs)).toEqual(['spec.template.metadata.labels: Invalid value: map[string]string{"app":"x"}: `selector` does not match template `labels`']);
  });
});

describe("validateObject: other kinds", () => {
  const service = (spec: Record<string, unknown>) => ({ apiVersion: "v1", kind: "Service", metadata: { name: "web" }, spec });

  it("requires service ports", () => {
    expect(messages(service({ selector: { app: "web" } }))).toEqual(["spec.ports: Required value"]);
  });

  it("requires port names when a service has several", () => {
    expect(messages(service({ ports: [{ name: "http", port: 80 }, { port: 443 }] }))).toEqual(["spec.ports[1].name: Required value"]);
  });

  it("reports a duplicate service port name", () => {
    expect(messages(service({ ports: [{ name: "http", port: 80 }, { name: "http", port: 81 }] }))).toEqual(['spec.ports[1].name: Duplicate value: "http"']);
  });

  it("checks a named targetPort", () => {
    expect(messages(service({ ports: [{ port: 80, targetPort: "Web" }] }))).toEqual([
      'spec.ports[0].targetPort: Invalid value: "Web": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
    ]);
  });

  it("reports a service selector's bad label at its key", () => {
    expect(toFieldPath("/spec/selector/app.kubernetes.io~1name", "Service")).toBe("spec.selector[app.kubernetes.io/name]");
  });

  it("lists the taint effects", () => {
    expect(messages({ apiVersion: "v1", kind: "Node", metadata: { name: "n1" }, spec: { taints: [{ key: "k", effect: "Sometimes" }] } })).toEqual([
      'spec.taints[0].effect: Unsupported value: "Sometimes": supported values: "NoExecute", "NoSchedule", "PreferNoSchedule"',
    ]);
  });

  it("requires a lease duration above 0", () => {
    expect(messages({ apiVersion: "coordination.k8s.io/v1", kind: "Lease", metadata: { name: "n1" }, spec: { leaseDurationSeconds: 0 } })).toEqual([
      "spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0",
    ]);
  });

  it("requires an absolute ingress path for Prefix", () => {
    const ing = {
      apiVersion: "networking.k8s.io/v1",
      kind: "Ingress",
      metadata: { name: "web" },
      spec: { rules: [{ http: { paths: [{ path: "shop", pathType: "Prefix", backend: { service: { name: "web", port: { number: 80 } } } }] } }] },
    };
    expect(messages(ing)).toEqual(['spec.rules[0].http.paths[0].path: Invalid value: "shop": must be an absolute path']);
  });

  it("requires an ingress pathType", () => {
    const ing = {
      apiVersion: "networking.k8s.io/v1",
      kind: "Ingress",
      metadata: { name: "web" },
      spec: { rules: [{ http: { paths: [{ path: "/", backend: { service: { name: "web", port: { number: 80 } } } }] } }] },
    };
    expect(messages(ing)).toEqual(["spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified"]);
  });

  it("requires a network policy peer to name something", () => {
    const np = { apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: { name: "x" }, spec: { podSelector: {}, ingress: [{ from: [{}] }] } };
    expect(messages(np)).toEqual(["spec.ingress[0].from[0]: Required value: must specify a peer"]);
  });

  it("checks config map keys", () => {
    expect(messages({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c" }, data: { "a b": "x" } })).toEqual([
      `data[a b]: Invalid value: "a b": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')`,
    ]);
  });

  it("requires an EndpointSlice addressType", () => {
    expect(messages({ apiVersion: "discovery.k8s.io/v1", kind: "EndpointSlice", metadata: { name: "s" } })).toEqual(["addressType: Required value"]);
  });

  it("refuses a kind we do not serve", () => {
    expect(messages({ apiVersion: "batch/v1", kind: "Job", metadata: { name: "j" } })[0]).toMatch(/^kind: Unsupported value: "batch\/v1, Kind=Job": supported values: /);
  });
});

describe("toFieldPath", () => {
  it("turns array indexes into brackets", () => {
    expect(toFieldPath("/spec/template/spec/containers/0/image")).toBe("spec.template.spec.containers[0].image");
  });

  it("puts label keys in brackets", () => {
    expect(toFieldPath("/metadata/labels/app")).toBe("metadata.labels[app]");
  });

  it("does not bracket a deployment's selector fields", () => {
    expect(toFieldPath("/spec/selector/matchLabels/app", "Deployment")).toBe("spec.selector.matchLabels[app]");
  });
});
