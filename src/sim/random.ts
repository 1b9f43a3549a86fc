/**
 * The seeded random source: mulberry32 (Tommy Ettinger's 32-bit generator, public domain), small, fast and good
 * enough for tie-breaks and name suffixes. The same seed gives the same sequence on every machine; nothing in a
 * scenario run draws from Math.random.
 */

export class Random {
  #state: number;
  constructor(readonly seed: number) {
    this.#state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    let t = (this.#state = (this.#state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** One element of a non-empty list, uniformly. */
  pick<T>(candidates: readonly T[]): T {
    if (candidates.length === 0) throw new Error("Random.pick: no candidates");
    return candidates[this.int(candidates.length)]!;
  }
}
