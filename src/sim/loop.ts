/**
 * The event loop: a virtual clock and a timer heap. `runUntil` pops timers in (time, insertion) order, moves the
 * clock to each, runs it and lets the promises it started settle before the next one, so a run is the same every
 * time. `startRealtime` ties the same loop to the wall clock with a speed factor (the interactive cluster).
 */
import { VirtualClock } from "./clock.ts";
import { TimerHeap, type Timer } from "./timers.ts";

/** Lets every pending promise chain (API calls, watch deliveries) finish: no real I/O happens in a run. */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export class Loop {
  readonly timers = new TimerHeap();
  #running = false;
  /** Errors thrown by tasks; a run that collected any failed. */
  readonly errors: { label: string; error: unknown }[] = [];

  constructor(readonly clock: VirtualClock) {}

  now(): number {
    return this.clock.now();
  }

  /** Runs `run` `delayMs` virtual milliseconds from now. */
  after(delayMs: number, label: string, run: () => unknown): Timer {
    return this.timers.schedule(this.clock.now() + Math.max(0, delayMs), label, run);
  }

  /**
   * Runs `run` every `periodMs`, the first time one period from now, each next one a period after the last one
   * finished (wait.Until, as upstream's controllers loop).
   */
  every(periodMs: number, label: string, run: () => unknown): void {
    const tick = async (): Promise<void> => {
      await run();
      this.after(periodMs, label, tick);
    };
    this.after(periodMs, label, tick);
  }

  /** Runs every timer due at or before `until`, then leaves the clock at `until`. */
  async runUntil(until: number): Promise<void> {
    if (this.#running) throw new Error("Loop.runUntil: already running");
    this.#running = true;
    try {
      await settle();
      for (;;) {
        const at = this.timers.peekTime();
        if (at === undefined || at > until) break;
        const timer = this.timers.pop()!;
        this.clock.set(timer.at);
        try {
          await timer.run();
        } catch (error) {
          this.errors.push({ label: timer.label, error });
        }
        await settle();
      }
      if (until > this.clock.now() && Number.isFinite(until)) this.clock.set(until);
    } finally {
      this.#running = false;
    }
  }

  /**
   * Runs the loop against the wall clock: every `tickMs` of real time, virtual time catches up to
   * `elapsed * speed`. Returns a stop function.
   */
  startRealtime({ speed = 1, tickMs = 20 }: { speed?: number; tickMs?: number } = {}): () => void {
    const start = Date.now() - this.clock.now() / speed;
    let stopped = false;
    const tick = async (): Promise<void> => {
      if (stopped) return;
      if (!this.#running) await this.runUntil((Date.now() - start) * speed);
      if (!stopped) setTimeout(() => void tick(), tickMs).unref?.();
    };
    void tick();
    return () => void (stopped = true);
  }
}
