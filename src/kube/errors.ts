/**
 * API errors as kube-apiserver reports them: field-level validation errors (`FieldError`) and the `ApiError` every
 * handler throws, rendered on the wire as a `Status` object.
 *
 * Follows apimachinery pkg/util/validation/field/errors.go (FieldError and its rendering) and
 * pkg/api/errors/errors.go (the constructors and their exact message wording); the aggregate of several field errors
 * follows pkg/util/errors/errors.go (one message as is, several as `[a, b]`, duplicates dropped). Wording is that of
 * Kubernetes 1.30, the version of `kubernetes-types`.
 */

/** Machine-readable reason of a field error (upstream's field.ErrorType); it is the `reason` of a Status cause. */
export type FieldErrorType =
  | "FieldValueNotFound"
  | "FieldValueRequired"
  | "FieldValueDuplicate"
  | "FieldValueInvalid"
  | "FieldValueNotSupported"
  | "FieldValueForbidden"
  | "FieldValueTooLong"
  | "FieldValueTooMany"
  | "FieldValueTypeInvalid"
  | "InternalError";

const typeText: Record<FieldErrorType, string> = {
  FieldValueNotFound: "Not found",
  FieldValueRequired: "Required value",
  FieldValueDuplicate: "Duplicate value",
  FieldValueInvalid: "Invalid value",
  FieldValueNotSupported: "Unsupported value",
  FieldValueForbidden: "Forbidden",
  FieldValueTooLong: "Too long",
  FieldValueTooMany: "Too many",
  FieldValueTypeInvalid: "Invalid value",
  InternalError: "Internal error",
};

/**
 * A bad value that prints as given, unquoted: what Go prints for a value with a String() method (an IntOrString
 * `25%`) or a nil map (`map[string]string(nil)`).
 */
export class GoStringer {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

/**
 * Renders a bad value the way Go's fmt does in field errors: strings quoted (%q), numbers and booleans plain, a
 * string map as `map[string]string{"app":"x"}` (keys sorted, as fmt sorts them), a string list as `[]string{"a", "b"}`,
 * null/undefined as `null`. Other shapes fall back to JSON.
 * @example goValue({ app: "x" }) === 'map[string]string{"app":"x"}'
 */
export function goValue(value: unknown): string {
  if (value instanceof GoStringer) return value.text;
  if (value === null || value === undefined) return "null";
  switch (typeof value) {
    case "string":
      return JSON.stringify(value);
    case "number":
    case "boolean":
    case "bigint":
      return String(value);
  }
  if (Array.isArray(value) && value.every((v) => typeof v === "string")) {
    return `[]string{${value.map((v) => JSON.stringify(v)).join(", ")}}`;
  }
  if (typeof value === "object" && !Array.isArray(value)) {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.every(([, v]) => typeof v === "string")) {
      entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return `map[string]string{${entries.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(", ")}}`;
    }
  }
  return JSON.stringify(value);
}

/**
 * One field-level validation error: `spec.replicas: Invalid value: -1: must be greater than or equal to 0`.
 * Build it with the static constructors, which match upstream's field.Required, field.Invalid, ...
 */
export class FieldError extends Error {
  override name = "FieldError";

  constructor(
    readonly type: FieldErrorType,
    /** Kubernetes-style path: `spec.template.spec.containers[0].image`, `metadata.labels[app]`. */
    readonly field: string,
    readonly badValue: unknown,
    readonly detail: string,
  ) {
    super("");
    this.message = `${field}: ${this.errorBody()}`;
  }

  /** The message without the field path (upstream's ErrorBody), used as the message of a Status cause. */
  errorBody(): string {
    let s = typeText[this.type];
    const valueless =
      this.type === "FieldValueRequired" ||
      this.type === "FieldValueForbidden" ||
      this.type === "FieldValueTooLong" ||
      this.type === "InternalError";
    if (!valueless) s += `: ${goValue(this.badValue)}`;
    if (this.detail) s += `: ${this.detail}`;
    return s;
  }

  static required(field: string, detail = ""): FieldError {
    return new FieldError("FieldValueRequired", field, "", detail);
  }
  static invalid(field: string, value: unknown, detail: string): FieldError {
    return new FieldError("FieldValueInvalid", field, value, detail);
  }
  /** An enum value outside its set: `Unsupported value: "Sometimes": supported values: "Always", "Never"`. */
  static notSupported(field: string, value: unknown, validValues: readonly string[]): FieldError {
    const detail = validValues.length ? `supported values: ${validValues.map((v) => JSON.stringify(v)).join(", ")}` : "";
    return new FieldError("FieldValueNotSupported", field, value, detail);
  }
  static duplicate(field: string, value: unknown): FieldError {
    return new FieldError("FieldValueDuplicate", field, value, "");
  }
  static forbidden(field: string, detail: string): FieldError {
    return new FieldError("FieldValueForbidden", field, "", detail);
  }
  static tooLong(field: string, value: unknown, maxLength: number): FieldError {
    return new FieldError("FieldValueTooLong", field, value, `must have at most ${maxLength} bytes`);
  }
  static tooMany(field: string, actual: number, max: number): FieldError {
    return new FieldError("FieldValueTooMany", field, actual, `must have at most ${max} items`);
  }
  static notFound(field: string, value: unknown): FieldError {
    return new FieldError("FieldValueNotFound", field, value, "");
  }
  /** The value has the wrong JSON type (what a schema's `type` keyword rejects). */
  static typeInvalid(field: string, value: unknown, detail: string): FieldError {
    return new FieldError("FieldValueTypeInvalid", field, value, detail);
  }
}

/**
 * Several errors as one message, as upstream's utilerrors.NewAggregate prints them: one message as is, several as
 * `[first, second]`, repeated messages once.
 */
export function aggregateMessage(messages: readonly string[]): string {
  const unique = [...new Set(messages)];
  return unique.length === 1 ? unique[0]! : `[${unique.join(", ")}]`;
}

/** metav1.StatusReason values the API server uses. */
export type StatusReason =
  | "Unauthorized"
  | "Forbidden"
  | "NotFound"
  | "AlreadyExists"
  | "Conflict"
  | "Gone"
  | "Invalid"
  | "ServerTimeout"
  | "Timeout"
  | "TooManyRequests"
  | "BadRequest"
  | "MethodNotAllowed"
  | "NotAcceptable"
  | "RequestEntityTooLarge"
  | "UnsupportedMediaType"
  | "InternalError"
  | "Expired"
  | "ServiceUnavailable"
  | "";

/** metav1.StatusCause: `reason` is a FieldErrorType for validation causes. */
export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  /** For most errors the resource (`pods`), for Invalid the kind (`Deployment`), as upstream fills it. */
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

/** The `Status` object an API error is sent as. */
export interface Status {
  kind: "Status";
  apiVersion: "v1";
  metadata: Record<string, never>;
  status: "Failure" | "Success";
  message?: string;
  reason?: StatusReason;
  details?: StatusDetails;
  code: number;
}

/** A resource with its API group (schema.GroupResource); `group` empty or absent for the core group. */
export interface GroupResource {
  group?: string;
  resource: string;
}

/** A kind with its API group (schema.GroupKind). */
export interface GroupKind {
  group?: string;
  kind: string;
}

const groupResourceString = (gr: GroupResource): string => (gr.group ? `${gr.resource}.${gr.group}` : gr.resource);
const groupKindString = (gk: GroupKind): string => (gk.group ? `${gk.kind}.${gk.group}` : gk.kind);

/** Drops empty fields, as Go's `omitempty` does, so a Status serializes like upstream's. */
function compactDetails(details: StatusDetails): StatusDetails {
  const out: StatusDetails = {};
  if (details.name) out.name = details.name;
  if (details.group) out.group = details.group;
  if (details.kind) out.kind = details.kind;
  if (details.uid) out.uid = details.uid;
  if (details.causes?.length) out.causes = details.causes;
  if (details.retryAfterSeconds) out.retryAfterSeconds = details.retryAfterSeconds;
  return out;
}

/**
 * An error the API server answers with (upstream's StatusError). Throw it from a handler; the HTTP layer sends
 * `toStatus()` with status code `code`.
 */
export class ApiError extends Error {
  override name = "ApiError";

  constructor(
    /** HTTP status code: 404, 409, 410, 422, ... */
    readonly code: number,
    readonly reason: StatusReason,
    message: string,
    readonly details?: StatusDetails,
  ) {
    super(message);
  }

  /** The wire form: `{kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message, reason, details, code}`. */
  toStatus(): Status {
    return {
      kind: "Status",
      apiVersion: "v1",
      metadata: {},
      status: "Failure",
      message: this.message,
      ...(this.reason ? { reason: this.reason } : {}),
      ...(this.details ? { details: compactDetails(this.details) } : {}),
      code: this.code,
    };
  }

  /** Rebuilds an error from a `Status` a server sent (what a client does with a failed response). */
  static fromStatus(status: Pick<Status, "code" | "message" | "reason" | "details">): ApiError {
    return new ApiError(status.code, status.reason ?? "", status.message ?? "", status.details);
  }
}

/** `pods "nosuch" not found` (404 NotFound). */
export function notFound(resource: GroupResource, name: string): ApiError {
  return new ApiError(404, "NotFound", `${groupResourceString(resource)} ${JSON.stringify(name)} not found`, {
    name,
    group: resource.group,
    kind: resource.resource,
  });
}

/** `deployments.apps "web" already exists` (409 AlreadyExists). */
export function alreadyExists(resource: GroupResource, name: string): ApiError {
  return new ApiError(409, "AlreadyExists", `${groupResourceString(resource)} ${JSON.stringify(name)} already exists`, {
    name,
    group: resource.group,
    kind: resource.resource,
  });
}

/** What the registry says when a write carries a stale resourceVersion (storage.OptimisticLockErrorMsg). */
export const OPTIMISTIC_LOCK_ERROR_MSG =
  "the object has been modified; please apply your changes to the latest version and try again";

/**
 * `Operation cannot be fulfilled on deployments.apps "web": <why>` (409 Conflict); `why` defaults to the
 * optimistic-concurrency message.
 */
export function conflict(resource: GroupResource, name: string, why: string = OPTIMISTIC_LOCK_ERROR_MSG): ApiError {
  return new ApiError(
    409,
    "Conflict",
    `Operation cannot be fulfilled on ${groupResourceString(resource)} ${JSON.stringify(name)}: ${why}`,
    { name, group: resource.group, kind: resource.resource },
  );
}

/**
 * `Deployment.apps "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0`
 * (422 Invalid), one cause per field error.
 */
export function invalid(kind: GroupKind, name: string, errors: readonly FieldError[]): ApiError {
  const causes = errors.map((e) => ({ reason: e.type, message: e.errorBody(), field: e.field }));
  const qualified = `${groupKindString(kind)} ${JSON.stringify(name)} is invalid`;
  const message = errors.length ? `${qualified}: ${aggregateMessage(errors.map((e) => e.message))}` : qualified;
  return new ApiError(422, "Invalid", message, { name, group: kind.group, kind: kind.kind, causes });
}

/** 400 BadRequest with the given message. */
export function badRequest(message: string): ApiError {
  return new ApiError(400, "BadRequest", message);
}

/** 410 Gone (upstream's deprecated NewGone; new code uses `expired`). */
export function gone(message: string): ApiError {
  return new ApiError(410, "Gone", message);
}

/** 410 Expired: the resource version asked for is no longer available (NewResourceExpired). */
export function expired(message: string): ApiError {
  return new ApiError(410, "Expired", message);
}

/** The watch-cache / etcd3 watcher message for a compacted resourceVersion: `too old resource version: 5 (8)`. */
export function tooOldResourceVersion(requested: number, current: number): ApiError {
  return expired(`too old resource version: ${requested} (${current})`);
}

/** `create is not supported on resources of kind "nodes/status"` (405 MethodNotAllowed, NewMethodNotSupported). */
export function methodNotAllowed(resource: GroupResource, action: string): ApiError {
  return new ApiError(
    405,
    "MethodNotAllowed",
    `${action} is not supported on resources of kind ${JSON.stringify(groupResourceString(resource))}`,
    { group: resource.group, kind: resource.resource },
  );
}

/**
 * 415 UnsupportedMediaType, worded as apiserver's negotiation.errUnsupportedMediaType:
 * `the body of the request was in an unknown format - accepted media types include: application/json, ...`.
 */
export function unsupportedMediaType(accepted: readonly string[]): ApiError {
  return new ApiError(
    415,
    "UnsupportedMediaType",
    `the body of the request was in an unknown format - accepted media types include: ${accepted.join(", ")}`,
  );
}

/** `Request entity too large: <message>` (413 RequestEntityTooLarge). */
export function requestEntityTooLarge(message: string): ApiError {
  return new ApiError(413, "RequestEntityTooLarge", `Request entity too large: ${message}`);
}

/** `Internal error occurred: <err>` (500 InternalError), the error's message as the one cause. */
export function internal(err: unknown): ApiError {
  const message = err instanceof Error ? err.message : String(err);
  return new ApiError(500, "InternalError", `Internal error occurred: ${message}`, { causes: [{ message }] });
}

/** True when `err` is an ApiError, and has `reason` when one is given (upstream's IsNotFound, IsConflict, ...). */
export function isApiError(err: unknown, reason?: StatusReason): err is ApiError {
  return err instanceof ApiError && (reason === undefined || err.reason === reason);
}
