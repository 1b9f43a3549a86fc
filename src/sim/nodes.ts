/**
 * Nodes, as the kubelet registers them (no chapter of its own): the Node object (capacity, allocatable, conditions,
 * addresses, nodeInfo, podCIDR) and a Lease in kube-node-lease renewed every 10 s (pkg/kubelet/nodelease,
 * nodeLeaseDurationSeconds 40). What watches them is src/sim/node-lifecycle.ts.
 */
import type { KubeObject, Node, NodeCondition, Taint } from "#kube";
import type { SimContext } from "./context.ts";

export const LEASE_RENEW_MS = 10_000;

export interface NodeSpecInput {
  name: string;
  capacity?: { cpu?: string; memory?: string; pods?: number | string };
  labels?: Record<string, string>;
  taints?: Taint[];
  unschedulable?: boolean;
}

/** Ready, MemoryPressure, DiskPressure, PIDPressure as a healthy kubelet reports them (pkg/kubelet/nodestatus). */
export function healthyConditions(now: string): NodeCondition[] {
  const c = (type: string, status: string, reason: string, message: string): NodeCondition => ({
    type, status, reason, message, lastHeartbeatTime: now, lastTransitionTime: now,
  });
  return [
    c("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
    c("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
    c("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
    c("Ready", "True", "KubeletReady", "kubelet is posting ready status"),
  ];
}

export function nodeObject(input: NodeSpecInput, index: number, now: string): Node {
  const capacity = {
    cpu: input.capacity?.cpu ?? "4",
    memory: input.capacity?.memory ?? "8Gi",
    pods: String(input.capacity?.pods ?? 110),
    "ephemeral-storage": "100Gi",
  };
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata: {
      name: input.name,
      labels: {
        "kubernetes.io/hostname": input.name,
        "kubernetes.io/os": "linux",
        "kubernetes.io/arch": "amd64",
        ...input.labels,
      },
    },
    spec: {
      podCIDR: `10.244.${index}.0/24`,
      podCIDRs: [`10.244.${index}.0/24`],
      ...(input.taints?.length ? { taints: input.taints } : {}),
      ...(input.unschedulable ? { unschedulable: true } : {}),
    },
    status: {
      capacity,
      allocatable: capacity,
      conditions: healthyConditions(now),
      addresses: [
        { type: "InternalIP", address: `172.18.0.${index + 2}` },
        { type: "Hostname", address: input.name },
      ],
      nodeInfo: {
        machineID: "", systemUUID: "", bootID: "",
        kernelVersion: "6.1.0-kube-workbook",
        osImage: "kube-workbook simulated node",
        containerRuntimeVersion: "fake://1.0.0",
        kubeletVersion: "v1.32.0",
        kubeProxyVersion: "v1.32.0",
        operatingSystem: "linux",
        architecture: "amd64",
      },
    },
  };
}

/** MicroTime as the Lease's renewTime carries it: RFC 3339 with microseconds. */
const microTime = (ctx: SimContext): string => new Date(ctx.loop.clock.epoch + ctx.loop.now()).toISOString().replace(/Z$/, "000Z");

/** Creates the node's Lease and renews it every 10 s while `alive()` says so. */
export async function startHeartbeat(ctx: SimContext, node: string, alive: () => boolean): Promise<void> {
  const lease: KubeObject = {
    apiVersion: "coordination.k8s.io/v1",
    kind: "Lease",
    metadata: { name: node, namespace: "kube-node-lease" },
    spec: { holderIdentity: node, leaseDurationSeconds: 40, renewTime: microTime(ctx) },
  };
  await ctx.api.create("leases", lease);
  ctx.loop.after(LEASE_RENEW_MS, `lease ${node}`, () => renewLease(ctx, node, alive));
}

/** One renewal of the node's Lease, then the next one 10 s later; a kubelet that stopped renews nothing. */
export async function renewLease(ctx: SimContext, node: string, alive: () => boolean): Promise<void> {
  if (!alive()) return;
  try {
    const current = await ctx.api.get("leases", "kube-node-lease", node);
    await ctx.api.update("leases", { ...current, spec: { ...(current.spec as object), renewTime: microTime(ctx) } });
  } catch {
    // A failed renewal is retried at the next period, as the lease controller does.
  }
  ctx.loop.after(LEASE_RENEW_MS, `lease ${node}`, () => renewLease(ctx, node, alive));
}
