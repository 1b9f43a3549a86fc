/**
 * The one entry point the HTTP server's PATCH handler calls: picks the patch engine by the request's Content-Type.
 *
 * Follows kubernetes/kubernetes staging/src/k8s.io/apiserver/pkg/endpoints/handlers/patch.go (PatchResource: the
 * patch types it accepts, and a 415 naming them for any other). Server-side apply (`application/apply-patch+yaml`)
 * is not a patch of the live object but a merge with field ownership: server-side-apply.ts, which the HTTP server's
 * PATCH handler calls itself.
 */

import { badRequest, unsupportedMediaType } from "../errors.ts";
import { applyJsonPatch, type JsonPatchOperation } from "./json-patch.ts";
import { applyMergePatch } from "./merge-patch.ts";
import { patchMetaFor } from "./patch-meta.ts";
import { applyStrategicMergePatch } from "./strategic-merge-patch.ts";

export { JsonPatchError, StrategicMergePatchError } from "./errors.ts";
export { applyJsonPatch, type JsonPatchOperation } from "./json-patch.ts";
export { applyMergePatch } from "./merge-patch.ts";
export { patchMetaFor } from "./patch-meta.ts";
export { fieldSet, recordUpdate, serverSideApply, type FieldsV1, type ManagedFieldsEntry } from "./server-side-apply.ts";
export { applyStrategicMergePatch, createThreeWayMergePatch, createTwoWayMergePatch } from "./strategic-merge-patch.ts";
export type { FieldPatchMeta, PatchMetaTable, PatchSchema } from "./strategic-merge-patch.ts";

/** The patch media types we apply. */
export const PATCH_CONTENT_TYPES = [
  "application/json-patch+json",
  "application/merge-patch+json",
  "application/strategic-merge-patch+json",
] as const;

export type PatchContentType = (typeof PATCH_CONTENT_TYPES)[number];

/** `application/merge-patch+json; charset=utf-8` -> `application/merge-patch+json`. */
const mediaType = (contentType: string): string => contentType.split(";")[0]!.trim().toLowerCase();

/**
 * Applies a PATCH request's body to the live object. Does NOT modify `doc` or `patch`.
 * @param doc the live object
 * @param patch the request body, already parsed from JSON
 * @param contentType the request's Content-Type (parameters such as `charset` are ignored)
 * @param kind the object's kind, for the strategic merge patch's list metadata
 * @returns the patched object, not yet defaulted or validated
 * @throws ApiError 415 UnsupportedMediaType for another content type (or a strategic merge patch to a kind without
 *   metadata), and the engines' errors (JsonPatchError, StrategicMergePatchError, 400 for a malformed body)
 * @example applyPatch(deployment, { spec: { replicas: 3 } }, "application/merge-patch+json", "Deployment")
 */
export function applyPatch<T extends object>(doc: T, patch: unknown, contentType: string, kind: string): T {
  switch (mediaType(contentType)) {
    case "application/json-patch+json":
      return applyJsonPatch(doc, patch as JsonPatchOperation[]);
    case "application/merge-patch+json":
      // A merge patch that is not an object would replace the whole object with a non-object.
      if (typeof patch !== "object" || patch === null || Array.isArray(patch)) throw badRequest("a merge patch to an object must be a JSON object");
      return applyMergePatch(doc, patch) as T;
    case "application/strategic-merge-patch+json":
      // Kinds without patch metadata (custom resources upstream) cannot take a strategic merge patch.
      if (!patchMetaFor(kind)) throw unsupportedMediaType(PATCH_CONTENT_TYPES.filter((t) => !t.startsWith("application/strategic")));
      return applyStrategicMergePatch(doc, patch, kind);
    default:
      throw unsupportedMediaType(PATCH_CONTENT_TYPES);
  }
}
