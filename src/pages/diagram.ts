/**
 * The index page's picture of a cluster: the control plane and a worker node as an inline SVG (no script needed),
 * each part carrying the numbers of the chapters that build it, coloured by the learner's state and linked to the
 * chapter. Which part a chapter belongs to follows DESIGN.md's curriculum, by slug; a chapter this table does not
 * know is placed by its lesson.yaml slot, else listed under the picture.
 */
import type { Lesson } from "../catalogue/catalogue.ts";
import type { Lang } from "../i18n/text.ts";
import type { LessonStatus } from "../workbook/state.ts";
import { escapeHtml, t } from "./html.ts";

type Part = "apiserver" | "etcd" | "scheduler" | "kcm" | "ccm" | "kubectl" | "kubelet" | "runtime" | "cni" | "proxy" | "ingress";

/** Where each chapter of the curriculum lives in a cluster. */
const BY_SLUG: Record<string, Part> = {
  "desired-state": "kcm", etcd: "etcd", apiserver: "apiserver", manifests: "kubectl", kubelet: "kubelet",
  scheduler: "scheduler", replicaset: "kcm", deployment: "kcm", cni: "cni", "network-policy": "cni",
  "service-proxy": "proxy", ingress: "ingress", "node-lifecycle": "kcm", "cloud-controller": "ccm",
  "backup-restore": "etcd", capstone: "kcm",
};
const BY_SLOT: Record<string, Part> = { store: "etcd", apiserver: "apiserver", scheduler: "scheduler", kubelet: "kubelet" };

export function partOf(lesson: Pick<Lesson, "slug" | "slot">): Part | undefined {
  if (BY_SLUG[lesson.slug]) return BY_SLUG[lesson.slug];
  if (lesson.slot && BY_SLOT[lesson.slot]) return BY_SLOT[lesson.slot];
  return lesson.slot?.endsWith("-controller") ? "kcm" : undefined;
}

interface Box {
  x: number;
  y: number;
  w: number;
  label: string;
}
const H = 58;
/** Control plane on top (kube-apiserver in the middle), worker node below, kubectl outside on the left. */
const BOXES = (lang: Lang): Record<Part, Box> => ({
  scheduler: { x: 196, y: 62, w: 170, label: "kube-scheduler" },
  kcm: { x: 380, y: 62, w: 170, label: "kube-controller-manager" },
  ccm: { x: 564, y: 62, w: 170, label: "cloud-controller-manager" },
  apiserver: { x: 196, y: 162, w: 260, label: "kube-apiserver" },
  etcd: { x: 500, y: 162, w: 234, label: "etcd" },
  kubectl: { x: 20, y: 162, w: 140, label: "kubectl" },
  kubelet: { x: 196, y: 296, w: 170, label: "kubelet" },
  proxy: { x: 380, y: 296, w: 170, label: "kube-proxy" },
  ingress: { x: 564, y: 296, w: 170, label: "ingress controller" },
  runtime: { x: 196, y: 380, w: 170, label: t("pages.part.runtime", lang) },
  cni: { x: 380, y: 380, w: 170, label: "CNI plugin" },
});

export const STATUS_COLOURS: Record<LessonStatus, string> = { passed: "#2e9e4f", failing: "#d64545", "not-started": "#9aa0a6" };

/**
 * The SVG of the cluster's parts with each chapter marked on its part.
 * @param statuses each chapter's state, by slug
 */
export function clusterDiagram(lessons: readonly Lesson[], statuses: Readonly<Record<string, LessonStatus>>, lang: Lang): string {
  const boxes = BOXES(lang);
  const chapters = new Map<Part, Lesson[]>();
  const unplaced: Lesson[] = [];
  for (const lesson of lessons) {
    const part = partOf(lesson);
    if (part) chapters.set(part, [...(chapters.get(part) ?? []), lesson]);
    else unplaced.push(lesson);
  }
  const api = boxes.apiserver;
  const line = (x1: number, y1: number, x2: number, y2: number) =>
    `<line class="arrow" x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}" marker-end="url(#head)"/>`;
  const toApi = (x: number) => Math.min(Math.max(x, api.x + 12), api.x + api.w - 12);
  // Every arrow ends at kube-apiserver; only kube-apiserver talks to etcd.
  const arrows = [
    ...(["scheduler", "kcm", "ccm"] as const).map((p) => line(boxes[p].x + boxes[p].w / 2, boxes[p].y + H, toApi(boxes[p].x + boxes[p].w / 2), api.y)),
    ...(["kubelet", "proxy", "ingress"] as const).map((p) => line(boxes[p].x + boxes[p].w / 2, boxes[p].y, toApi(boxes[p].x + boxes[p].w / 2), api.y + H)),
    line(boxes.kubectl.x + boxes.kubectl.w, api.y + H / 2, api.x, api.y + H / 2),
    line(api.x + api.w, api.y + H / 2, boxes.etcd.x, api.y + H / 2),
    line(boxes.kubelet.x + boxes.kubelet.w / 2, boxes.kubelet.y + H, boxes.runtime.x + boxes.runtime.w / 2, boxes.runtime.y),
    line(boxes.runtime.x + boxes.runtime.w, boxes.runtime.y + H / 2, boxes.cni.x, boxes.cni.y + H / 2),
  ];

  const parts = (Object.entries(boxes) as [Part, Box][]).map(([part, b]) => {
    const marks = (chapters.get(part) ?? []).map((l, i) => {
      const status = statuses[l.slug] ?? "not-started";
      const cx = b.x + 16 + i * 26;
      return `<a href="/${l.id}" class="chapter-mark" data-chapter="${l.number}" data-status="${status}"><title>${escapeHtml(`${l.number}. ${l.title[lang]}`)}</title><circle cx="${cx}" cy="${b.y + 40}" r="11" fill="${STATUS_COLOURS[status]}"/><text x="${cx}" y="${b.y + 44}" class="mark-text">${l.number}</text></a>`;
    });
    return `<g class="part" data-part="${part}"><rect x="${b.x}" y="${b.y}" width="${b.w}" height="${H}" rx="8"/><text x="${b.x + 8}" y="${b.y + 19}" class="part-label">${escapeHtml(b.label)}</text>${marks.join("")}</g>`;
  });

  const svg = `<svg class="cluster-diagram" viewBox="0 0 760 466" role="img" aria-label="${t("pages.index.diagram", lang)}" xmlns="http://www.w3.org/2000/svg">
<defs><marker id="head" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#667"/></marker></defs>
<rect class="zone" x="180" y="28" width="568" height="206" rx="12"/><text class="zone-label" x="192" y="50">${t("pages.part.controlPlane", lang)}</text>
<rect class="zone" x="180" y="262" width="568" height="190" rx="12"/><text class="zone-label" x="192" y="284">${t("pages.part.workerNode", lang)}</text>
${arrows.join("\n")}
${parts.join("\n")}
</svg>`;
  const rest = unplaced.length
    ? `<p class="unplaced">${unplaced.map((l) => `<a href="/${l.id}" data-status="${statuses[l.slug] ?? "not-started"}">${l.number}. ${escapeHtml(l.title[lang])}</a>`).join(" · ")}</p>`
    : "";
  return svg + rest;
}
