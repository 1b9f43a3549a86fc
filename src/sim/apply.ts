/**
 * Applies a component's actions (src/kube/actions.ts) through the API, the only place where controllers' wishes
 * become writes: generateName is filled by the seeded name generator, a 409 from a stale view is traced and reported
 * so the controller's key is requeued, a delete carries the uid precondition, a bind sets spec.nodeName through an
 * update of the pod (the pods/binding subresource's effect), events go to the event recorder.
 */
import type { Action, KubeObject } from "#kube";
import { deepClone } from "#kube";
import { statusCode } from "./api.ts";
import { describe, record, type SimContext } from "./context.ts";
import type { EventRecorder } from "./events.ts";

export interface ApplyResult {
  /** Some write failed (the first failure's HTTP status, or 0 for another error). */
  failed?: number;
  /** A write answered 409: the view was stale, run the controller again. */
  conflict: boolean;
  /** The largest requeueAfter asked for, in seconds. */
  requeueAfter?: number;
  created: KubeObject[];
}

/** Applies one action; returns the object written, or throws the API's error. */
export async function applyAction(ctx: SimContext, events: EventRecorder, component: string, action: Action): Promise<KubeObject | undefined> {
  const api = ctx.api;
  switch (action.type) {
    case "create": {
      const obj = deepClone(action.object) as KubeObject;
      const meta = (obj.metadata ??= {});
      if (!meta.name && meta.generateName) meta.name = ctx.names.generateName(meta.generateName);
      const created = await api.create(action.resource, obj);
      record(ctx, { component, verb: "created", ...describe(action.resource, created) });
      return created;
    }
    case "update":
    case "updateStatus": {
      const obj = action.object as KubeObject;
      const written = action.type === "update" ? await api.update(action.resource, obj) : await api.updateStatus(action.resource, obj);
      record(ctx, { component, verb: action.type === "update" ? "updated" : "status", ...describe(action.resource, written) });
      return written;
    }
    case "delete": {
      const options = {
        ...(action.uid ? { preconditions: { uid: action.uid } } : {}),
        ...(action.gracePeriodSeconds !== undefined ? { gracePeriodSeconds: action.gracePeriodSeconds } : {}),
      };
      await api.delete(action.resource, action.namespace, action.name, options);
      record(ctx, { component, verb: "deleted", kind: describe(action.resource, undefined).kind, namespace: action.namespace, name: action.name, uid: action.uid });
      return undefined;
    }
    case "bind": {
      const bound = (await api.bind(action.namespace, action.name, action.node, action.uid)) as KubeObject;
      record(ctx, { component, verb: "bound", ...describe("pods", bound), node: action.node });
      return bound;
    }
    case "event":
      await events.record(component, action);
      return undefined;
    case "requeueAfter":
      return undefined;
  }
}

type EventAction = Extract<Action, { type: "event" }>;

/** A write and the event that reports it (an `event` right after a `create` or `delete`). */
export interface Unit {
  write: Action;
  report?: EventAction;
}

/** Pairs each create/delete with the event that follows it; everything else is a unit of its own. */
export function units(actions: readonly Action[]): Unit[] {
  const out: Unit[] = [];
  for (let i = 0; i < actions.length; i++) {
    const write = actions[i]!;
    const next = actions[i + 1];
    if ((write.type === "create" || write.type === "delete") && next?.type === "event") {
      out.push({ write, report: next });
      i++;
    } else out.push({ write });
  }
  return out;
}

/**
 * Applies one unit: the write, then its event only if the write succeeded, with the generated name in place of the
 * generateName (`Created pod: web-` -> `Created pod: web-x7k2p`); a failed write is reported as upstream's
 * RealPodControl does (FailedCreate `Error creating: ...`, FailedDelete `Error deleting: ...`). Throws the write's error.
 */
export async function applyUnit(ctx: SimContext, events: EventRecorder, component: string, unit: Unit): Promise<KubeObject | undefined> {
  const { write, report } = unit;
  try {
    const obj = await applyAction(ctx, events, component, write);
    if (report) {
      const generateName = write.type === "create" ? (write.object.metadata?.generateName as string | undefined) : undefined;
      const name = obj?.metadata.name;
      const message = generateName && name && report.message.endsWith(generateName) ? report.message.slice(0, -generateName.length) + name : report.message;
      await events.record(component, { ...report, message });
    }
    return obj;
  } catch (err) {
    if (report && (write.type === "create" || write.type === "delete") && statusCode(err) !== 404) {
      const verb = write.type === "create" ? "creating" : "deleting";
      const reason = write.type === "create" ? "FailedCreate" : "FailedDelete";
      await events.record(component, { ...report, reason, eventType: "Warning", message: `Error ${verb}: ${err instanceof Error ? err.message : String(err)}` });
    }
    throw err;
  }
}

/** Applies actions in order; a failure is traced and reported, never thrown. */
export async function applyActions(ctx: SimContext, events: EventRecorder, component: string, actions: readonly Action[]): Promise<ApplyResult> {
  const result: ApplyResult = { conflict: false, created: [] };
  for (const unit of units(actions)) {
    const action = unit.write;
    if (action.type === "requeueAfter") {
      result.requeueAfter = Math.max(result.requeueAfter ?? 0, action.seconds);
      continue;
    }
    try {
      const obj = await applyUnit(ctx, events, component, unit);
      if (action.type === "create" && obj) result.created.push(obj);
    } catch (err) {
      traceFailure(ctx, component, action, err);
      const code = statusCode(err) ?? 0;
      if (code === 409) result.conflict = true;
      // Deleting what is already gone is what the controller wanted.
      if (action.type === "delete" && code === 404) continue;
      result.failed ??= code;
    }
  }
  return result;
}

export function traceFailure(ctx: SimContext, component: string, action: Action, err: unknown): void {
  const code = statusCode(err);
  const target =
    action.type === "create" || action.type === "update" || action.type === "updateStatus"
      ? describe(action.resource, action.object as KubeObject)
      : action.type === "delete" ? { kind: describe(action.resource, undefined).kind, namespace: action.namespace, name: action.name }
      : action.type === "bind" ? { kind: "Pod", namespace: action.namespace, name: action.name, node: action.node } : {};
  record(ctx, {
    component,
    verb: code === 409 ? "conflict" : "failed",
    ...target,
    message: `${action.type}: ${err instanceof Error ? err.message : String(err)}`,
  });
}
