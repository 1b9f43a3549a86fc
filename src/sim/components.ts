/**
 * The contracts of the component slots: what a chapter's component (the reference or the learner's) must look like
 * for the simulator to run it (checker/test/slots.test.ts proves each chapter's contract fits). Controllers are pure functions of a deep-frozen view that
 * return actions; the store and the API server are classes behind an interface.
 */
import type { Action, Deployment, Node, Pod, PodStatus, ReplicaSet, Storage } from "#kube";
import type { Api } from "./api.ts";
import type { ApiServerOptions } from "../kube/api.ts";
import type { RuntimeAction, RuntimeContainer } from "./runtime.ts";

/** Chapter 2: `new MvccStore()`. */
export type StoreFactory = () => Storage;

/** Chapter 3: `new ApiServer({ storage, now, uid, suffix })`. */
export type ApiServerFactory = (options: ApiServerOptions) => Api;

/** Chapter 6's NodeInfo (framework.NodeInfo): opaque to the simulator, built by the slot's own `newSnapshot`. */
export type NodeInfo = { node: Node; podCount: number };

/** Chapter 6: one scheduling cycle for one pod (pkg/scheduler/schedule_one.go). */
export interface ScheduleInput {
  pod: Pod;
  /** The cache's view of every node, assumed pods counted (newSnapshot over bound and assumed pods). */
  nodeInfos: readonly NodeInfo[];
  percentageOfNodesToScore?: number;
  /** Where the previous cycle stopped looking (nextStartNodeIndex). */
  startIndex: number;
  /** Chooses among the best nodes; the simulator passes its seeded random source. */
  pick: (best: string[]) => string;
}
export interface ScheduleResult {
  node?: string;
  nextStartIndex: number;
  /** Why the pod fits no node: `0/3 nodes are available: 3 Insufficient cpu. preemption: ...` */
  message?: string;
}
/**
 * The scheduler slot: the module's `schedule` and `newSnapshot` (cache.NewSnapshot(pods, nodes)), and `addPod`
 * (NodeInfo.AddPod) when it exports one. The simulator's cache keeps one NodeInfo per node: a pod landing on a node
 * is added with `addPod`; anything else (a pod leaving, a node changing, a slot without `addPod`) rebuilds that
 * node's NodeInfo with `newSnapshot(its pods, [node])`. Either way each NodeInfo is what `newSnapshot` over every
 * pod and node gives.
 */
export interface SchedulerComponent {
  schedule(input: ScheduleInput): ScheduleResult;
  newSnapshot(pods: readonly Pod[], nodes: readonly Node[]): NodeInfo[];
  addPod?(info: NodeInfo, pod: Pod): NodeInfo;
}

/** Chapter 7 (pkg/controller/replicaset/replica_set.go): `{ rs, pods, now, expectations }` -> actions. */
export interface ReplicaSetView {
  rs: ReplicaSet;
  /**
   * The pods of the ReplicaSet's namespace it could claim or rank, in key order: those its selector matches, those
   * it controls, those its siblings' selectors match (src/sim/views.ts; the whole namespace when a selector has no
   * matchLabels). A controller that claims as upstream does decides as it would on every pod of the namespace.
   */
  pods: Pod[];
  /** RFC 3339. */
  now: string;
  /** Creations and deletions issued but not yet seen by the watch (ControllerExpectations). */
  expectations: { add: number; del: number };
  /** Every ReplicaSet in the namespace (ranks pods by their siblings' pods on scale-down). */
  replicaSets?: ReplicaSet[];
}
export type SyncReplicaSetFn = (view: ReplicaSetView) => Action[];

/** Chapter 8 (pkg/controller/deployment/deployment_controller.go syncDeployment). */
export interface DeploymentView {
  deployment: Deployment;
  /** Every ReplicaSet in the deployment's namespace. */
  replicaSets: ReplicaSet[];
  /**
   * The pods of the namespace the deployment's selector may match, in key order (src/sim/views.ts; the whole
   * namespace when the selector has no matchLabels). Recreate waits for old pods to be gone.
   */
  pods: Pod[];
  /** RFC 3339. */
  now: string;
}
export type SyncDeploymentFn = (view: DeploymentView) => Action[];

/** Chapter 5 (pkg/kubelet/kubelet.go SyncPod): a pure function of the pod, the runtime's containers and the time. */
export interface KubeletView {
  pod: Pod;
  /** What the fake container runtime reports for this pod's containers, every attempt, oldest first. */
  containers: RuntimeContainer[];
  /** Virtual milliseconds (the runtime's timestamps use the same scale). */
  now: number;
  /** RFC 3339 form of `now`. */
  nowTime: string;
  /** The pod's sandbox address (from the node's podCIDR) and the node's address. */
  podIP: string;
  hostIP: string;
}
export interface KubeletResult {
  actions: RuntimeAction[];
  status: PodStatus;
  /** Sync again after this many seconds (a backoff or probe to wait for), even if nothing changes. */
  requeueAfterSeconds?: number;
}
export type SyncPodFn = (view: KubeletView) => KubeletResult;

/** What fills each slot of a cluster. */
export interface Components {
  store?: StoreFactory;
  apiserver: ApiServerFactory;
  scheduler: SchedulerComponent;
  replicaset: SyncReplicaSetFn;
  deployment: SyncDeploymentFn;
  kubelet: SyncPodFn;
}
