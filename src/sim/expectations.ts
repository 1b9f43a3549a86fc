/**
 * ControllerExpectations (pkg/controller/controller_utils.go): how many creations and deletions a controller has
 * issued for a key and not yet seen come back through its watch. While they are pending the controller must not
 * act on its cache again (it would create the same pods twice); they expire after 5 minutes (ExpectationsTimeout),
 * in case a watch event was lost. Upstream tracks deletions by pod uid; counts are enough here.
 */
export const EXPECTATIONS_TIMEOUT_MS = 5 * 60_000;

interface Expectation {
  add: number;
  del: number;
  timestamp: number;
}

export class ControllerExpectations {
  #byKey = new Map<string, Expectation>();
  constructor(private readonly now: () => number) {}

  /** The pending counts, `{ add: 0, del: 0 }` when none are set or they expired. */
  pending(key: string): { add: number; del: number } {
    const e = this.#byKey.get(key);
    if (!e || this.now() - e.timestamp > EXPECTATIONS_TIMEOUT_MS) return { add: 0, del: 0 };
    return { add: Math.max(0, e.add), del: Math.max(0, e.del) };
  }

  /** SatisfiedExpectations: nothing pending (or expired). */
  satisfied(key: string): boolean {
    const { add, del } = this.pending(key);
    return add === 0 && del === 0;
  }

  /** SetExpectations: after issuing `add` creations and `del` deletions. */
  set(key: string, add: number, del: number): void {
    this.#byKey.set(key, { add, del, timestamp: this.now() });
  }

  /** CreationObserved (or a creation that was never issued: a skipped slow-start batch, a failed create). */
  creationObserved(key: string): void {
    const e = this.#byKey.get(key);
    if (e) e.add--;
  }

  deletionObserved(key: string): void {
    const e = this.#byKey.get(key);
    if (e) e.del--;
  }

  delete(key: string): void {
    this.#byKey.delete(key);
  }
}
