/**
 * The errors the patch engines throw. Each is an `ApiError`, so the HTTP layer sends `toStatus()` as it does for
 * any handler error, with the status code and reason kube-apiserver uses for the same failure.
 *
 * Follows kubernetes/kubernetes staging/src/k8s.io/apiserver/pkg/endpoints/handlers/patch.go (a JSON patch that does
 * not apply is a 422 built by NewGenericServerResponse; interpretStrategicMergePatchError maps malformed directives
 * to 400 and the rest to 422 or 500) and staging/src/k8s.io/apimachinery/pkg/util/mergepatch/errors.go (the wording
 * of the strategic-merge-patch errors).
 */

import { ApiError } from "../errors.ts";

/** NewGenericServerResponse's message for a 422: the detail travels as the Status cause. */
const UNPROCESSABLE_MESSAGE = "the server rejected our request due to an error in our request";

/**
 * A JSON patch (RFC 6902) operation that could not be applied: a failing `test`, a path that does not resolve, a
 * malformed operation. 422 Invalid, as kube-apiserver answers; the cause names the operation.
 */
export class JsonPatchError extends ApiError {
  override name = "JsonPatchError";

  constructor(
    /** Index of the failing operation in the patch, from 0. */
    readonly index: number,
    /** The operation's `op` (`test`, `replace`, ...), or "" when the operation has none. */
    readonly op: string,
    /** The operation's JSON pointer. */
    readonly path: string,
    /** What went wrong, in a sentence. */
    readonly detail: string,
  ) {
    const cause = `json patch operation ${index} (${op || "no op"}) at path ${JSON.stringify(path)}: ${detail}`;
    super(422, "Invalid", UNPROCESSABLE_MESSAGE, { causes: [{ reason: "UnexpectedServerResponse", message: cause }] });
  }

  /** The sentence that names the operation, its index and path (the Status cause). */
  get summary(): string {
    return this.details?.causes?.[0]?.message ?? "";
  }
}

/** Why a strategic merge patch was refused; decides the status code, as interpretStrategicMergePatchError does. */
export type StrategicMergePatchProblem =
  /** A malformed `$setElementOrder`, `$deleteFromPrimitiveList` or `$retainKeys` directive, or a document that is not an object: 400. */
  | "BadFormat"
  /** Patch content outside its `$retainKeys` list, or a list of lists: 422. */
  | "Unprocessable"
  /** Anything else (missing merge key, unknown `$patch`, order mismatch): upstream passes the Go error on, a 500. */
  | "Other";

const STATUS_OF: Record<StrategicMergePatchProblem, [number, "BadRequest" | "Invalid" | "InternalError"]> = {
  BadFormat: [400, "BadRequest"],
  Unprocessable: [422, "Invalid"],
  Other: [500, "InternalError"],
};

/** A strategic merge patch that could not be applied or computed. `detail` is upstream's error text. */
export class StrategicMergePatchError extends ApiError {
  override name = "StrategicMergePatchError";

  constructor(
    readonly problem: StrategicMergePatchProblem,
    readonly detail: string,
  ) {
    const [code, reason] = STATUS_OF[problem];
    const message =
      problem === "BadFormat" ? detail : problem === "Unprocessable" ? UNPROCESSABLE_MESSAGE : `Internal error occurred: ${detail}`;
    const causes = problem === "BadFormat" ? undefined : [{ reason: problem === "Other" ? undefined : "UnexpectedServerResponse", message: detail }];
    super(code, reason, message, causes ? { causes } : undefined);
  }
}

/** The mergepatch package's fixed messages. */
export const SMP_MESSAGES = {
  badJsonDoc: "invalid JSON document",
  noListOfLists: "lists of lists are not supported",
  badPrimitiveList: "invalid patch format of primitive list",
  badRetainKeys: "invalid patch format of retainKeys",
  badSetElementOrder: "invalid patch format of setElementOrder list",
  notMatchRetainKeys: "patch content doesn't match retainKeys list",
} as const;
