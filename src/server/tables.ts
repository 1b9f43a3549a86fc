/**
 * Server-side printing: the `meta.k8s.io/v1 Table` kubectl asks for (`Accept: application/json;as=Table;...`), so
 * `kubectl get` prints the same columns as against a real cluster. Columns with priority 1 are the `-o wide` ones.
 *
 * Facts from kubernetes/kubernetes pkg/printers/internalversion/printers.go (AddHandlers: the column definitions;
 * printPod: READY, the STATUS reason with Init:, CrashLoopBackOff, Completed, Terminating, NodeLost -> Unknown, and
 * RESTARTS with "(5m ago)"; printDeployment, printReplicaSet, printNode, printService, printNamespace, printEvent),
 * staging/src/k8s.io/apimachinery/pkg/util/duration/duration.go (HumanDuration, the AGE text) and
 * staging/src/k8s.io/apiserver/pkg/registry/rest/table.go (the default NAME / CREATED AT table; here NAME / AGE).
 * Rows carry the object as PartialObjectMetadata (includeObject=Metadata, the default), the whole object
 * (includeObject=Object) or nothing (None), as staging/src/k8s.io/apiserver/pkg/endpoints/handlers/response.go does.
 */
import type { ResourceInfo } from "#kube";

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface Column {
  name: string;
  type: "string" | "integer" | "date";
  format?: string;
  description: string;
  priority: number;
}

interface Printer {
  columns: Column[];
  row(obj: Obj, now: number): unknown[];
}

const col = (name: string, type: Column["type"] = "string", priority = 0, format = ""): Column => ({
  name,
  type,
  ...(format ? { format } : {}),
  description: name === "Name" ? "Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names" : name === "Age" ? "CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata" : "",
  priority,
});
const NAME = col("Name", "string", 0, "name");
const AGE = col("Age");

/** duration.HumanDuration: `45s`, `2m10s`, `15m`, `5h3m`, `3d4h`, `400d`, `2y30d`. */
export function humanDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < -1) return "<invalid>";
  if (seconds < 0) return "0s";
  if (seconds < 60 * 2) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 60 * 3) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${Math.floor(hours / 24)}d` : `${Math.floor(hours / 24)}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24)}d`;
  if (hours < 24 * 365 * 8) {
    const dy = Math.floor(hours / 24) % 365;
    return dy === 0 ? `${Math.floor(hours / 24 / 365)}y` : `${Math.floor(hours / 24 / 365)}y${dy}d`;
  }
  return `${Math.floor(hours / 24 / 365)}y`;
}

/** translateTimestampSince: `<unknown>` for no time, else the human duration since it. */
export function since(time: unknown, now: number): string {
  if (typeof time !== "string" || time === "") return "<unknown>";
  const t = Date.parse(time);
  return Number.isNaN(t) ? "<unknown>" : humanDuration(now - t);
}

const age = (obj: Obj, now: number): string => since(obj.metadata?.creationTimestamp, now);

/** metav1.LabelSelectorAsSelector(...).String(): `app=web,tier in (a,b)`; `<none>` when empty. */
export function selectorString(sel: Obj | undefined): string {
  if (!sel) return "<none>";
  const parts: string[] = [];
  for (const [k, v] of Object.entries((sel.matchLabels ?? {}) as Record<string, string>).sort(([a], [b]) => (a < b ? -1 : 1))) parts.push(`${k}=${v}`);
  for (const e of (sel.matchExpressions ?? []) as Obj[]) {
    const values = [...((e.values ?? []) as string[])].sort().join(",");
    if (e.operator === "In") parts.push(`${e.key} in (${values})`);
    else if (e.operator === "NotIn") parts.push(`${e.key} notin (${values})`);
    else if (e.operator === "Exists") parts.push(`${e.key}`);
    else if (e.operator === "DoesNotExist") parts.push(`!${e.key}`);
  }
  return parts.length ? parts.join(",") : "<none>";
}

/** A plain `map[string]string` selector (a Service's): `app=web`, `<none>` when empty. */
const mapSelector = (m: Record<string, string> | undefined): string =>
  m && Object.keys(m).length ? Object.entries(m).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => `${k}=${v}`).join(",") : "<none>";

const containerNames = (spec: Obj | undefined) => ((spec?.containers ?? []) as Obj[]).map((c) => c.name).join(",");
const containerImages = (spec: Obj | undefined) => ((spec?.containers ?? []) as Obj[]).map((c) => c.image).join(",");

/** printPod's reason, READY and RESTARTS. */
export function podRow(pod: Obj, now: number): { ready: string; status: string; restarts: string } {
  const spec = pod.spec ?? {};
  const status = pod.status ?? {};
  let restarts = 0;
  let lastRestart = 0;
  const totalContainers = (spec.containers ?? []).length;
  let readyContainers = 0;
  let reason: string = status.reason || status.phase || "";
  const noteRestart = (c: Obj) => {
    const finished = c.lastState?.terminated?.finishedAt;
    if (finished) lastRestart = Math.max(lastRestart, Date.parse(finished));
  };

  let initializing = false;
  const initStatuses = (status.initContainerStatuses ?? []) as Obj[];
  for (let i = 0; i < initStatuses.length; i++) {
    const c = initStatuses[i]!;
    restarts += c.restartCount ?? 0;
    noteRestart(c);
    const term = c.state?.terminated;
    const wait = c.state?.waiting;
    if (term && term.exitCode === 0) continue;
    if (term) {
      reason = term.reason ? `Init:${term.reason}` : term.signal ? `Init:Signal:${term.signal}` : `Init:ExitCode:${term.exitCode}`;
    } else if (wait?.reason && wait.reason !== "PodInitializing") {
      reason = `Init:${wait.reason}`;
    } else {
      reason = `Init:${i}/${(spec.initContainers ?? []).length}`;
    }
    initializing = true;
    break;
  }
  const initializedTrue = ((status.conditions ?? []) as Obj[]).some((c) => c.type === "Initialized" && c.status === "True");
  if (!initializing || initializedTrue) {
    restarts = 0;
    let hasRunning = false;
    const statuses = (status.containerStatuses ?? []) as Obj[];
    for (let i = statuses.length - 1; i >= 0; i--) {
      const c = statuses[i]!;
      restarts += c.restartCount ?? 0;
      noteRestart(c);
      const wait = c.state?.waiting;
      const term = c.state?.terminated;
      if (wait?.reason) reason = wait.reason;
      else if (term?.reason) reason = term.reason;
      else if (term) reason = term.signal ? `Signal:${term.signal}` : `ExitCode:${term.exitCode}`;
      else if (c.ready && c.state?.running) {
        hasRunning = true;
        readyContainers++;
      }
    }
    if (reason === "Completed" && hasRunning) {
      const ready = ((status.conditions ?? []) as Obj[]).some((c) => c.type === "Ready" && c.status === "True");
      reason = ready ? "Running" : "NotReady";
    }
  }
  const terminal = status.phase === "Succeeded" || status.phase === "Failed";
  if (pod.metadata?.deletionTimestamp && status.reason === "NodeLost") reason = "Unknown";
  else if (pod.metadata?.deletionTimestamp && !terminal) reason = "Terminating";
  const restartText = lastRestart ? `${restarts} (${humanDuration(now - lastRestart)} ago)` : String(restarts);
  return { ready: `${readyContainers}/${totalContainers}`, status: reason, restarts: restartText };
}

function nodeStatus(node: Obj): string {
  const conditions = (node.status?.conditions ?? []) as Obj[];
  const ready = conditions.find((c) => c.type === "Ready");
  const parts = [ready ? (ready.status === "True" ? "Ready" : "NotReady") : "Unknown"];
  if (node.spec?.unschedulable) parts.push("SchedulingDisabled");
  return parts.join(",");
}

function nodeRoles(node: Obj): string {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries((node.metadata?.labels ?? {}) as Record<string, string>)) {
    if (k.startsWith("node-role.kubernetes.io/")) roles.add(k.slice("node-role.kubernetes.io/".length));
    else if (k === "kubernetes.io/role" && v) roles.add(v);
  }
  return roles.size ? [...roles].sort().join(",") : "<none>";
}

function servicePorts(svc: Obj): string {
  const ports = (svc.spec?.ports ?? []) as Obj[];
  if (!ports.length) return "<none>";
  return ports.map((p) => `${p.port}${p.nodePort ? `:${p.nodePort}` : ""}/${p.protocol ?? "TCP"}`).join(",");
}

function externalIP(svc: Obj): string {
  const type = svc.spec?.type ?? "ClusterIP";
  const external = (svc.spec?.externalIPs ?? []) as string[];
  const ingress = ((svc.status?.loadBalancer?.ingress ?? []) as Obj[]).map((i) => i.ip || i.hostname).filter(Boolean);
  if (type === "ClusterIP" || type === "NodePort") return external.length ? external.join(",") : "<none>";
  if (type === "LoadBalancer") {
    const all = [...ingress, ...external];
    return all.length ? all.join(",") : "<pending>";
  }
  if (type === "ExternalName") return svc.spec?.externalName ?? "<none>";
  return "<unknown>";
}

function eventLastSeen(ev: Obj, now: number): string {
  const last = ev.series?.lastObservedTime ?? ev.lastTimestamp ?? ev.eventTime ?? ev.metadata?.creationTimestamp;
  const first = ev.firstTimestamp ?? ev.eventTime ?? ev.metadata?.creationTimestamp;
  const count = ev.series?.count ?? ev.count ?? 1;
  const seen = since(last, now);
  return count > 1 ? `${seen} (x${count} over ${since(first, now)})` : seen;
}

const none = (v: unknown): string => (v === undefined || v === null || v === "" ? "<none>" : String(v));

const PRINTERS: Record<string, Printer> = {
  pods: {
    columns: [NAME, col("Ready"), col("Status"), col("Restarts"), AGE, col("IP", "string", 1), col("Node", "string", 1), col("Nominated Node", "string", 1), col("Readiness Gates", "string", 1)],
    row(pod, now) {
      const { ready, status, restarts } = podRow(pod, now);
      const gates = (pod.spec?.readinessGates ?? []) as Obj[];
      const conditions = (pod.status?.conditions ?? []) as Obj[];
      const gatesText = gates.length ? `${gates.filter((g) => conditions.some((c) => c.type === g.conditionType && c.status === "True")).length}/${gates.length}` : "<none>";
      return [pod.metadata.name, ready, status, restarts, age(pod, now), none(pod.status?.podIP), none(pod.spec?.nodeName), none(pod.status?.nominatedNodeName), gatesText];
    },
  },
  deployments: {
    columns: [NAME, col("Ready"), col("Up-to-date", "integer"), col("Available", "integer"), AGE, col("Containers", "string", 1), col("Images", "string", 1), col("Selector", "string", 1)],
    row(d, now) {
      const s = d.status ?? {};
      const t = d.spec?.template?.spec;
      return [d.metadata.name, `${s.readyReplicas ?? 0}/${d.spec?.replicas ?? 0}`, s.updatedReplicas ?? 0, s.availableReplicas ?? 0, age(d, now), containerNames(t), containerImages(t), selectorString(d.spec?.selector)];
    },
  },
  replicasets: {
    columns: [NAME, col("Desired", "integer"), col("Current", "integer"), col("Ready", "integer"), AGE, col("Containers", "string", 1), col("Images", "string", 1), col("Selector", "string", 1)],
    row(rs, now) {
      const s = rs.status ?? {};
      const t = rs.spec?.template?.spec;
      return [rs.metadata.name, rs.spec?.replicas ?? 0, s.replicas ?? 0, s.readyReplicas ?? 0, age(rs, now), containerNames(t), containerImages(t), selectorString(rs.spec?.selector)];
    },
  },
  nodes: {
    columns: [NAME, col("Status"), col("Roles"), AGE, col("Version"), col("Internal-IP", "string", 1), col("External-IP", "string", 1), col("OS-Image", "string", 1), col("Kernel-Version", "string", 1), col("Container-Runtime", "string", 1)],
    row(node, now) {
      const addresses = (node.status?.addresses ?? []) as Obj[];
      const info = node.status?.nodeInfo ?? {};
      const address = (type: string) => none(addresses.filter((a) => a.type === type).map((a) => a.address).join(","));
      return [node.metadata.name, nodeStatus(node), nodeRoles(node), age(node, now), info.kubeletVersion ?? "", address("InternalIP"), address("ExternalIP"), info.osImage ?? "<unknown>", info.kernelVersion ?? "<unknown>", info.containerRuntimeVersion ?? "<unknown>"];
    },
  },
  services: {
    columns: [NAME, col("Type"), col("Cluster-IP"), col("External-IP"), col("Port(s)"), AGE, col("Selector", "string", 1)],
    row(svc, now) {
      return [svc.metadata.name, svc.spec?.type ?? "ClusterIP", none(svc.spec?.clusterIP), externalIP(svc), servicePorts(svc), age(svc, now), mapSelector(svc.spec?.selector)];
    },
  },
  namespaces: {
    columns: [NAME, col("Status"), AGE],
    row: (ns, now) => [ns.metadata.name, ns.status?.phase ?? "", age(ns, now)],
  },
  events: {
    columns: [col("Last Seen"), col("Type"), col("Reason"), col("Object"), col("Subobject", "string", 1), col("Source", "string", 1), col("Message"), col("First Seen", "string", 1), col("Count", "string", 1), col("Name", "string", 1)],
    row(ev, now) {
      const io = ev.involvedObject ?? {};
      const source = ev.source?.component ? `${ev.source.component}${ev.source.host ? `, ${ev.source.host}` : ""}` : (ev.reportingComponent ?? "");
      return [eventLastSeen(ev, now), ev.type ?? "", ev.reason ?? "", `${String(io.kind ?? "").toLowerCase()}/${io.name ?? ""}`, io.fieldPath ?? "", source, String(ev.message ?? "").trim(), since(ev.firstTimestamp ?? ev.eventTime, now), String(ev.count ?? 1), ev.metadata.name];
    },
  },
  configmaps: {
    columns: [NAME, col("Data", "integer"), AGE],
    row: (cm, now) => [cm.metadata.name, Object.keys(cm.data ?? {}).length + Object.keys(cm.binaryData ?? {}).length, age(cm, now)],
  },
  leases: {
    columns: [NAME, col("Holder"), AGE],
    row: (l, now) => [l.metadata.name, l.spec?.holderIdentity ?? "", age(l, now)],
  },
};

const DEFAULT_PRINTER: Printer = { columns: [NAME, AGE], row: (o, now) => [o.metadata?.name, age(o, now)] };

export type IncludeObject = "None" | "Metadata" | "Object";

function rowObject(obj: Obj, include: IncludeObject): Obj | undefined {
  if (include === "None") return undefined;
  if (include === "Object") return obj;
  return { kind: "PartialObjectMetadata", apiVersion: "meta.k8s.io/v1", metadata: obj.metadata };
}

/**
 * The Table of some objects of one resource. `headers: false` leaves the column definitions out (what a watch sends
 * after its first event).
 */
export function toTable(info: ResourceInfo, objects: readonly Obj[], options: { now: number; resourceVersion?: string; continue?: string; remainingItemCount?: number; include?: IncludeObject; headers?: boolean }): Obj {
  const printer = PRINTERS[info.resource] ?? DEFAULT_PRINTER;
  const include = options.include ?? "Metadata";
  return {
    kind: "Table",
    apiVersion: "meta.k8s.io/v1",
    metadata: {
      ...(options.resourceVersion !== undefined ? { resourceVersion: options.resourceVersion } : {}),
      ...(options.continue ? { continue: options.continue } : {}),
      ...(options.remainingItemCount !== undefined ? { remainingItemCount: options.remainingItemCount } : {}),
    },
    columnDefinitions: options.headers === false ? null : printer.columns,
    rows: objects.map((obj) => {
      const object = rowObject(obj, include);
      return { cells: printer.row(obj, options.now), ...(object ? { object } : {}) };
    }),
  };
}

/** Whether the Accept header asks for a Table (`as=Table;g=meta.k8s.io`), in a version we answer. */
export function wantsTable(accept: readonly { type: string; params: Record<string, string> }[]): boolean {
  for (const m of accept) {
    if (m.params.as === "Table" && m.params.g === "meta.k8s.io" && (m.params.v === "v1" || m.params.v === "v1beta1")) return true;
    if (m.type === "application/json" && !m.params.as) return false;
    if (m.type === "*/*") return false;
  }
  return false;
}
