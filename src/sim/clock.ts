/**
 * The simulator's virtual clock: milliseconds since a fixed epoch, advanced only by the event loop, never by the wall
 * clock. Scenario runs start at 2026-01-01T00:00:00Z so every timestamp in a trace is reproducible; the realtime mode
 * (interactive clusters) starts it at the wall-clock time instead, so kubectl's AGE column stays sensible.
 */

/** Where scenario runs start: 2026-01-01T00:00:00Z. */
export const SCENARIO_EPOCH = Date.UTC(2026, 0, 1);

export class VirtualClock {
  #elapsed = 0;
  constructor(
    /** Wall time (ms since 1970) that virtual time 0 stands for. */
    readonly epoch: number = SCENARIO_EPOCH,
  ) {}

  /** Milliseconds since the simulation started. */
  now(): number {
    return this.#elapsed;
  }

  /** Moves the clock forward to `ms`; the clock never runs backwards. */
  set(ms: number): void {
    if (ms < this.#elapsed) throw new Error(`VirtualClock: cannot go back from ${this.#elapsed} ms to ${ms} ms`);
    this.#elapsed = ms;
  }

  /** The RFC 3339 time (seconds precision, as metav1.Time marshals) of virtual time `ms` (default: now). */
  rfc3339(ms = this.#elapsed): string {
    return new Date(this.epoch + ms).toISOString().replace(/\.\d{3}Z$/, "Z");
  }

  /** Virtual milliseconds of an RFC 3339 timestamp written by this clock. */
  parse(time: string): number {
    return Date.parse(time) - this.epoch;
  }
}

/**
 * Parses a duration as scenarios write it: `500ms`, `30s`, `2m`, `1h`, `1m30s`, or a bare number of seconds.
 * @example parseDuration("1m30s") === 90_000
 */
export function parseDuration(text: string | number): number {
  if (typeof text === "number") return text * 1000;
  const unit: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)];
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
  if (parts.length === 0 || parts.map((p) => p[0]).join("") !== text) {
    throw new Error(`Invalid duration "${text}": write it like 500ms, 30s, 2m, 1m30s`);
  }
  return parts.reduce((sum, [, n, u]) => sum + Number(n) * unit[u!]!, 0);
}

/** `12.500s`: virtual time as trace lines print it. */
export const formatSeconds = (ms: number): string => `${(ms / 1000).toFixed(3)}s`;
