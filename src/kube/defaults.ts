/**
 * Defaulting: the values kube-apiserver fills into an object before it validates and stores it, so that
 * `kubectl get -o yaml` shows `restartPolicy: Always` although the manifest never said so. The API server calls
 * `applyDefaults` on every create, update and patch result, as upstream's decoder does (a patched object is decoded
 * and defaulted again: pkg/endpoints/handlers/patch.go).
 *
 * Follows kubernetes/kubernetes pkg/apis/core/v1/defaults.go (SetDefaults_PodSpec, SetDefaults_Pod, SetDefaults_Container,
 * SetDefaults_Probe, SetDefaults_HTTPGetAction, SetDefaults_Service, SetDefaults_Volume, SetDefaults_Namespace,
 * SetDefaults_NamespaceStatus, SetDefaults_NodeStatus, ...), which functions apply to which type as
 * pkg/apis/core/v1/zz_generated.defaults.go wires them (a Pod gets SetDefaults_Pod, a pod *template* only
 * SetDefaults_PodSpec), and pkg/apis/apps/v1/defaults.go (SetDefaults_Deployment, SetDefaults_ReplicaSet).
 * Kubernetes 1.32.
 *
 * Not defaulting, and left to the code that owns it: fields the registry sets (uid, resourceVersion,
 * creationTimestamp, generation, a pod's initial `status`), admission plugins (ServiceAccount: serviceAccountName and
 * the kube-api-access volume; DefaultTolerationSeconds: the not-ready/unreachable tolerations of 300 s; Priority:
 * priority 0 and preemptionPolicy), and a Service's cluster IP with `clusterIPs`, `ipFamilies: [IPv4]` and
 * `ipFamilyPolicy: SingleStack`, which the service registry sets when it allocates the IP
 * (pkg/registry/core/service/storage/alloc.go), not defaults.go. The simulated cluster does those two in
 * src/sim/admission.ts.
 */

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

/** The object at `o[key]`, created empty when absent (Go's zero-value struct, which defaulting then fills). */
function child(o: Obj, key: string): Obj {
  if (!isObj(o[key])) o[key] = {};
  return o[key] as Obj;
}

/** The objects of the list at `o[key]` (none when absent or not a list). */
function items(o: Obj | undefined, key: string): Obj[] {
  const list = o?.[key];
  return Array.isArray(list) ? list.filter(isObj) : [];
}

/** Sets `o[key]` to `value` when it is unset; an empty string or null counts as unset, as Go's zero value does. */
function setDefault(o: Obj, key: string, value: unknown): void {
  if (o[key] === undefined || o[key] === null || o[key] === "") o[key] = value;
}

/** Sets an int field when unset or 0: Probe fields are plain int32, so 0 means "not given" (SetDefaults_Probe). */
function setDefaultNonZero(o: Obj, key: string, value: number): void {
  if (o[key] === undefined || o[key] === null || o[key] === 0) o[key] = value;
}

/**
 * Returns a copy of `obj` with upstream's defaults filled in for the kinds we serve. Kinds without defaults are
 * returned as a plain copy. Does NOT modify `obj`.
 * @param obj a Kubernetes object with `kind` (Pod, Deployment, ReplicaSet, Service, Node, Namespace, ...)
 * @returns the defaulted copy
 * @example
 * const pod = applyDefaults({ apiVersion: "v1", kind: "Pod", metadata: { name: "p" }, spec: { containers: [{ name: "c", image: "nginx" }] } });
 * pod.spec.restartPolicy === "Always"; pod.spec.containers[0].imagePullPolicy === "Always";
 */
export function applyDefaults<T extends object>(obj: T): T {
  const out = structuredClone(obj) as unknown as Obj;
  const defaulter = DEFAULTERS[String(out.kind)];
  defaulter?.(out);
  return out as unknown as T;
}

/** One function per kind, each following its upstream SetObjectDefaults_<Kind>. */
const DEFAULTERS: Readonly<Record<string, (o: Obj) => void>> = {
  Pod: defaultPod,
  Deployment: defaultDeployment,
  ReplicaSet: defaultReplicaSet,
  Service: defaultService,
  Namespace: defaultNamespace,
  Node: defaultNode,
  // ConfigMap: SetDefaults_ConfigMap sets `data` to an empty map, which `omitempty` never serializes: no visible default.
  // Event, Lease, Ingress, IngressClass, NetworkPolicy, EndpointSlice: upstream defaults none of the fields we serve
  // (EndpointSlice ports' protocol TCP and Ingress pathType have no defaulter; validation requires pathType).
};

/** SetObjectDefaults_Pod: SetDefaults_Pod (pod only), then SetDefaults_PodSpec and the per-field defaulters. */
function defaultPod(pod: Obj): void {
  const spec = child(pod, "spec");
  defaultPodOnly(spec);
  defaultPodSpec(spec);
}

/**
 * What SetDefaults_Pod adds for a Pod but never for a pod template: requests copied from limits, enableServiceLinks,
 * and hostPort = containerPort under hostNetwork. (Upstream keeps these out of templates so that adding a default
 * does not change every Deployment's template and roll its pods: kubernetes#69445.)
 */
function defaultPodOnly(spec: Obj): void {
  for (const c of [...items(spec, "containers"), ...items(spec, "initContainers")]) defaultRequestsFromLimits(c);
  if (spec.enableServiceLinks === undefined || spec.enableServiceLinks === null) spec.enableServiceLinks = true;
  if (spec.hostNetwork === true) {
    for (const c of [...items(spec, "containers"), ...items(spec, "initContainers")]) {
      for (const port of items(c, "ports")) {
        if (typeof port.containerPort === "number") setDefaultNonZero(port, "hostPort", port.containerPort);
      }
    }
  }
}

/** A container with limits but no request for a resource requests what it limits (SetDefaults_Pod). */
function defaultRequestsFromLimits(container: Obj): void {
  const resources = container.resources;
  if (!isObj(resources) || !isObj(resources.limits)) return;
  const requests = child(resources, "requests");
  for (const [name, limit] of Object.entries(resources.limits)) {
    if (!(name in requests)) requests[name] = limit;
  }
}

/** SetDefaults_PodSpec plus the defaulters of what a pod spec contains; shared by pods and pod templates. */
function defaultPodSpec(spec: Obj): void {
  setDefault(spec, "dnsPolicy", "ClusterFirst");
  setDefault(spec, "restartPolicy", "Always");
  if (!isObj(spec.securityContext)) spec.securityContext = {};
  if (spec.terminationGracePeriodSeconds === undefined || spec.terminationGracePeriodSeconds === null) {
    spec.terminationGracePeriodSeconds = 30;
  }
  setDefault(spec, "schedulerName", "default-scheduler");
  for (const volume of items(spec, "volumes")) defaultVolume(volume);
  for (const key of ["initContainers", "containers", "ephemeralContainers"]) {
    for (const c of items(spec, key)) defaultContainer(c);
  }
}

/** The mode secret, configMap, downwardAPI and projected volumes get: 0644 (SecretVolumeSourceDefaultMode and siblings). */
const DEFAULT_VOLUME_MODE = 0o644;

/** SetDefaults_Volume and the volume-source defaulters zz_generated.defaults.go calls for each source. */
function defaultVolume(volume: Obj): void {
  // A volume naming no source at all is an emptyDir (every source pointer nil: ptr.AllPtrFieldsNil).
  if (Object.keys(volume).every((k) => k === "name" || volume[k] === undefined || volume[k] === null)) volume.emptyDir = {};
  if (isObj(volume.hostPath)) setDefault(volume.hostPath, "type", "");
  for (const source of ["secret", "configMap", "downwardAPI", "projected"]) {
    const s = volume[source];
    if (isObj(s) && (s.defaultMode === undefined || s.defaultMode === null)) s.defaultMode = DEFAULT_VOLUME_MODE;
  }
  if (isObj(volume.downwardAPI)) defaultDownwardApiItems(volume.downwardAPI);
  if (isObj(volume.projected)) {
    for (const source of items(volume.projected, "sources")) {
      if (isObj(source.downwardAPI)) defaultDownwardApiItems(source.downwardAPI);
      const token = source.serviceAccountToken;
      // SetDefaults_ServiceAccountTokenProjection: one hour.
      if (isObj(token) && (token.expirationSeconds === undefined || token.expirationSeconds === null)) token.expirationSeconds = 3600;
    }
  }
}

function defaultDownwardApiItems(downwardApi: Obj): void {
  for (const item of items(downwardApi, "items")) {
    if (isObj(item.fieldRef)) defaultFieldRef(item.fieldRef);
  }
}

/** SetDefaults_ObjectFieldSelector: a fieldRef without apiVersion means v1. */
function defaultFieldRef(fieldRef: Obj): void {
  setDefault(fieldRef, "apiVersion", "v1");
}

/** SetDefaults_Container and what zz_generated.defaults.go runs for each container's ports, env, probes and hooks. */
function defaultContainer(c: Obj): void {
  setDefault(c, "imagePullPolicy", defaultPullPolicy(c.image));
  setDefault(c, "terminationMessagePath", "/dev/termination-log");
  setDefault(c, "terminationMessagePolicy", "File");
  for (const port of items(c, "ports")) setDefault(port, "protocol", "TCP");
  for (const env of items(c, "env")) {
    if (isObj(env.valueFrom) && isObj(env.valueFrom.fieldRef)) defaultFieldRef(env.valueFrom.fieldRef);
  }
  for (const probe of ["livenessProbe", "readinessProbe", "startupProbe"]) {
    if (isObj(c[probe])) defaultProbe(c[probe]);
  }
  if (isObj(c.lifecycle)) {
    for (const hook of ["postStart", "preStop"]) {
      const handler = c.lifecycle[hook];
      if (isObj(handler) && isObj(handler.httpGet)) defaultHttpGet(handler.httpGet);
    }
  }
  // Not a default but what the wire shows: `resources` is a struct, which Go's `omitempty` never omits.
  if (!isObj(c.resources)) c.resources = {};
}

/** SetDefaults_Probe; the probe's httpGet as SetDefaults_HTTPGetAction; grpc's `service` as its `+default=""` marker. */
function defaultProbe(probe: Obj): void {
  setDefaultNonZero(probe, "timeoutSeconds", 1);
  setDefaultNonZero(probe, "periodSeconds", 10);
  setDefaultNonZero(probe, "successThreshold", 1);
  setDefaultNonZero(probe, "failureThreshold", 3);
  if (isObj(probe.httpGet)) defaultHttpGet(probe.httpGet);
  if (isObj(probe.grpc) && (probe.grpc.service === undefined || probe.grpc.service === null)) probe.grpc.service = "";
}

/** SetDefaults_HTTPGetAction: path `/`, scheme HTTP. */
function defaultHttpGet(httpGet: Obj): void {
  setDefault(httpGet, "path", "/");
  setDefault(httpGet, "scheme", "HTTP");
}

/**
 * The pull policy SetDefaults_Container picks: Always for the tag `latest`, which is also what an image without tag
 * and digest means; IfNotPresent otherwise, including a digest without tag and an image that does not parse
 * (upstream ignores the parse error: pkg/util/parsers.ParseImageName).
 * @example defaultPullPolicy("nginx") === "Always"; defaultPullPolicy("nginx:1.14.2") === "IfNotPresent"
 */
export function defaultPullPolicy(image: unknown): "Always" | "IfNotPresent" {
  return imageTag(image) === "latest" ? "Always" : "IfNotPresent";
}

/**
 * The tag as ParseImageName returns it: the tag if the reference has one, "" if it has only a digest, `latest` if it
 * has neither, "" if the reference is empty. The tag is what follows `:` in the last path component, so the port of
 * `localhost:5000/nginx` is not a tag.
 */
function imageTag(image: unknown): string {
  if (typeof image !== "string" || image === "") return "";
  const at = image.indexOf("@");
  const name = at >= 0 ? image.slice(0, at) : image;
  const lastComponent = name.slice(name.lastIndexOf("/") + 1);
  const colon = lastComponent.indexOf(":");
  if (colon >= 0) return lastComponent.slice(colon + 1);
  return at >= 0 ? "" : "latest";
}

/** A pod template: SetDefaults_PodSpec on its spec (not SetDefaults_Pod), plus the wire's empty creationTimestamp. */
function defaultPodTemplate(template: Obj): void {
  // Not a default: ObjectMeta.creationTimestamp is a struct, so Kubernetes up to 1.32 serializes the template's unset
  // timestamp as `null` (1.33 omits it: kubernetes#130989). Clients compare templates, so we show what 1.32 shows.
  const metadata = child(template, "metadata");
  if (!("creationTimestamp" in metadata)) metadata.creationTimestamp = null;
  defaultPodSpec(child(template, "spec"));
}

/** SetDefaults_Deployment (apps/v1), then the template. */
function defaultDeployment(deployment: Obj): void {
  const spec = child(deployment, "spec");
  if (spec.replicas === undefined || spec.replicas === null) spec.replicas = 1;
  const strategy = child(spec, "strategy");
  setDefault(strategy, "type", "RollingUpdate");
  if (strategy.type === "RollingUpdate") {
    const rollingUpdate = child(strategy, "rollingUpdate");
    if (rollingUpdate.maxUnavailable === undefined || rollingUpdate.maxUnavailable === null) rollingUpdate.maxUnavailable = "25%";
    if (rollingUpdate.maxSurge === undefined || rollingUpdate.maxSurge === null) rollingUpdate.maxSurge = "25%";
  }
  if (spec.revisionHistoryLimit === undefined || spec.revisionHistoryLimit === null) spec.revisionHistoryLimit = 10;
  if (spec.progressDeadlineSeconds === undefined || spec.progressDeadlineSeconds === null) spec.progressDeadlineSeconds = 600;
  defaultPodTemplate(child(spec, "template"));
}

/** SetDefaults_ReplicaSet (apps/v1), then the template. */
function defaultReplicaSet(rs: Obj): void {
  const spec = child(rs, "spec");
  if (spec.replicas === undefined || spec.replicas === null) spec.replicas = 1;
  defaultPodTemplate(child(spec, "template"));
}

/** DefaultClientIPServiceAffinitySeconds: three hours. */
const DEFAULT_CLIENT_IP_AFFINITY_SECONDS = 10800;

/** SetDefaults_Service. */
function defaultService(service: Obj): void {
  const spec = child(service, "spec");
  setDefault(spec, "sessionAffinity", "None");
  if (spec.sessionAffinity === "None") delete spec.sessionAffinityConfig;
  if (spec.sessionAffinity === "ClientIP") defaultClientIpAffinity(spec);
  setDefault(spec, "type", "ClusterIP");
  for (const port of items(spec, "ports")) {
    setDefault(port, "protocol", "TCP");
    // targetPort is an IntOrString: both 0 and "" mean unset.
    if (port.targetPort === undefined || port.targetPort === null || port.targetPort === 0 || port.targetPort === "") {
      port.targetPort = port.port;
    }
  }
  if (externallyAccessible(spec)) setDefault(spec, "externalTrafficPolicy", "Cluster");
  if ((spec.internalTrafficPolicy === undefined || spec.internalTrafficPolicy === null) && ["ClusterIP", "NodePort", "LoadBalancer"].includes(String(spec.type))) {
    spec.internalTrafficPolicy = "Cluster";
  }
  if (spec.type === "LoadBalancer") {
    if (spec.allocateLoadBalancerNodePorts === undefined || spec.allocateLoadBalancerNodePorts === null) spec.allocateLoadBalancerNodePorts = true;
    defaultLoadBalancerIpMode(service);
  }
}

/** ClientIP affinity without a timeout gets the 10800 s one (the whole config is replaced, as upstream does). */
function defaultClientIpAffinity(spec: Obj): void {
  const config = spec.sessionAffinityConfig;
  const timeout = isObj(config) && isObj(config.clientIP) ? config.clientIP.timeoutSeconds : undefined;
  if (timeout === undefined || timeout === null) {
    spec.sessionAffinityConfig = { clientIP: { timeoutSeconds: DEFAULT_CLIENT_IP_AFFINITY_SECONDS } };
  }
}

/** pkg/api/v1/service ExternallyAccessible: NodePort, LoadBalancer, or ClusterIP with external IPs. */
function externallyAccessible(spec: Obj): boolean {
  return (
    spec.type === "NodePort" ||
    spec.type === "LoadBalancer" ||
    (spec.type === "ClusterIP" && Array.isArray(spec.externalIPs) && spec.externalIPs.length > 0)
  );
}

/** A load balancer ingress with an IP and no ipMode is a VIP. */
function defaultLoadBalancerIpMode(service: Obj): void {
  const status = service.status;
  if (!isObj(status) || !isObj(status.loadBalancer)) return;
  for (const ingress of items(status.loadBalancer, "ingress")) {
    if (ingress.ip && (ingress.ipMode === undefined || ingress.ipMode === null)) ingress.ipMode = "VIP";
  }
}

/** SetDefaults_Namespace (the `kubernetes.io/metadata.name` label) and SetDefaults_NamespaceStatus (phase Active). */
function defaultNamespace(ns: Obj): void {
  const metadata = child(ns, "metadata");
  // Upstream skips nameless namespaces (generateName): the registry sets the label once the name is known.
  if (typeof metadata.name === "string" && metadata.name !== "") {
    child(metadata, "labels")["kubernetes.io/metadata.name"] = metadata.name;
  }
  setDefault(child(ns, "status"), "phase", "Active");
}

/** SetDefaults_NodeStatus: allocatable is capacity when the kubelet reports only capacity. */
function defaultNode(node: Obj): void {
  const status = node.status;
  if (isObj(status) && isObj(status.capacity) && !isObj(status.allocatable)) {
    status.allocatable = { ...status.capacity };
  }
}
