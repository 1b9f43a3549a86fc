/**
 * The cluster page (`/cluster`): nodes and their pods, live. The page server watches the API server (cluster-watch.ts)
 * and pushes server-sent events to the browser (`/cluster/events`: a `snapshot`, then `change` and `status` events,
 * each carrying only what the page draws); cluster.js redraws from them. Clicking a pod asks `/cluster/explain` why
 * the scheduler put it there (explain.ts). `/cluster/timeline` draws the trace the running cluster writes
 * (.workbook/cluster-trace.jsonl) as a timeline (timeline.ts).
 */
import { existsSync, readFileSync } from "node:fs";
import type { ServerResponse } from "node:http";
import type { Node, Pod } from "#kube";
import type { Lang } from "../i18n/text.ts";
import { msg } from "../i18n/messages.ts";
import type { TraceEntry } from "../sim/trace.ts";
import { CLUSTER_TRACE_FILE } from "../workbook/paths.ts";
import type { ClusterWatch, WatchChange } from "./cluster-watch.ts";
import { escapeHtml, page, t } from "./html.ts";
import { parseTrace, renderTimeline } from "./timeline.ts";

export interface PodSummary {
  key: string;
  namespace: string;
  name: string;
  node?: string;
  phase: string;
  ready: boolean;
  owner?: string;
  deleting: boolean;
  /** A waiting container's reason (CrashLoopBackOff, ImagePullBackOff), or why it is not scheduled. */
  reason?: string;
}

export interface NodeSummary {
  name: string;
  /** The Ready condition's status: True, False or Unknown. */
  ready: string;
  unschedulable: boolean;
  taints: string[];
}

export function podSummary(pod: Pod): PodSummary {
  const meta = pod.metadata ?? {};
  const owner = meta.ownerReferences?.find((r) => r.controller) ?? meta.ownerReferences?.[0];
  const waiting = pod.status?.containerStatuses?.find((c) => c.state?.waiting?.reason)?.state?.waiting?.reason;
  const unscheduled = pod.status?.conditions?.find((c) => c.type === "PodScheduled" && c.status === "False")?.reason;
  const reason = waiting ?? unscheduled;
  return {
    key: `${meta.namespace ?? "default"}/${meta.name ?? ""}`,
    namespace: meta.namespace ?? "default",
    name: meta.name ?? "",
    ...(pod.spec?.nodeName ? { node: pod.spec.nodeName } : {}),
    phase: pod.status?.phase ?? "Pending",
    ready: pod.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True") ?? false,
    ...(owner ? { owner: `${owner.kind}/${owner.name}` } : {}),
    deleting: Boolean(meta.deletionTimestamp),
    ...(reason ? { reason } : {}),
  };
}

export function nodeSummary(node: Node): NodeSummary {
  return {
    name: node.metadata?.name ?? "",
    ready: node.status?.conditions?.find((c) => c.type === "Ready")?.status ?? "Unknown",
    unschedulable: node.spec?.unschedulable === true,
    taints: (node.spec?.taints ?? []).map((t) => `${t.key}${t.value ? "=" + t.value : ""}:${t.effect}`),
  };
}

export function snapshot(watch: ClusterWatch | undefined): { connected: boolean; nodes: NodeSummary[]; pods: PodSummary[] } {
  return {
    connected: watch?.connected ?? false,
    nodes: (watch?.nodes() ?? []).map(nodeSummary),
    pods: (watch?.pods() ?? []).map(podSummary),
  };
}

/** The server-sent event for one change, as the browser reads it. */
export function changeEvent(change: WatchChange, watch: ClusterWatch): string {
  if (change.type === "status") return sse("status", { connected: change.connected });
  if (change.type === "reset") return sse("snapshot", snapshot(watch));
  const item = change.resource === "pods" ? podSummary(change.object as Pod) : nodeSummary(change.object as Node);
  return sse("change", { resource: change.resource, type: change.type, item });
}

export const sse = (event: string, data: unknown): string => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;

/** Starts an event stream: headers, then the current snapshot. */
export function openEventStream(res: ServerResponse, watch: ClusterWatch | undefined): void {
  res.writeHead(200, { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-store", connection: "keep-alive" });
  res.write(`retry: 2000\n\n`);
  res.write(sse("snapshot", snapshot(watch)));
}

export function clusterPage(lang: Lang, url: string | undefined): string {
  const body = url
    ? `<h1>${t("pages.cluster.heading", lang)}</h1>
<p class="note">${t("pages.cluster.source", lang, { url })} · <span id="conn" class="conn">${t("pages.cluster.connecting", lang)}</span></p>
<p class="note">${t("pages.cluster.pickPod", lang)} · <a href="/cluster/timeline">${t("pages.cluster.timelineLink", lang)}</a></p>
<div class="cluster-layout"><div id="nodes" class="nodes"></div><aside id="explain" class="explain" hidden></aside></div>`
    : `<h1>${t("pages.cluster.heading", lang)}</h1><p id="no-cluster" class="missing">${escapeHtml(msg("pages.cluster.none", lang))}</p>`;
  return page({
    lang,
    title: msg("pages.nav.cluster", lang),
    path: "/cluster",
    body,
    scripts: url ? ["cluster.js"] : [],
    // Without a cluster, look again every few seconds: `npm run cluster` may be starting.
    ...(url ? {} : { head: '<meta http-equiv="refresh" content="5">' }),
    strings: [
      "pages.cluster.connecting", "pages.cluster.live", "pages.cluster.lost", "pages.cluster.pending", "pages.cluster.noPods",
      "pages.cluster.ready", "pages.cluster.notReady", "pages.cluster.unschedulable", "pages.cluster.owner",
      "pages.explain.heading", "pages.explain.note", "pages.explain.chosen", "pages.explain.boundTo", "pages.explain.unschedulable",
      "pages.explain.node", "pages.explain.filter", "pages.explain.passed", "pages.explain.total", "pages.explain.onlyOne",
      "pages.explain.unavailable",
    ],
  });
}

/**
 * The running cluster's trace file: its entries, undefined when there is none, or the error that stopped the reading.
 * The cluster may be writing its last line right now: an unfinished one is left for the next reading.
 */
export function readTrace(path: string): TraceEntry[] | Error | undefined {
  if (!existsSync(path)) return undefined;
  try {
    const text = readFileSync(path, "utf8");
    return parseTrace(text.slice(0, text.lastIndexOf("\n") + 1));
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

export function clusterTimelinePage(lang: Lang, trace: TraceEntry[] | Error | undefined): string {
  const file = ".workbook/" + CLUSTER_TRACE_FILE;
  const body =
    trace === undefined
      ? `<p id="no-trace" class="missing">${t("pages.clusterTimeline.none", lang, { file })}</p>`
      : trace instanceof Error
        ? `<p class="missing">${t("pages.clusterTimeline.broken", lang, { error: trace.message })}</p>`
        : `<p class="note">${t("pages.clusterTimeline.note", lang, { file })}</p>\n${renderTimeline(trace, lang)}`;
  return page({ lang, title: msg("pages.clusterTimeline.heading", lang), path: "/cluster/timeline", body: `<h1>${t("pages.clusterTimeline.heading", lang)}</h1>\n${body}` });
}
