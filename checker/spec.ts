/**
 * How a chapter's spec is written. A spec is a function of the implementation: the same checks run against the
 * learner's stub, the reference solution and every mutant, so "passes on the solution, fails on the stub, catches each
 * mutant" can be proven by `npm test`.
 *
 * A check receives `impl` (the module under test, wrapped so that every call is tracked, its plain-object arguments
 * deep-frozen and what it throws reported as the learner's) and `ref` (the reference solution, unwrapped), plus a seed.
 * Checks compare the two with `expectEqual` or `forAll` (property-based, shrunk by fast-check), or against values
 * written out in the spec (table cases pinned from upstream's own tests).
 */
import type { Arbitrary } from "fast-check";
import type { Text } from "../src/i18n/text.ts";

export interface Check<M> {
  /** Stable kebab-case id; lesson.yaml's hints and the result file refer to it. */
  id: string;
  name: Text;
  /** This check's own time limit, for one that runs a whole cluster; others use the lesson's. */
  timeLimitMs?: number;
  run(ctx: CheckContext<M>): void | Promise<void>;
}

export interface Spec<M> {
  /** Names the module must export; a missing one is reported before any check runs. */
  exports: readonly (keyof M & string)[];
  /** JSON schemas for return values, keyed by export (`reconcile`) or `Class.method` (`MvccStore.range`). */
  shapes?: Readonly<Record<string, object>>;
  /** From the simplest idea to the whole behaviour. */
  checks: readonly Check<M>[];
}

export interface Detail {
  /** What the code under test was given. */
  given?: unknown;
  /** What the reference did (or the value upstream pins). */
  expected?: unknown;
  /** What the code under test did. */
  actual?: unknown;
}

export interface ForAllOptions {
  numRuns?: number;
}

export interface CheckContext<M> {
  impl: M;
  ref: M;
  seed: number;
  /** Fails the check unless `actual` deep-equals `expected` (key order and undefined-valued keys ignored). */
  expectEqual(actual: unknown, expected: unknown, about: Text, given?: unknown): void;
  /** Fails the check unless `condition` holds. */
  expect(condition: boolean, about: Text, detail?: Detail): asserts condition;
  fail(about: Text, detail?: Detail): never;
  /**
   * Runs `body` on inputs drawn from `arbitrary` with this check's seed; the first failing input is shrunk to a
   * small one and reported with what the reference and the code under test did.
   */
  forAll<T>(arbitrary: Arbitrary<T>, body: (input: T) => void | Promise<void>, options?: ForAllOptions): Promise<void>;
}

/** A check's verdict, thrown by `expect`/`fail` and caught by the runner. */
export class CheckFailure extends Error {
  override name = "CheckFailure";
  constructor(
    readonly about: Text,
    readonly detail: Detail = {},
  ) {
    super(about.en);
  }
}

/** Identity with types: `export default defineSpec<typeof import("../../solutions/...")>({...})`. */
export const defineSpec = <M>(spec: Spec<M>): Spec<M> => spec;
