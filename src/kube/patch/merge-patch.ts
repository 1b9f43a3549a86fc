/**
 * JSON merge patch (RFC 7386, `application/merge-patch+json`): the patch is a document shaped like the target; its
 * values replace the target's, `null` deletes, objects merge key by key and arrays are replaced whole. kubectl sends
 * one for `scale` (`{"spec":{"replicas":3}}`) and `label`.
 *
 * Follows RFC 7386 section 2 (MergePatch) and its appendix A; kube-apiserver applies it with evanphx/json-patch's
 * MergePatch (staging/src/k8s.io/apiserver/pkg/endpoints/handlers/patch.go, jsonPatcher.applyJSPatch).
 */

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Applies an RFC 7386 merge patch and returns the result. Does NOT modify `doc` or `patch`.
 * @param doc the target document (any JSON value)
 * @param patch the merge patch: an object merges into `doc`; anything else (an array, a string, null) replaces it
 * @returns the merged document
 * @example applyMergePatch({ a: "b", c: { d: "e" } }, { a: null, c: { f: "g" } }) // => { c: { d: "e", f: "g" } }
 */
export function applyMergePatch(doc: unknown, patch: unknown): unknown {
  return mergeInto(structuredClone(doc), patch);
}

/** The RFC's MergePatch(Target, Patch) over a `target` this module owns (a copy), so it may change it in place. */
function mergeInto(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return structuredClone(patch);
  // A target that is not an object is replaced by an empty one before merging (RFC 7386 section 2).
  const result: Record<string, unknown> = isObject(target) ? target : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = mergeInto(result[key], value);
  }
  return result;
}
