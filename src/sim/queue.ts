/**
 * A controller's work queue (client-go util/workqueue, simplified): keys, not objects; a key queued twice is
 * processed once; keys come out in the order they went in; `addAfter` re-adds a key after a virtual delay. The queue
 * runs its controller one key per timer task, so controllers interleave in a reproducible order.
 */
import type { Loop } from "./loop.ts";

export class WorkQueue {
  #keys: string[] = [];
  #queued = new Set<string>();
  #scheduled = false;

  constructor(
    private readonly loop: Loop,
    readonly name: string,
    private readonly process: (key: string) => Promise<void>,
  ) {}

  get length(): number {
    return this.#keys.length;
  }

  add(key: string): void {
    if (this.#queued.has(key)) return;
    this.#queued.add(key);
    this.#keys.push(key);
    this.#kick();
  }

  addAfter(key: string, delayMs: number): void {
    this.loop.after(delayMs, `${this.name} requeue ${key}`, () => this.add(key));
  }

  #kick(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    this.loop.after(0, `${this.name} work`, async () => {
      this.#scheduled = false;
      const key = this.#keys.shift();
      if (key === undefined) return;
      this.#queued.delete(key);
      await this.process(key);
      if (this.#keys.length) this.#kick();
    });
  }
}
