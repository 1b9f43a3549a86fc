/**
 * The trace: one entry per thing that happened, stamped with virtual time, as JSON lines (schema: trace.schema.json)
 * or readable lines (`T=12.500s scheduler bound default/web-1 -> node-2`). It carries what a timeline needs: who
 * did it, what it did, to which object, the object's owner, phase, readiness, node and deployment revision.
 */
import { formatSeconds } from "./clock.ts";

export interface TraceEntry {
  /** Virtual milliseconds since the start of the run. */
  t: number;
  /** The component: scheduler, replicaset-controller, kubelet/node-1, garbage-collector, scenario... */
  component: string;
  /** What it did: created, updated, deleted, bound, event, started, ... */
  verb: string;
  kind?: string;
  namespace?: string;
  name?: string;
  uid?: string;
  owner?: { kind: string; name: string };
  phase?: string;
  ready?: boolean;
  node?: string;
  revision?: string;
  message?: string;
}

export class Trace {
  readonly entries: TraceEntry[] = [];
  #listeners: ((entry: TraceEntry) => void)[] = [];

  record(entry: TraceEntry): void {
    // Drop undefined fields so JSON lines stay byte-stable.
    const clean = Object.fromEntries(Object.entries(entry).filter(([, v]) => v !== undefined)) as unknown as TraceEntry;
    this.entries.push(clean);
    for (const l of this.#listeners) l(clean);
  }

  /** Calls `listener` with every entry from now on (the CLI prints as the run goes). */
  onEntry(listener: (entry: TraceEntry) => void): void {
    this.#listeners.push(listener);
  }

  toJsonLines(): string {
    return this.entries.map((e) => JSON.stringify(e)).join("\n") + (this.entries.length ? "\n" : "");
  }

  toText(): string {
    return this.entries.map(formatEntry).join("\n") + (this.entries.length ? "\n" : "");
  }
}

/** `T=12.500s scheduler bound default/web-1 -> node-2`. */
export function formatEntry(e: TraceEntry): string {
  const object = e.name ? `${e.kind ? e.kind.toLowerCase() + " " : ""}${e.namespace ? e.namespace + "/" : ""}${e.name}` : "";
  const parts = [`T=${formatSeconds(e.t)}`, e.component, e.verb];
  if (object) parts.push(object);
  if (e.node && e.verb === "bound") parts.push(`-> ${e.node}`);
  const facts: string[] = [];
  if (e.phase) facts.push(e.phase);
  if (e.ready !== undefined) facts.push(e.ready ? "ready" : "not ready");
  if (e.node && e.verb !== "bound") facts.push(`on ${e.node}`);
  if (e.revision) facts.push(`rev ${e.revision}`);
  if (facts.length) parts.push(`(${facts.join(", ")})`);
  return parts.join(" ") + (e.message ? `: ${e.message}` : "");
}
