/**
 * A trace (JSON lines, src/sim/trace.schema.json) drawn as an SVG over virtual time: the pods of each ReplicaSet
 * stacked (a rolling update shows the new ReplicaSet growing as the old one shrinks) with the ready pods as a line,
 * and one lane per node with its Ready condition (True, Unknown, False), the moment it stopped and the pods
 * evicted or deleted from it (a node failure). `npm run sim -- <scenario> --html out.html` writes one; the SVG needs
 * no script and no stylesheet from elsewhere.
 */
import type { TraceEntry } from "../sim/trace.ts";
import { msg } from "../i18n/messages.ts";
import type { Lang } from "../i18n/text.ts";
import { escapeHtml, t } from "./html.ts";

/** Parses JSON lines, skipping blank ones. @throws SyntaxError naming the line that is not JSON */
export function parseTrace(text: string): TraceEntry[] {
  return text.split("\n").flatMap((line, i) => {
    if (!line.trim()) return [];
    try {
      return [JSON.parse(line) as TraceEntry];
    } catch {
      throw new SyntaxError(`trace line ${i + 1} is not JSON: ${line.slice(0, 80)}`);
    }
  });
}

export interface PodCounts {
  t: number;
  /** Pods per ReplicaSet, and ready pods of all of them. */
  counts: Record<string, number>;
  ready: number;
}
export type NodeState = "True" | "False" | "Unknown";
export interface NodeLane {
  name: string;
  segments: { from: number; to: number; state: NodeState }[];
  stopped: number[];
  evictions: { t: number; pod: string }[];
}

const podKey = (e: TraceEntry): string => `${e.namespace ?? "default"}/${e.name ?? ""}`;
/** Removals worth a mark: not the kubelet finishing a termination already counted, nor the garbage collector. */
const removedByOthers = (e: TraceEntry): boolean => !e.component.startsWith("kubelet/") && e.component !== "garbage-collector";

/** What the picture shows, computed from the entries in order. */
export function timelineData(entries: readonly TraceEntry[]): { pods: PodCounts[]; replicaSets: { name: string; revision?: string }[]; nodes: NodeLane[]; end: number } {
  const pods = new Map<string, { rs: string; ready: boolean; node?: string }>();
  const revisions = new Map<string, string | undefined>();
  const lanes = new Map<string, NodeLane>();
  const lastNode = new Map<string, string>();
  const gone = new Set<string>();
  const samples: PodCounts[] = [];
  const end = Math.max(1000, ...entries.map((e) => e.t));
  const lane = (name: string, t: number): NodeLane => {
    let l = lanes.get(name);
    if (!l) lanes.set(name, (l = { name, segments: [{ from: t, to: end, state: "True" }], stopped: [], evictions: [] }));
    return l;
  };
  const setState = (l: NodeLane, t: number, state: NodeState) => {
    const last = l.segments.at(-1)!;
    if (last.state === state) return;
    if (last.from === t) last.state = state;
    else {
      last.to = t;
      l.segments.push({ from: t, to: end, state });
    }
  };

  for (const e of entries) {
    if (e.kind === "ReplicaSet" && e.name && !revisions.has(e.name)) revisions.set(e.name, e.revision);
    if (e.kind === "ReplicaSet" && e.name && e.revision) revisions.set(e.name, e.revision);
    if (e.kind === "Node" && e.name) {
      const l = lane(e.name, e.t);
      if (e.verb === "killed") l.stopped.push(e.t);
      const m = /Ready=(True|False|Unknown)/.exec(e.message ?? "");
      if (m) setState(l, e.t, m[1] as NodeState);
    }
    if (e.kind !== "Pod" || !e.name) continue;
    const key = podKey(e);
    if (e.node) lastNode.set(key, e.node);
    const deleted = e.verb === "deleted" || e.verb === "evicted";
    if (deleted && !gone.has(key) && removedByOthers(e)) {
      const node = e.node ?? lastNode.get(key);
      if (node) lane(node, e.t).evictions.push({ t: e.t, pod: e.name });
    }
    if (deleted) gone.add(key);
    else gone.delete(key);
    if (deleted) pods.delete(key);
    else if (e.owner?.kind === "ReplicaSet") {
      pods.set(key, { rs: e.owner.name, ready: e.ready ?? pods.get(key)?.ready ?? false, ...(e.node ? { node: e.node } : {}) });
      if (!revisions.has(e.owner.name)) revisions.set(e.owner.name, undefined);
    } else continue;
    const counts: Record<string, number> = {};
    let ready = 0;
    for (const p of pods.values()) {
      counts[p.rs] = (counts[p.rs] ?? 0) + 1;
      if (p.ready) ready++;
    }
    const sample = { t: e.t, counts, ready };
    if (samples.at(-1)?.t === e.t) samples[samples.length - 1] = sample;
    else samples.push(sample);
  }
  const replicaSets = [...revisions].filter(([name]) => samples.some((s) => s.counts[name])).map(([name, revision]) => ({ name, ...(revision ? { revision } : {}) }));
  replicaSets.sort((a, b) => Number(a.revision ?? 0) - Number(b.revision ?? 0));
  return { pods: samples, replicaSets, nodes: [...lanes.values()].sort((a, b) => (a.name < b.name ? -1 : 1)), end };
}

const PALETTE = ["#8fb8de", "#f4a259", "#7bc47f", "#c490d1", "#e5707e", "#9e9e9e"];
const STATE_COLOURS: Record<NodeState, string> = { True: "#7bc47f", Unknown: "#f2c14e", False: "#e5707e" };
const W = 900;
const LEFT = 120;
const RIGHT = 20;

/** A round step for the time axis, in milliseconds, giving 5 to 10 ticks. */
function tickStep(end: number): number {
  const steps = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 1800, 3600].map((s) => s * 1000);
  return steps.find((s) => end / s <= 10) ?? 3600_000;
}

/**
 * The SVG of a trace.
 * @example renderTimeline(parseTrace(readFileSync("run.jsonl", "utf8")), "en")
 */
export function renderTimeline(entries: readonly TraceEntry[], lang: Lang): string {
  const data = timelineData(entries);
  const x = (t: number) => LEFT + ((W - LEFT - RIGHT) * t) / data.end;
  const podsTop = 40;
  const podsH = 200;
  const max = Math.max(1, ...data.pods.map((s) => Math.max(s.ready, Object.values(s.counts).reduce((a, b) => a + b, 0))));
  const y = (n: number) => podsTop + podsH - (podsH * n) / max;
  const out: string[] = [];
  out.push(`<text class="tl-title" x="10" y="24">${t("pages.timeline.pods", lang)}</text>`);
  if (data.pods.length === 0) out.push(`<text class="tl-empty" x="${LEFT}" y="${podsTop + podsH / 2}">${t("pages.timeline.empty", lang)}</text>`);
  // Stacked step areas: each ReplicaSet on top of those of earlier revisions.
  const names = data.replicaSets.map((r) => r.name);
  const points = (sample: PodCounts, upto: number) => names.slice(0, upto).reduce((a, n) => a + (sample.counts[n] ?? 0), 0);
  const stepPath = (level: (s: PodCounts) => number) => {
    const segs: string[] = [];
    data.pods.forEach((s, i) => {
      const next = data.pods[i + 1]?.t ?? data.end;
      segs.push(`${i === 0 ? "M" : "L"}${x(s.t).toFixed(1)},${y(level(s)).toFixed(1)} L${x(next).toFixed(1)},${y(level(s)).toFixed(1)}`);
    });
    return segs.join(" ");
  };
  names.forEach((name, i) => {
    if (data.pods.length === 0) return;
    const top = stepPath((s) => points(s, i + 1));
    const bottomPts = [...data.pods].reverse().map((s, j, arr) => {
      const next = j === 0 ? data.end : arr[j - 1]!.t;
      return `L${x(next).toFixed(1)},${y(points(s, i)).toFixed(1)} L${x(s.t).toFixed(1)},${y(points(s, i)).toFixed(1)}`;
    });
    out.push(`<path class="rs-area" data-rs="${escapeHtml(name)}" d="${top} ${bottomPts.join(" ")} Z" fill="${PALETTE[i % PALETTE.length]}" fill-opacity="0.85"/>`);
  });
  if (data.pods.length) out.push(`<path class="ready-line" d="${stepPath((s) => s.ready)}" fill="none" stroke="#1f2933" stroke-width="1.6" stroke-dasharray="5 3"/>`);
  for (let n = 0; n <= max; n += Math.max(1, Math.ceil(max / 5))) {
    out.push(`<text class="tl-tick" x="${LEFT - 8}" y="${y(n) + 4}" text-anchor="end">${n}</text><line x1="${LEFT}" x2="${W - RIGHT}" y1="${y(n)}" y2="${y(n)}" stroke="#e4e7eb"/>`);
  }
  data.replicaSets.forEach((r, i) => {
    const label = `${r.name}${r.revision ? ` (rev ${r.revision})` : ""}`;
    out.push(`<rect x="${LEFT + i * 220}" y="${podsTop + podsH + 14}" width="12" height="12" fill="${PALETTE[i % PALETTE.length]}"/><text class="tl-legend" x="${LEFT + i * 220 + 18}" y="${podsTop + podsH + 24}">${escapeHtml(label)}</text>`);
  });
  out.push(`<line x1="${LEFT + names.length * 220}" x2="${LEFT + names.length * 220 + 24}" y1="${podsTop + podsH + 20}" y2="${podsTop + podsH + 20}" stroke="#1f2933" stroke-dasharray="5 3"/><text class="tl-legend" x="${LEFT + names.length * 220 + 30}" y="${podsTop + podsH + 24}">Ready</text>`);

  // Node lanes.
  const nodesTop = podsTop + podsH + 70;
  const laneH = 26;
  out.push(`<text class="tl-title" x="10" y="${nodesTop - 14}">${t("pages.timeline.nodes", lang)}</text>`);
  data.nodes.forEach((l, i) => {
    const top = nodesTop + i * (laneH + 8);
    out.push(`<g class="node-lane" data-node="${escapeHtml(l.name)}"><text class="tl-legend" x="10" y="${top + 17}">${escapeHtml(l.name)}</text>`);
    for (const s of l.segments) out.push(`<rect class="cond cond-${s.state}" x="${x(s.from).toFixed(1)}" y="${top}" width="${Math.max(1, x(s.to) - x(s.from)).toFixed(1)}" height="${laneH}" fill="${STATE_COLOURS[s.state]}"><title>Ready=${s.state}</title></rect>`);
    for (const tt of l.stopped) out.push(`<text class="stopped" x="${x(tt).toFixed(1)}" y="${top + 19}" text-anchor="middle">✕<title>stopped</title></text>`);
    for (const ev of l.evictions) out.push(`<text class="eviction" x="${x(ev.t).toFixed(1)}" y="${top - 1}" text-anchor="middle">▼<title>${escapeHtml(ev.pod)}</title></text>`);
    out.push(`</g>`);
  });
  const axisY = nodesTop + data.nodes.length * (laneH + 8) + 8;
  const step = tickStep(data.end);
  out.push(`<line x1="${LEFT}" x2="${W - RIGHT}" y1="${axisY}" y2="${axisY}" stroke="#52606d"/>`);
  for (let tt = 0; tt <= data.end; tt += step) {
    out.push(`<line x1="${x(tt)}" x2="${x(tt)}" y1="${axisY}" y2="${axisY + 5}" stroke="#52606d"/><text class="tl-tick" x="${x(tt)}" y="${axisY + 18}" text-anchor="middle">${tt / 1000}</text>`);
  }
  out.push(`<text class="tl-tick" x="${(LEFT + W - RIGHT) / 2}" y="${axisY + 36}" text-anchor="middle">${t("pages.timeline.axis", lang)}</text>`);
  out.push(`<text class="tl-tick" x="10" y="${axisY + 56}">${t("pages.timeline.legend", lang)}</text>`);
  const height = axisY + 66;
  return `<svg class="timeline" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${height}" width="${W}" height="${height}" font-family="system-ui, 'Noto Sans CJK KR', sans-serif" font-size="12">
<style>.tl-title{font-size:14px;font-weight:600}.tl-tick{fill:#52606d}.tl-empty{fill:#9aa0a6}.stopped{fill:#b00020;font-size:16px;font-weight:700}.eviction{fill:#b00020}</style>
${out.join("\n")}
</svg>`;
}

/** A standalone HTML file around the SVG (what `--html` writes). */
export function timelineDocument(entries: readonly TraceEntry[], name: string, lang: Lang): string {
  const title = escapeHtml(msg("pages.timeline.title", lang, { name }));
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><title>${title}</title>
<style>body{font-family:system-ui,"Noto Sans CJK KR",sans-serif;margin:1.5rem;color:#1f2328}svg{max-width:100%;height:auto}</style></head>
<body><h1>${title}</h1>
${renderTimeline(entries, lang)}
</body></html>
`;
}
