/**
 * Writes an Event object for every component's `event` action, as client-go's record.EventRecorder does
 * (client-go tools/record/event.go, events_cache.go): the name is `<object>.<hex of the time in ns>`, the event lives
 * in the involved object's namespace (`default` for cluster-scoped objects), and a repeat of the same event (same
 * source, object, type, reason and message) is aggregated into the first one by raising `count` and `lastTimestamp`
 * (the EventCorrelator's logger path; its similar-message aggregation and rate limit are left out).
 */
import type { Action, KubeObject } from "#kube";
import { record, type SimContext } from "./context.ts";

type EventAction = Extract<Action, { type: "event" }>;

export class EventRecorder {
  #seen = new Map<string, { namespace: string; name: string }>();
  #nanoOffset = 0n;

  constructor(private readonly ctx: SimContext) {}

  async record(component: string, action: EventAction): Promise<void> {
    const ctx = this.ctx;
    const { involved, reason, message, eventType } = action;
    const namespace = involved.namespace || "default";
    const key = [component, involved.kind, namespace, involved.name, involved.uid ?? "", eventType, reason, message].join("\u0000");
    const now = ctx.rfc3339();
    record(ctx, { component, verb: "event", kind: involved.kind, namespace: involved.namespace, name: involved.name, uid: involved.uid, message: `${eventType} ${reason}: ${message}` });
    const seen = this.#seen.get(key);
    if (seen) {
      try {
        const old = await ctx.api.get("events", seen.namespace, seen.name);
        await ctx.api.update("events", { ...old, count: ((old.count as number | undefined) ?? 1) + 1, lastTimestamp: now });
        return;
      } catch {
        // Gone (its namespace was deleted, or it was cleaned up): write a new one.
      }
    }
    const nanos = BigInt(ctx.loop.clock.epoch + ctx.loop.now()) * 1_000_000n + this.#nanoOffset++;
    const name = `${involved.name}.${nanos.toString(16)}`;
    const event: KubeObject = {
      apiVersion: "v1",
      kind: "Event",
      metadata: { name, namespace },
      involvedObject: { ...involved },
      reason,
      message,
      type: eventType,
      source: { component: component.split("/")[0], ...(component.includes("/") ? { host: component.split("/")[1] } : {}) },
      firstTimestamp: now,
      lastTimestamp: now,
      count: 1,
      reportingComponent: component.split("/")[0],
      reportingInstance: component.includes("/") ? component.split("/")[1] : "",
    };
    try {
      await ctx.api.create("events", event);
      this.#seen.set(key, { namespace, name });
    } catch {
      // An event that cannot be written is dropped, as the recorder does (events are best effort).
    }
  }
}
