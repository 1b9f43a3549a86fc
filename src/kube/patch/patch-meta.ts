/**
 * Which lists a strategic merge patch merges, and by which key, for each kind we serve: the `patchStrategy` and
 * `patchMergeKey` struct tags of the upstream types, written out as a table keyed by field path. A list that is not in
 * the table is replaced whole (upstream's default, and what `+listType=atomic` lists such as tolerations, node taints,
 * a Service's externalIPs, an EndpointSlice's endpoints and an Ingress's rules get).
 *
 * Follows the tags in kubernetes/kubernetes staging/src/k8s.io/api/core/v1/types.go, apps/v1/types.go and
 * apimachinery/pkg/apis/meta/v1/types.go (Kubernetes 1.32). Paths join field names with "."; list items add nothing
 * (`spec.containers.ports` is the ports of every container).
 */

/** The patch metadata of one field. */
export interface FieldPatchMeta {
  /**
   * `merge`: a list of objects is merged item by item on `mergeKey`, a list of scalars as a set. `replace`: the field
   * is replaced whole even when it is an object. Absent: objects merge key by key, lists are replaced.
   */
  readonly strategy?: "merge" | "replace";
  /** The field that identifies an item of a merged list of objects (`name` for containers). */
  readonly mergeKey?: string;
  /** `retainKeys`: the patch may say which keys of the object (or of each list item) survive, via `$retainKeys`. */
  readonly retainKeys?: boolean;
  /**
   * The `+listMapKey` tags, where server-side apply identifies an item by more fields than the strategic merge
   * patch's one `mergeKey` (container ports: containerPort and protocol). Absent: `[mergeKey]`.
   */
  readonly listMapKeys?: readonly string[];
}

/** Patch metadata by field path, for one kind. */
export type PatchMetaTable = Readonly<Record<string, FieldPatchMeta>>;

const mergeBy = (mergeKey: string): FieldPatchMeta => ({ strategy: "merge", mergeKey });
/** A list of scalars merged as a set (patchStrategy:"merge" without a key), e.g. finalizers. */
const SET: FieldPatchMeta = { strategy: "merge" };

/** Prefixes every path of `table` with `at` (`spec.template.spec.`). */
function nest(at: string, table: PatchMetaTable): PatchMetaTable {
  return Object.fromEntries(Object.entries(table).map(([path, meta]) => [at + path, meta]));
}

/** ObjectMeta: ownerReferences by uid, finalizers as a set. */
const OBJECT_META: PatchMetaTable = {
  ownerReferences: mergeBy("uid"),
  finalizers: SET,
};

/**
 * Container. Quirk, kept as upstream has it: ports merge on `containerPort` alone although a port is identified by
 * containerPort *and* protocol, so a patch to 53/UDP lands on 53/TCP when both exist (types.go warns "Modifying this
 * array with strategic merge patch may corrupt the data", kubernetes#108255).
 */
const CONTAINER: PatchMetaTable = {
  ports: { ...mergeBy("containerPort"), listMapKeys: ["containerPort", "protocol"] },
  env: mergeBy("name"),
  volumeMounts: mergeBy("mountPath"),
  volumeDevices: mergeBy("devicePath"),
};

/** PodSpec. Tolerations, readinessGates and the like carry no strategy: replaced whole. */
const POD_SPEC: PatchMetaTable = {
  volumes: { strategy: "merge", mergeKey: "name", retainKeys: true },
  initContainers: mergeBy("name"),
  containers: mergeBy("name"),
  ephemeralContainers: mergeBy("name"),
  ...nest("initContainers.", CONTAINER),
  ...nest("containers.", CONTAINER),
  ...nest("ephemeralContainers.", CONTAINER),
  imagePullSecrets: mergeBy("name"),
  hostAliases: mergeBy("ip"),
  topologySpreadConstraints: { ...mergeBy("topologyKey"), listMapKeys: ["topologyKey", "whenUnsatisfiable"] },
  resourceClaims: { strategy: "merge", mergeKey: "name", retainKeys: true },
  schedulingGates: mergeBy("name"),
};

/** PodStatus. containerStatuses carry no strategy: replaced whole. */
const POD_STATUS: PatchMetaTable = {
  conditions: mergeBy("type"),
  podIPs: mergeBy("ip"),
  hostIPs: mergeBy("ip"),
  resourceClaimStatuses: { strategy: "merge", mergeKey: "name", retainKeys: true },
};

const CONDITIONS: PatchMetaTable = { "status.conditions": mergeBy("type") };

/** A pod template at `at` (`spec.template.`): its ObjectMeta and its PodSpec. */
const podTemplate = (at: string): PatchMetaTable => ({ ...nest(`${at}metadata.`, OBJECT_META), ...nest(`${at}spec.`, POD_SPEC) });

/** Every kind's table starts with its metadata. */
const withMeta = (table: PatchMetaTable = {}): PatchMetaTable => ({ ...nest("metadata.", OBJECT_META), ...table });

const TABLES: Readonly<Record<string, PatchMetaTable>> = {
  Pod: withMeta({ ...nest("spec.", POD_SPEC), ...nest("status.", POD_STATUS) }),
  // DeploymentSpec.strategy is `patchStrategy:"retainKeys"`: switching to Recreate can drop rollingUpdate.
  Deployment: withMeta({ "spec.strategy": { retainKeys: true }, ...podTemplate("spec.template."), ...CONDITIONS }),
  ReplicaSet: withMeta({ ...podTemplate("spec.template."), ...CONDITIONS }),
  // Service ports merge on `port` alone, the same quirk as container ports (53/TCP and 53/UDP collide); server-side
  // apply keys them on port and protocol.
  Service: withMeta({ "spec.ports": { ...mergeBy("port"), listMapKeys: ["port", "protocol"] }, ...CONDITIONS }),
  // Node addresses merge on `type` although a node may have two of one type (types.go: "the merge key is not
  // sufficiently unique"); taints carry no strategy and are replaced whole.
  Node: withMeta({ "spec.podCIDRs": SET, "status.addresses": mergeBy("type"), ...CONDITIONS }),
  Namespace: withMeta(CONDITIONS),
  ConfigMap: withMeta(),
  Event: withMeta(),
  Lease: withMeta(),
  Ingress: withMeta(),
  IngressClass: withMeta(),
  NetworkPolicy: withMeta(),
  EndpointSlice: withMeta(),
};

/**
 * The patch metadata of a kind we serve, or undefined for any other kind (upstream refuses strategic merge patches
 * for kinds without Go types, such as custom resources).
 * @example patchMetaFor("Pod")?.["spec.containers"] // => { strategy: "merge", mergeKey: "name" }
 */
export function patchMetaFor(kind: string): PatchMetaTable | undefined {
  return Object.hasOwn(TABLES, kind) ? TABLES[kind] : undefined;
}
