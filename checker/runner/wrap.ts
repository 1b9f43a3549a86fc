/**
 * Wraps the module under test so that a spec can call it plainly while the runner learns everything it needs to
 * explain a failure: which call was running (for a hang), what it was given, whether it threw, reached a TODO,
 * changed its frozen input, or returned a value of the wrong shape.
 */
import type { ValidateFunction } from "ajv";
import { TodoError } from "../../src/kube/todo.ts";
import { jsonPathOf } from "../../src/workbook/yaml-file.ts";
import { showCall } from "./format.ts";

export type LearnerErrorKind = "threw" | "todo" | "mutated-input" | "shape";

/** Something the code under test did wrong by itself (as opposed to a wrong answer, which is a CheckFailure). */
export class LearnerError extends Error {
  override name = "LearnerError";
  constructor(
    readonly kind: LearnerErrorKind,
    /** The call, as `reconcile({...}, [...])`. */
    readonly call: string,
    /** What went wrong, in the words of the error or the schema. */
    readonly problem: string,
    /** For a TODO: where it is (`lessons/01-desired-state/reconcile.ts:42`). */
    readonly where = "",
  ) {
    super(`${call}: ${problem}`);
  }
}

/** Records the call in progress, so that the runner can name it when it has to stop a check that hangs. */
export type CallTracker = (call: string) => void;

/** V8's wording when strict-mode code writes to a frozen object. */
const MUTATION = /read[ -]only|not extensible|Cannot (add|delete|define|redefine|assign) property|frozen/;

const isPlain = (v: unknown): v is object =>
  typeof v === "object" && v !== null && (Array.isArray(v) || [Object.prototype, null].includes(Object.getPrototypeOf(v)));

/** Freezes plain objects and arrays all the way down; class instances (a store, a clock) keep their own state. */
export function deepFreeze<T>(value: T): T {
  if (isPlain(value) && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

const isClass = (fn: Function): boolean => /^class\b/.test(Function.prototype.toString.call(fn));

/** The first stack frame in the learner's file, as `file:line`. */
function whereIn(error: Error, file: string, shownFile: string): string {
  const line = error.stack?.split("\n").find((l) => l.includes(file));
  const m = line && /:(\d+):\d+\)?$/.exec(line);
  return m ? `${shownFile}:${m[1]}` : shownFile;
}

export interface WrapOptions {
  file: string;
  shownFile: string;
  shapes: Readonly<Record<string, ValidateFunction>>;
  track: CallTracker;
}

export function wrapModule<M extends object>(module: M, options: WrapOptions): M {
  const wrapped: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(module)) {
    wrapped[name] =
      typeof value !== "function" ? value : isClass(value) ? wrapClass(name, value, options) : wrapFunction(name, value, undefined, options);
  }
  return wrapped as M;
}

/**
 * Errors the code under test threw, with the call that threw them. Upstream-style errors (CompactedError, ApiError)
 * are part of some contracts, so they reach the spec unchanged; the runner looks here to tell the learner's uncaught
 * errors from a fault of the checker itself.
 */
export const thrownBy = new WeakMap<object, string>();

function classify(error: unknown, call: string, options: WrapOptions): unknown {
  if (error instanceof LearnerError) return error;
  if (error instanceof TodoError) return new LearnerError("todo", call, error.message, whereIn(error, options.file, options.shownFile));
  if (error instanceof TypeError && MUTATION.test(error.message)) return new LearnerError("mutated-input", call, error.message);
  if (typeof error !== "object" || error === null) return new LearnerError("threw", call, String(error));
  if (!thrownBy.has(error)) thrownBy.set(error, call);
  return error;
}

function checkShape(name: string, value: unknown, call: string, options: WrapOptions): unknown {
  const validate = options.shapes[name];
  if (validate && !validate(value)) {
    const e = validate.errors![0]!;
    const path = jsonPathOf(e.instancePath.split("/").slice(1));
    throw new LearnerError("shape", call, `${path} ${e.message ?? "is invalid"}`);
  }
  return value;
}

function wrapFunction(name: string, fn: Function, self: unknown, options: WrapOptions): Function {
  return function (this: unknown, ...args: unknown[]) {
    const call = showCall(name, args);
    options.track(call);
    let result: unknown;
    try {
      result = fn.apply(self ?? this, args.map(deepFreeze));
    } catch (error) {
      throw classify(error, call, options);
    }
    if (result instanceof Promise) {
      return result.then(
        (value) => checkShape(name, value, call, options),
        (error: unknown) => {
          throw classify(error, call, options);
        },
      );
    }
    return checkShape(name, result, call, options);
  };
}

function wrapInstance(className: string, instance: object, options: WrapOptions): object {
  const methods = new Map<PropertyKey, Function>();
  return new Proxy(instance, {
    get(target, key) {
      const value: unknown = Reflect.get(target, key, target);
      if (typeof value !== "function" || typeof key !== "string" || key === "constructor") return value;
      if (!methods.has(key)) methods.set(key, wrapFunction(`${className}.${key}`, value, target, options));
      return methods.get(key);
    },
  });
}

function wrapClass(name: string, cls: Function, options: WrapOptions): Function {
  return new Proxy(cls, {
    construct(target, args) {
      const call = showCall(`new ${name}`, args);
      options.track(call);
      try {
        return wrapInstance(name, Reflect.construct(target, args.map(deepFreeze)), options);
      } catch (error) {
        throw classify(error, call, options);
      }
    },
  });
}
