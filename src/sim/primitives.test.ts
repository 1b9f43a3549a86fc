import { describe, expect, it } from "vitest";
import { parseDuration, VirtualClock } from "./clock.ts";
import { NAME_ALPHABET, NameGenerator } from "./names.ts";
import { Random } from "./random.ts";
import { TimerHeap } from "./timers.ts";

describe("virtual clock", () => {
  it("renders virtual time as RFC 3339 from 2026-01-01T00:00:00Z", () => {
    const clock = new VirtualClock();
    clock.set(90_500);
    expect(clock.rfc3339()).toBe("2026-01-01T00:01:30Z");
    expect(clock.parse("2026-01-01T00:01:30Z")).toBe(90_000);
  });

  it("parses durations as scenarios write them", () => {
    expect(parseDuration("500ms")).toBe(500);
    expect(parseDuration("1m30s")).toBe(90_000);
    expect(parseDuration(2)).toBe(2_000);
    expect(() => parseDuration("soon")).toThrow(/Invalid duration "soon"/);
  });
});

describe("timer heap", () => {
  it("pops by time, and timers due at the same time in the order they were scheduled", () => {
    const heap = new TimerHeap();
    const order: string[] = [];
    for (const [at, label] of [[5, "c"], [1, "a"], [5, "d"], [1, "b"], [3, "x"]] as const) heap.schedule(at, label, () => order.push(label));
    const cancelled = heap.schedule(2, "cancelled", () => order.push("cancelled"));
    heap.cancel(cancelled);
    for (let t = heap.pop(); t; t = heap.pop()) t.run();
    expect(order).toEqual(["a", "b", "x", "c", "d"]);
  });
});

describe("random source and names", () => {
  it("repeats its sequence for a seed", () => {
    const [a, b] = [new Random(42), new Random(42)];
    expect(Array.from({ length: 5 }, () => a.int(1000))).toEqual(Array.from({ length: 5 }, () => b.int(1000)));
  });

  it("generates 5-character suffixes from upstream's alphabet, and uuid-shaped uids", () => {
    const names = new NameGenerator(new Random(1));
    const name = names.generateName("web-7d9f-");
    expect(name).toMatch(new RegExp(`^web-7d9f-[${NAME_ALPHABET}]{5}$`));
    expect(names.uid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
