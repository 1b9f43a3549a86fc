/**
 * The wire helpers of the HTTP API server: reading a request body under upstream's size limit, decoding JSON or YAML
 * bodies, parsing media types and Accept headers, and writing JSON, text and `Status` answers.
 *
 * Facts from upstream: the 3 MiB body limit is kube-apiserver's default MaxRequestBodyBytes
 * (staging/src/k8s.io/apiserver/pkg/server/config.go), answered as 413 `Request entity too large: limit is 3145728`
 * (staging/src/k8s.io/apiserver/pkg/endpoints/handlers/rest.go limitedReadBody); a body that does not decode is a 400
 * BadRequest; a content type the endpoint does not take is a 415 (negotiation.errUnsupportedMediaType).
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { parse as parseYaml } from "yaml";
import { ApiError, badRequest, internal, requestEntityTooLarge, unsupportedMediaType, type Status } from "#kube";
import { decodeProtobuf, PROTOBUF } from "./protobuf.ts";

/** kube-apiserver's default --max-request-body-bytes: 3 MiB. */
export const MAX_BODY_BYTES = 3 * 1024 * 1024;

/** The media types a create or update body may come in (kubectl's typed clients send protobuf: protobuf.ts). */
export const BODY_MEDIA_TYPES = ["application/json", "application/yaml", PROTOBUF] as const;

/** A parsed media type: `application/json;as=Table;v=v1;g=meta.k8s.io` -> type and parameters. */
export interface MediaType {
  type: string;
  params: Record<string, string>;
}

/** Splits a media type into its type (lower case) and its `;key=value` parameters. */
export function parseMediaType(text: string): MediaType {
  const [type = "", ...rest] = text.split(";").map((s) => s.trim());
  const params: Record<string, string> = {};
  for (const p of rest) {
    const eq = p.indexOf("=");
    if (eq > 0) params[p.slice(0, eq).trim().toLowerCase()] = p.slice(eq + 1).trim().replace(/^"|"$/g, "");
  }
  return { type: type.toLowerCase(), params };
}

/** The media types of an Accept header, in the order the client listed them. */
export function parseAccept(header: string | undefined): MediaType[] {
  if (!header) return [];
  return header.split(",").map((s) => parseMediaType(s)).filter((m) => m.type !== "");
}

/** Reads the whole body; rejects with 413 once it passes `limit` bytes (the rest is drained, not kept). */
export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) tooLarge = true;
      if (!tooLarge) chunks.push(chunk);
    });
    req.on("end", () => (tooLarge ? reject(requestEntityTooLarge(`limit is ${limit}`)) : resolve(Buffer.concat(chunks))));
    req.on("error", reject);
  });
}

/**
 * Decodes a request body as the content type says: JSON (the default when none is given), YAML or Kubernetes'
 * protobuf; anything else is a 415 naming `accepted`. A body that does not parse, or is empty, is a 400.
 */
export function decodeBody(body: Buffer, contentType: string | undefined, accepted: readonly string[] = BODY_MEDIA_TYPES): unknown {
  const type = parseMediaType(contentType || "application/json").type;
  if (!accepted.includes(type)) throw unsupportedMediaType(accepted);
  if (type === PROTOBUF) return decodeProtobuf(body);
  const text = body.toString("utf8");
  if (text.trim() === "") throw badRequest("the request body is empty: send the object as JSON or YAML");
  if (type === "application/yaml") {
    try {
      return parseYaml(text) as unknown;
    } catch (err) {
      throw badRequest(`error converting YAML to JSON: ${(err as Error).message.split("\n")[0]}`);
    }
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw badRequest(`couldn't decode the body as JSON: ${(err as Error).message}`);
  }
}

/** Writes `value` as JSON with `code`, `application/json` unless another content type is given. */
export function sendJson(res: ServerResponse, code: number, value: unknown, contentType = "application/json"): void {
  const body = JSON.stringify(value);
  res.writeHead(code, { "Content-Type": contentType, "Content-Length": Buffer.byteLength(body), "Cache-Control": "no-cache, private" });
  res.end(body);
}

/** Writes plain text (pod logs). */
export function sendText(res: ServerResponse, code: number, text: string): void {
  res.writeHead(code, { "Content-Type": "text/plain", "Content-Length": Buffer.byteLength(text) });
  res.end(text);
}

/** Any thrown value as the ApiError it stands for: an ApiError as is, anything else a 500 InternalError. */
export function asApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  // An ApiError from another copy of the module (a learner's apiserver loaded by path) keeps its code and Status.
  const e = err as { code?: unknown; reason?: unknown; message?: unknown; toStatus?: () => Status };
  if (typeof e === "object" && e !== null && typeof e.code === "number" && typeof e.toStatus === "function") {
    const s = e.toStatus();
    return ApiError.fromStatus(s);
  }
  return internal(err);
}

/** Answers with the error's `Status`, and its code as the HTTP status. */
export function sendError(res: ServerResponse, err: unknown): void {
  const error = asApiError(err);
  if (res.headersSent) {
    res.end();
    return;
  }
  sendJson(res, error.code, error.toStatus());
}

/** A `Status` of success (what a delete of some kinds, or a binding, answers). */
export function successStatus(details?: Record<string, unknown>): Record<string, unknown> {
  return { kind: "Status", apiVersion: "v1", metadata: {}, status: "Success", ...(details ? { details } : {}) };
}

/** 404 for a path outside the API, as the apiserver's NotFound handler answers it. */
export function pathNotFound(): ApiError {
  return new ApiError(404, "NotFound", "the server could not find the requested resource", {});
}
