/**
 * The timer heap: everything that happens in the simulator is a task due at a virtual time. Tasks due at the same time
 * run in the order they were scheduled (an insertion sequence breaks ties), so a run is reproducible.
 * A binary min-heap on (at, seq), as the 500 Lines "cluster" chapter's event queue.
 */

export interface Timer {
  readonly at: number;
  readonly seq: number;
  readonly label: string;
  readonly run: () => unknown;
  cancelled: boolean;
}

export class TimerHeap {
  #heap: Timer[] = [];
  #seq = 0;

  get size(): number {
    return this.#heap.length;
  }

  /** Schedules `run` at virtual time `at`; returns the timer, which `cancel` can drop. */
  schedule(at: number, label: string, run: () => unknown): Timer {
    const timer: Timer = { at, seq: this.#seq++, label, run, cancelled: false };
    this.#heap.push(timer);
    this.#up(this.#heap.length - 1);
    return timer;
  }

  cancel(timer: Timer): void {
    timer.cancelled = true;
  }

  /** The time of the earliest live timer, or undefined when none is left. */
  peekTime(): number | undefined {
    this.#dropCancelled();
    return this.#heap[0]?.at;
  }

  /** Removes and returns the earliest live timer. */
  pop(): Timer | undefined {
    this.#dropCancelled();
    return this.#take();
  }

  #dropCancelled(): void {
    while (this.#heap[0]?.cancelled) this.#take();
  }

  #take(): Timer | undefined {
    const heap = this.#heap;
    const top = heap[0];
    const last = heap.pop();
    if (heap.length > 0 && last) {
      heap[0] = last;
      this.#down(0);
    }
    return top;
  }

  #less(a: Timer, b: Timer): boolean {
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }

  #up(i: number): void {
    const heap = this.#heap;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.#less(heap[i]!, heap[parent]!)) return;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
  }

  #down(i: number): void {
    const heap = this.#heap;
    for (;;) {
      const [l, r] = [2 * i + 1, 2 * i + 2];
      let smallest = i;
      if (l < heap.length && this.#less(heap[l]!, heap[smallest]!)) smallest = l;
      if (r < heap.length && this.#less(heap[r]!, heap[smallest]!)) smallest = r;
      if (smallest === i) return;
      [heap[i], heap[smallest]] = [heap[smallest]!, heap[i]!];
      i = smallest;
    }
  }
}
