/**
 * Each chapter states its component's contract in its own file, where the learner reads it; the simulator states the
 * slot that component fills (src/sim/components.ts). These assignments make the typecheck fail the moment the two
 * drift apart, for the reference and for the untouched stub alike.
 */
import { expect, it } from "vitest";
import type * as Store from "../../solutions/02-etcd/mvcc-store.ts";
import type * as StoreStub from "../../lessons/02-etcd/mvcc-store.ts";
import type * as ApiServer from "../../solutions/03-apiserver/api-server.ts";
import type * as ApiServerStub from "../../lessons/03-apiserver/api-server.ts";
import type * as Kubelet from "../../solutions/05-kubelet/kubelet.ts";
import type * as KubeletStub from "../../lessons/05-kubelet/kubelet.ts";
import type * as Scheduler from "../../solutions/06-scheduler/schedule.ts";
import type * as SchedulerStub from "../../lessons/06-scheduler/schedule.ts";
import type * as ReplicaSet from "../../solutions/07-replicaset/replicaset-controller.ts";
import type * as ReplicaSetStub from "../../lessons/07-replicaset/replicaset-controller.ts";
import type * as Deployment from "../../solutions/08-deployment/deployment-controller.ts";
import type * as DeploymentStub from "../../lessons/08-deployment/deployment-controller.ts";
import type { ApiServerFactory, SchedulerComponent, StoreFactory, SyncDeploymentFn, SyncPodFn, SyncReplicaSetFn } from "../../src/sim/components.ts";

type Fits<M, Slot> = (m: M) => Slot;

export const fits = {
  store: ((m) => () => new m.MvccStore()) satisfies Fits<typeof Store, StoreFactory>,
  storeStub: ((m) => () => new m.MvccStore()) satisfies Fits<typeof StoreStub, StoreFactory>,
  apiserver: ((m) => (o) => new m.ApiServer(o)) satisfies Fits<typeof ApiServer, ApiServerFactory>,
  apiserverStub: ((m) => (o) => new m.ApiServer(o)) satisfies Fits<typeof ApiServerStub, ApiServerFactory>,
  kubelet: ((m) => m.syncPod) satisfies Fits<typeof Kubelet, SyncPodFn>,
  kubeletStub: ((m) => m.syncPod) satisfies Fits<typeof KubeletStub, SyncPodFn>,
  scheduler: ((m) => ({ schedule: m.schedule, newSnapshot: m.newSnapshot })) satisfies Fits<typeof Scheduler, SchedulerComponent>,
  schedulerStub: ((m) => ({ schedule: m.schedule, newSnapshot: m.newSnapshot })) satisfies Fits<typeof SchedulerStub, SchedulerComponent>,
  replicaset: ((m) => m.syncReplicaSet) satisfies Fits<typeof ReplicaSet, SyncReplicaSetFn>,
  replicasetStub: ((m) => m.syncReplicaSet) satisfies Fits<typeof ReplicaSetStub, SyncReplicaSetFn>,
  deployment: ((m) => m.syncDeployment) satisfies Fits<typeof Deployment, SyncDeploymentFn>,
  deploymentStub: ((m) => m.syncDeployment) satisfies Fits<typeof DeploymentStub, SyncDeploymentFn>,
};

it("has a typed fit for every component slot of the simulator, stub and reference", () => {
  expect(Object.keys(fits)).toHaveLength(12);
});
