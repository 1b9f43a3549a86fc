/**
 * What every part of the simulated cluster shares: the loop and clock, the seeded random source, the name generator,
 * the API (whatever fills the apiserver slot), the informer caches and the trace. Parts receive it; none of them
 * reads the wall clock or Math.random.
 */
import type { ObjectMeta } from "#kube";
import type { Api } from "./api.ts";
import { Informer } from "./informer.ts";
import type { Loop } from "./loop.ts";
import type { NameGenerator } from "./names.ts";
import type { Random } from "./random.ts";
import type { Trace, TraceEntry } from "./trace.ts";

/** The resources the simulator's informers cache. */
export const WATCHED = ["namespaces", "nodes", "pods", "replicasets", "deployments", "services", "leases", "events"] as const;
export type Watched = (typeof WATCHED)[number];

export interface SimContext {
  readonly loop: Loop;
  readonly random: Random;
  readonly names: NameGenerator;
  readonly api: Api;
  readonly trace: Trace;
  readonly informers: Record<Watched, Informer>;
  /** Now as RFC 3339 (what objects are stamped with). */
  rfc3339(ms?: number): string;
}

export const newInformers = (): Record<Watched, Informer> =>
  Object.fromEntries(WATCHED.map((r) => [r, new Informer(r)])) as Record<Watched, Informer>;

const kindOf: Record<string, string> = {
  pods: "Pod", replicasets: "ReplicaSet", deployments: "Deployment", nodes: "Node", namespaces: "Namespace",
  services: "Service", leases: "Lease", events: "Event", configmaps: "ConfigMap",
};
export const kindForResource = (resource: string): string => kindOf[resource] ?? resource;

/** The facts a trace line carries about an object: kind, name, uid, owner, phase, ready, node, revision. */
export function describe(resource: string, obj: Readonly<{ kind?: string; metadata?: ObjectMeta; spec?: unknown; status?: unknown }> | undefined): Partial<TraceEntry> {
  if (!obj) return { kind: kindForResource(resource) };
  const meta = obj.metadata ?? {};
  const owner = meta.ownerReferences?.find((r) => r.controller) ?? meta.ownerReferences?.[0];
  const status = obj.status as { phase?: string; conditions?: { type: string; status: string }[] } | undefined;
  const spec = obj.spec as { nodeName?: string } | undefined;
  const out: Partial<TraceEntry> = {
    kind: obj.kind ?? kindForResource(resource),
    namespace: meta.namespace,
    name: meta.name,
    uid: meta.uid,
    revision: meta.annotations?.["deployment.kubernetes.io/revision"],
  };
  if (owner) out.owner = { kind: owner.kind, name: owner.name };
  if (resource === "pods") {
    out.phase = status?.phase ?? "Pending";
    out.ready = status?.conditions?.some((c) => c.type === "Ready" && c.status === "True") ?? false;
    if (spec?.nodeName) out.node = spec.nodeName;
  }
  return out;
}

/** Records a trace entry at the current virtual time. */
export function record(ctx: SimContext, entry: Omit<TraceEntry, "t">): void {
  ctx.trace.record({ t: ctx.loop.now(), ...entry });
}
