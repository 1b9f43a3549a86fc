/**
 * The API as the simulator reaches it: chapter 3's `Api` contract (src/kube/api.ts), whatever fills the apiserver
 * slot, plus the few helpers every part of the simulator uses (keys, HTTP status of an error).
 */
export type {
  Api,
  ApiDeleteOptions,
  ApiList,
  ApiListOptions,
  ApiWatch,
  ApiWatchEvent,
} from "../kube/api.ts";
export type { KubeObject } from "#kube";

/** The HTTP status of an error thrown by the API (ApiError.code), or undefined for anything else. */
export function statusCode(err: unknown): number | undefined {
  if (typeof err !== "object" || err === null) return undefined;
  const e = err as { code?: unknown };
  return typeof e.code === "number" ? e.code : undefined;
}

/** `namespace/name` or `name`: the key every cache and queue in the simulator uses. */
export const keyOf = (obj: { metadata?: { namespace?: string; name?: string } }): string =>
  obj.metadata?.namespace ? `${obj.metadata.namespace}/${obj.metadata.name ?? ""}` : (obj.metadata?.name ?? "");
