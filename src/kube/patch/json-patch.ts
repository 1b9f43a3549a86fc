/**
 * JSON patch (RFC 6902, `application/json-patch+json`): a list of operations (`add`, `remove`, `replace`, `move`,
 * `copy`, `test`) on JSON pointers. kubectl sends one for `rollout undo` (replacing `/spec/template`), and
 * @kubernetes/client-node's patch calls default to it.
 *
 * The operations are fast-json-patch's; this module adds what kube-apiserver does around them
 * (staging/src/k8s.io/apiserver/pkg/endpoints/handlers/patch.go, jsonPatcher.applyJSPatch): a body that is not a
 * list of operations is a 400, an operation that does not apply is a 422, and the whole patch applies or none of it.
 */

import jsonpatch from "fast-json-patch";
import type { Operation } from "fast-json-patch";
import { badRequest } from "../errors.ts";
import { JsonPatchError } from "./errors.ts";

/** One RFC 6902 operation, as it arrives on the wire. */
export type JsonPatchOperation = Operation;

/** fast-json-patch's error names, as sentences for the Status cause. */
const DETAIL: Readonly<Record<string, string>> = {
  TEST_OPERATION_FAILED: "test failed: the value at the path is not the one given",
  OPERATION_PATH_UNRESOLVABLE: "the path does not exist in the document",
  OPERATION_FROM_UNRESOLVABLE: "the `from` path does not exist in the document",
  OPERATION_PATH_CANNOT_ADD: "cannot add at the path: its parent does not exist",
  OPERATION_PATH_ILLEGAL_ARRAY_INDEX: "the array index is not a number",
  OPERATION_VALUE_OUT_OF_BOUNDS: "the array index is out of bounds",
  OPERATION_OP_INVALID: "the op is not one of add, remove, replace, move, copy, test",
  OPERATION_PATH_INVALID: "the path is not a JSON pointer",
  OPERATION_FROM_REQUIRED: "the operation needs a `from` path",
  OPERATION_VALUE_REQUIRED: "the operation needs a `value`",
  OPERATION_VALUE_CANNOT_CONTAIN_UNDEFINED: "the value contains undefined",
  OPERATION_NOT_AN_OBJECT: "the operation is not an object",
};

/**
 * Applies an RFC 6902 JSON patch and returns the patched document. Does NOT modify `doc` or `ops`.
 * @param doc the document to patch (any JSON value)
 * @param ops the operations, applied in order; if one fails, none takes effect
 * @returns the patched document
 * @throws ApiError 400 when `ops` is not a list; JsonPatchError (422) naming the index, op and path of the first
 *   operation that does not apply
 * @example
 * applyJsonPatch({ spec: { replicas: 1 } }, [{ op: "test", path: "/spec/replicas", value: 1 }, { op: "replace", path: "/spec/replicas", value: 3 }])
 * // => { spec: { replicas: 3 } }
 */
export function applyJsonPatch<T>(doc: T, ops: readonly JsonPatchOperation[]): T {
  if (!Array.isArray(ops)) throw badRequest("json: cannot unmarshal the patch into a list of operations");
  // Copies: fast-json-patch puts the operations' values into the result by reference.
  const copy = structuredClone(ops) as JsonPatchOperation[];
  try {
    return jsonpatch.applyPatch(structuredClone(doc), copy, true, true).newDocument;
  } catch (err) {
    throw toJsonPatchError(err, ops);
  }
}

function toJsonPatchError(err: unknown, ops: readonly JsonPatchOperation[]): unknown {
  if (!(err instanceof jsonpatch.JsonPatchError)) return err;
  const index = err.index ?? 0;
  const op = ops[index] as Partial<Record<"op" | "path", unknown>> | undefined;
  return new JsonPatchError(
    index,
    typeof op?.op === "string" ? op.op : "",
    typeof op?.path === "string" ? op.path : "",
    DETAIL[err.name] ?? err.message.split("\n")[0]!,
  );
}
