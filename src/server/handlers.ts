/**
 * The REST verbs over one resource path, on top of the `Api` contract (chapter 3): get and list (as objects or as
 * Tables), create, update, the status subresource, patch (JSON patch, merge patch, strategic merge patch), delete
 * and delete-collection, the scale subresource (autoscaling/v1 Scale), pods' log and binding subresources.
 * What this layer adds to the storage layer is what upstream's HTTP handlers add: decoding and defaulting the body,
 * the NamespaceLifecycle admission check (no new objects in a missing or terminating namespace), dry runs, the name
 * in the URL agreeing with the body, and the patch retry loop.
 *
 * Every write of the main resource or of its scale records field ownership in `metadata.managedFields` (the
 * writer is `?fieldManager=`, else the User-Agent up to its first "/", as kubectl scale and cordon send none), and
 * PATCH with `application/apply-patch+yaml` is server-side apply (src/kube/patch/server-side-apply.ts). `logs -f`
 * streams (`?follow=true`) until the container stops or the client goes away.
 *
 * Follows staging/src/k8s.io/apiserver/pkg/endpoints/handlers/{get,create,update,patch,delete}.go (patch: read,
 * apply, update with the read resourceVersion, retry on conflict unless the patch itself carried a resourceVersion),
 * pkg/registry/apps/deployment/storage/storage.go (ScaleREST), pkg/registry/core/pod/storage/storage.go
 * (BindingREST, LogREST) and plugin/pkg/admission/namespace/lifecycle/admission.go.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import {
  ApiError,
  badRequest,
  FieldError,
  groupVersion,
  invalid,
  isApiError,
  notFound,
  unsupportedMediaType,
  validateObject,
  type KubeObject,
  type ResourceInfo,
} from "#kube";
import type { Api, ApiDeleteOptions, ApiListOptions } from "../kube/api.ts";
import { applyDefaults } from "../kube/defaults.ts";
import { applyPatch, PATCH_CONTENT_TYPES } from "../kube/patch/index.ts";
import { managedFieldsOf, recordUpdate, serverSideApply, type ManagedFieldsEntry } from "../kube/patch/server-side-apply.ts";
import { parse as parseYaml } from "yaml";
import type { ResourceRequest } from "./routes.ts";
import { selectorString, toTable, wantsTable, type IncludeObject } from "./tables.ts";
import { serveWatch, type WatchRegistry } from "./watch.ts";
import { decodeBody, parseAccept, parseMediaType, pathNotFound, readBody, sendJson, sendText, successStatus } from "./wire.ts";

/** Reads a pod's container log; undefined when the container has not started (no log yet). */
export type LogSource = (pod: KubeObject, container: string, options: { previous: boolean }) => Promise<string[] | undefined> | string[] | undefined;

export interface HandlerContext {
  api: Api;
  watches: WatchRegistry;
  /** Now in ms since 1970 as the cluster sees it, for AGE columns. */
  now: () => number;
  logs?: LogSource;
}

type Obj = KubeObject;

const MAX_PATCH_ATTEMPTS = 5;
const FIELD_VALIDATION = ["", "Ignore", "Warn", "Strict"];

const methodNotAllowed = (method: string, what: string): ApiError =>
  new ApiError(405, "MethodNotAllowed", `the server does not allow this method on the requested resource (${method} ${what})`, {});

function intParam(params: URLSearchParams, name: string): number | undefined {
  const v = params.get(name);
  if (v === null || v === "") return undefined;
  if (!/^-?\d+$/.test(v)) throw badRequest(`invalid value for ${name}: ${JSON.stringify(v)}: must be an integer`);
  return Number(v);
}

const isTrue = (v: string | null): boolean => v === "true" || v === "1";

function checkWriteParams(params: URLSearchParams): { dryRun: boolean } {
  const validation = params.get("fieldValidation") ?? "";
  if (!FIELD_VALIDATION.includes(validation)) {
    throw badRequest(`fieldValidation: Unsupported value: ${JSON.stringify(validation)}: supported values: "Ignore", "Strict", "Warn"`);
  }
  const dryRun = params.getAll("dryRun");
  for (const d of dryRun) if (d !== "All") throw badRequest(`dryRun: Unsupported value: ${JSON.stringify(d)}: supported values: "All"`);
  return { dryRun: dryRun.length > 0 };
}

/** The body as an object of the resource's kind; anything but a JSON/YAML object is a 400. */
async function readObject(req: IncomingMessage): Promise<Obj> {
  const body = decodeBody(await readBody(req), req.headers["content-type"]);
  if (typeof body !== "object" || body === null || Array.isArray(body)) throw badRequest("the request body must be an object (a JSON or YAML mapping)");
  const obj = body as Obj;
  if (obj.metadata !== undefined && (typeof obj.metadata !== "object" || obj.metadata === null || Array.isArray(obj.metadata))) {
    throw badRequest("metadata must be an object");
  }
  obj.metadata ??= {};
  return obj;
}

/** apiVersion and kind the path implies, kept when the body says the same, a 400 when it says otherwise. */
function checkKind(info: ResourceInfo, obj: Obj): void {
  const apiVersion = groupVersion(info);
  if (obj.apiVersion !== undefined && obj.apiVersion !== apiVersion) {
    throw badRequest(`the API version in the data (${String(obj.apiVersion)}) does not match the expected API version (${apiVersion})`);
  }
  if (obj.kind !== undefined && obj.kind !== info.kind) {
    throw badRequest(`the kind in the data (${String(obj.kind)}) does not match the expected kind (${info.kind})`);
  }
  obj.apiVersion = apiVersion;
  obj.kind = info.kind;
}

function validated(info: ResourceInfo, obj: Obj): Obj {
  const errors = validateObject(obj);
  if (errors.length) throw invalid({ group: info.group, kind: info.kind }, obj.metadata.name ?? "", errors);
  return obj;
}

/** NamespaceLifecycle admission: new objects only in a namespace that exists and is not being deleted. */
async function admitNamespace(api: Api, namespace: string): Promise<void> {
  let ns: Obj;
  try {
    ns = await api.get<Obj>("namespaces", undefined, namespace);
  } catch (err) {
    if (isApiError(err, "NotFound") || (err as { code?: number }).code === 404) throw notFound({ resource: "namespaces" }, namespace);
    throw err;
  }
  if (ns.metadata.deletionTimestamp || (ns.status as { phase?: string } | undefined)?.phase === "Terminating") {
    throw new ApiError(403, "Forbidden", `unable to create new content in namespace ${namespace} because it is being terminated`, {
      name: namespace,
      kind: "namespaces",
      causes: [{ reason: "NamespaceTerminating", message: `namespace ${namespace} is being terminated`, field: "metadata.namespace" }],
    });
  }
}

function includeObject(params: URLSearchParams): IncludeObject {
  const v = params.get("includeObject");
  return v === "None" || v === "Object" ? v : "Metadata";
}

/** The autoscaling/v1 Scale of a Deployment or ReplicaSet (ScaleREST.Get). */
function toScale(obj: Obj): Obj {
  const spec = (obj.spec ?? {}) as { replicas?: number; selector?: Record<string, unknown> };
  const status = (obj.status ?? {}) as { replicas?: number };
  const m = obj.metadata;
  return {
    kind: "Scale",
    apiVersion: "autoscaling/v1",
    metadata: { name: m.name, namespace: m.namespace, uid: m.uid, resourceVersion: m.resourceVersion, creationTimestamp: m.creationTimestamp },
    spec: { replicas: spec.replicas ?? 0 },
    status: { replicas: status.replicas ?? 0, selector: selectorString(spec.selector).replace(/^<none>$/, "") },
  };
}

/** The object with the Scale's replicas; its resourceVersion is the Scale's when it carries one (a precondition). */
function fromScale(info: ResourceInfo, obj: Obj, scale: Obj): Obj {
  const replicas = (scale.spec as { replicas?: unknown } | undefined)?.replicas;
  if (typeof replicas !== "number" || !Number.isInteger(replicas) || replicas < 0) {
    throw invalid({ group: "autoscaling", kind: "Scale" }, obj.metadata.name ?? "", [
      FieldError.invalid("spec.replicas", replicas ?? null, "must be greater than or equal to 0"),
    ]);
  }
  void info;
  const rv = scale.metadata?.resourceVersion;
  return { ...obj, metadata: { ...obj.metadata, ...(rv ? { resourceVersion: rv } : {}) }, spec: { ...(obj.spec as object), replicas } };
}

/**
 * Who writes: `?fieldManager=`, else the User-Agent's prefix before the first "/" (`kubectl/v1.32.4 (linux/amd64)
 * ...` -> `kubectl`), printable characters only, at most 128 (handlers/rest.go managerOrUserAgent).
 */
function fieldManager(req: IncomingMessage, params: URLSearchParams): string {
  const given = params.get("fieldManager");
  if (given) {
    if (given.length > 128) throw invalid({ group: "meta.k8s.io", kind: "PatchOptions" }, "", [FieldError.tooLong("fieldManager", given, 128)]);
    return given;
  }
  const agent = (req.headers["user-agent"] ?? "").split("/")[0]!;
  return [...agent].filter((ch) => ch >= " " && ch !== "\x7f").join("").slice(0, 128);
}

/** RFC 3339 without fractions, the cluster's now (a managedFields entry's `time`). */
const rfc3339 = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

/** Sets (or, when none is left, removes) `metadata.managedFields`. */
function setManagedFields(obj: Obj, entries: ManagedFieldsEntry[]): void {
  const meta = obj.metadata as Record<string, unknown>;
  if (entries.length) meta.managedFields = entries;
  else delete meta.managedFields;
}

/**
 * Records an update (create: `old` undefined) of the main resource or of its scale in `next`'s managedFields; the
 * status subresource records nothing (its writes keep the stored metadata).
 */
function recordWrite(ctx: HandlerContext, req: IncomingMessage, params: URLSearchParams, info: ResourceInfo, old: Obj | undefined, next: Obj, subresource?: string): void {
  if (subresource === "status") return;
  const who = { manager: fieldManager(req, params), apiVersion: groupVersion(info), time: rfc3339(ctx.now()), ...(subresource ? { subresource } : {}) };
  // The scale subresource owns one field: the parent's .spec.replicas.
  const view = (o: Obj | undefined): unknown => (subresource === "scale" && o ? { spec: { replicas: (o.spec as { replicas?: number } | undefined)?.replicas } } : o);
  // Ownership starts from the request's managedFields when it sets some (clients may rewrite them: kubectl's
  // client-side-apply migration after apply --server-side does), else from the live object's, so a client that
  // knows nothing of managedFields cannot drop them (managedfields/internal/fieldmanager.go Update).
  const given = subresource ? [] : managedFieldsOf(next);
  setManagedFields(next, recordUpdate(given.length ? given : managedFieldsOf(old), view(old), view(next), info.kind, who));
}

const isConflict = (err: unknown): boolean => (err as { code?: number; reason?: string })?.code === 409 && (err as { reason?: string }).reason === "Conflict";

export async function handleResource(ctx: HandlerContext, req: IncomingMessage, res: ServerResponse, r: ResourceRequest, params: URLSearchParams): Promise<void> {
  const { info, name, subresource } = r;
  const method = req.method ?? "GET";
  const api = ctx.api;
  // A namespaced resource needs its namespace to name an object, to create one, or for a subresource.
  if (info.namespaced && r.namespace === undefined && (name !== undefined || method === "POST")) throw pathNotFound();
  const namespace = info.namespaced ? r.namespace : undefined;
  const what = `${info.resource}${subresource ? "/" + subresource : ""}`;
  const accept = parseAccept(req.headers.accept);

  if (subresource !== undefined) {
    const known = ["status", "scale", "log", "binding"];
    const served = (subresource === "status" && info.hasStatus) || (subresource === "scale" && info.hasScale) || ((subresource === "log" || subresource === "binding") && info.resource === "pods");
    if (!known.includes(subresource) || !served) throw pathNotFound();
  }

  if (method === "GET" && name === undefined) {
    const listOptions: ApiListOptions = {
      ...(namespace !== undefined ? { namespace } : {}),
      ...(params.get("labelSelector") ? { labelSelector: params.get("labelSelector")! } : {}),
      ...(params.get("fieldSelector") ? { fieldSelector: params.get("fieldSelector")! } : {}),
      ...(params.get("resourceVersion") !== null ? { resourceVersion: params.get("resourceVersion")! } : {}),
    };
    if (isTrue(params.get("watch"))) {
      const timeout = intParam(params, "timeoutSeconds");
      const { limit: _l, continue: _c, ...watchOptions } = listOptions;
      await serveWatch(api, ctx.watches, req, res, info, { ...watchOptions, allowWatchBookmarks: isTrue(params.get("allowWatchBookmarks")) }, timeout !== undefined && timeout > 0 ? timeout : 1800, wantsTable(accept) ? { now: ctx.now, include: includeObject(params) } : undefined);
      return;
    }
    const limit = intParam(params, "limit");
    if (limit !== undefined && limit > 0) listOptions.limit = limit;
    if (params.get("continue")) listOptions.continue = params.get("continue")!;
    const list = await api.list<Obj>(info.resource, listOptions);
    if (wantsTable(accept)) {
      const m = list.metadata;
      sendJson(res, 200, toTable(info, list.items as never, { now: ctx.now(), resourceVersion: m.resourceVersion, continue: m.continue, remainingItemCount: m.remainingItemCount, include: includeObject(params) }), "application/json");
      return;
    }
    sendJson(res, 200, list);
    return;
  }

  if (method === "GET") {
    if (isTrue(params.get("watch"))) {
      const timeout = intParam(params, "timeoutSeconds");
      const fieldSelector = [`metadata.name=${name}`, params.get("fieldSelector")].filter(Boolean).join(",");
      await serveWatch(api, ctx.watches, req, res, info, { ...(namespace !== undefined ? { namespace } : {}), fieldSelector, ...(params.get("resourceVersion") ? { resourceVersion: params.get("resourceVersion")! } : {}) }, timeout && timeout > 0 ? timeout : 1800);
      return;
    }
    const obj = await api.get<Obj>(info.resource, namespace, name!);
    if (subresource === "scale") return sendJson(res, 200, toScale(obj));
    if (subresource === "log") return serveLog(ctx, res, obj, params);
    if (subresource === "binding") throw methodNotAllowed(method, what);
    if (wantsTable(accept) && subresource === undefined) {
      return sendJson(res, 200, toTable(info, [obj as never], { now: ctx.now(), resourceVersion: obj.metadata.resourceVersion, include: includeObject(params) }));
    }
    return sendJson(res, 200, obj);
  }

  if (method === "POST") {
    if (name !== undefined && subresource === "binding") return serveBinding(ctx, req, res, namespace!, name, params);
    if (name !== undefined) throw methodNotAllowed(method, what);
    const { dryRun } = checkWriteParams(params);
    const obj = await readObject(req);
    checkKind(info, obj);
    if (info.namespaced) {
      if (obj.metadata.namespace !== undefined && obj.metadata.namespace !== namespace) {
        throw badRequest("the namespace of the provided object does not match the namespace sent on the request");
      }
      await admitNamespace(api, namespace!);
    }
    applyDefaults(obj);
    recordWrite(ctx, req, params, info, undefined, obj);
    if (dryRun) {
      validated(info, { ...obj, metadata: { ...obj.metadata, namespace } });
      if (obj.metadata.name) {
        const exists = await api.get(info.resource, namespace, obj.metadata.name).then(() => true, () => false);
        if (exists) throw new ApiError(409, "AlreadyExists", `${info.group ? `${info.resource}.${info.group}` : info.resource} ${JSON.stringify(obj.metadata.name)} already exists`, { name: obj.metadata.name, group: info.group, kind: info.resource });
      }
      return sendJson(res, 201, { ...obj, metadata: { ...obj.metadata, ...(namespace ? { namespace } : {}) } });
    }
    const created = await api.create<Obj>(info.resource, obj, namespace);
    return sendJson(res, 201, created);
  }

  if (method === "PUT") {
    if (name === undefined) throw methodNotAllowed(method, what);
    if (subresource === "log" || subresource === "binding") throw methodNotAllowed(method, what);
    const { dryRun } = checkWriteParams(params);
    const body = await readObject(req);
    if (subresource === "scale") {
      if (body.kind !== undefined && body.kind !== "Scale") throw badRequest(`the kind in the data (${String(body.kind)}) does not match the expected kind (Scale)`);
      const current = await api.get<Obj>(info.resource, namespace, name);
      const next = fromScale(info, current, body);
      recordWrite(ctx, req, params, info, current, next, "scale");
      if (dryRun) return sendJson(res, 200, toScale(next));
      return sendJson(res, 200, toScale(await api.update<Obj>(info.resource, next)));
    }
    checkKind(info, body);
    if (body.metadata.name !== undefined && body.metadata.name !== name) {
      throw badRequest(`the name of the object (${body.metadata.name}) does not match the name on the URL (${name})`);
    }
    if (info.namespaced && body.metadata.namespace !== undefined && body.metadata.namespace !== namespace) {
      throw badRequest("the namespace of the provided object does not match the namespace sent on the request");
    }
    body.metadata = { ...body.metadata, name, ...(namespace ? { namespace } : {}) };
    applyDefaults(body);
    // The live object: the managedFields to carry on (a PUT's own managedFields are not taken).
    const live = await api.get<Obj>(info.resource, namespace, name);
    recordWrite(ctx, req, params, info, live, body, subresource);
    if (subresource === "status") setManagedFields(body, managedFieldsOf(live));
    if (dryRun) return sendJson(res, 200, validated(info, body));
    const written = subresource === "status" ? await api.updateStatus<Obj>(info.resource, body) : await api.update<Obj>(info.resource, body);
    return sendJson(res, 200, written);
  }

  if (method === "PATCH") {
    if (name === undefined) throw methodNotAllowed(method, what);
    if (subresource === "log" || subresource === "binding") throw methodNotAllowed(method, what);
    return servePatch(ctx, req, res, info, namespace, name, subresource, params);
  }

  if (method === "DELETE") {
    if (subresource !== undefined) throw methodNotAllowed(method, what);
    const { dryRun } = checkWriteParams(params);
    const options = await readDeleteOptions(req, params);
    if (name === undefined) {
      if (!info.verbs.includes("deletecollection")) throw methodNotAllowed(method, what);
      const list = await api.list<Obj>(info.resource, {
        ...(namespace !== undefined ? { namespace } : {}),
        ...(params.get("labelSelector") ? { labelSelector: params.get("labelSelector")! } : {}),
        ...(params.get("fieldSelector") ? { fieldSelector: params.get("fieldSelector")! } : {}),
      });
      const items: Obj[] = [];
      for (const item of list.items) {
        if (dryRun) {
          items.push(item);
          continue;
        }
        try {
          items.push((await api.delete<Obj>(info.resource, item.metadata.namespace, item.metadata.name!, options)).object);
        } catch (err) {
          if ((err as { code?: number }).code !== 404) throw err;
        }
      }
      return sendJson(res, 200, { ...list, items });
    }
    if (dryRun) return sendJson(res, 200, await api.get(info.resource, namespace, name));
    const result = await api.delete<Obj>(info.resource, namespace, name, options);
    return sendJson(res, result.deleted ? 200 : 202, result.object);
  }

  throw methodNotAllowed(method, what);
}

/** DeleteOptions from the body (kubectl sends `{"propagationPolicy":"Background"}`) and the query. */
async function readDeleteOptions(req: IncomingMessage, params: URLSearchParams): Promise<ApiDeleteOptions> {
  const raw = await readBody(req);
  let body: Record<string, unknown> = {};
  if (raw.length && raw.toString("utf8").trim() !== "") {
    const decoded = decodeBody(raw, req.headers["content-type"]);
    if (typeof decoded !== "object" || decoded === null || Array.isArray(decoded)) throw badRequest("DeleteOptions must be an object");
    body = decoded as Record<string, unknown>;
  }
  const options: ApiDeleteOptions = {};
  const policy = (body.propagationPolicy as string | undefined) ?? params.get("propagationPolicy") ?? undefined;
  const orphan = body.orphanDependents ?? (params.get("orphanDependents") !== null ? isTrue(params.get("orphanDependents")) : undefined);
  if (policy !== undefined) {
    if (policy !== "Foreground" && policy !== "Background" && policy !== "Orphan") {
      throw invalid({ kind: "DeleteOptions" }, "", [
        FieldError.notSupported("propagationPolicy", policy, ["Foreground", "Background", "Orphan"]),
      ]);
    }
    if (orphan !== undefined) throw badRequest("Invalid value: \"orphanDependents\": orphanDependents and propagationPolicy cannot be both set");
    options.propagationPolicy = policy;
  } else if (orphan !== undefined) {
    options.propagationPolicy = orphan ? "Orphan" : "Background";
  }
  const grace = body.gracePeriodSeconds ?? intParam(params, "gracePeriodSeconds");
  if (grace !== undefined && grace !== null) {
    if (typeof grace !== "number" || !Number.isInteger(grace)) throw badRequest("gracePeriodSeconds must be an integer");
    options.gracePeriodSeconds = grace;
  }
  const pre = body.preconditions as { uid?: string; resourceVersion?: string } | undefined;
  if (pre && (pre.uid !== undefined || pre.resourceVersion !== undefined)) {
    options.preconditions = { ...(pre.uid !== undefined ? { uid: pre.uid } : {}), ...(pre.resourceVersion !== undefined ? { resourceVersion: pre.resourceVersion } : {}) };
  }
  return options;
}

/**
 * PATCH: read the object, apply the patch, default, and write it back with the resourceVersion that was read, so a
 * write in between is a conflict; then read again and retry (up to 5 times), unless the patch set the
 * resourceVersion itself, in which case the conflict is the client's answer.
 */
async function servePatch(ctx: HandlerContext, req: IncomingMessage, res: ServerResponse, info: ResourceInfo, namespace: string | undefined, name: string, subresource: string | undefined, params: URLSearchParams): Promise<void> {
  const api = ctx.api;
  const { dryRun } = checkWriteParams(params);
  const contentType = parseMediaType(req.headers["content-type"] ?? "").type;
  const raw = await readBody(req);
  if (contentType === "application/apply-patch+yaml") return serveApply(ctx, req, res, info, namespace, name, subresource, params, raw, dryRun);
  if (!(PATCH_CONTENT_TYPES as readonly string[]).includes(contentType)) throw unsupportedMediaType([...PATCH_CONTENT_TYPES, "application/apply-patch+yaml"]);
  if (params.get("force") !== null) {
    throw invalid({ group: "meta.k8s.io", kind: "PatchOptions" }, "", [FieldError.forbidden("force", "may not be specified for non-apply patch")]);
  }
  let patch: unknown;
  try {
    patch = JSON.parse(raw.toString("utf8"));
  } catch (err) {
    throw badRequest(`couldn't decode the patch as JSON: ${(err as Error).message}`);
  }
  for (let attempt = 1; ; attempt++) {
    const current = await api.get<Obj>(info.resource, namespace, name);
    const readVersion = current.metadata.resourceVersion;
    let next: Obj;
    if (subresource === "scale") {
      // A Scale has no lists: a strategic merge patch of it is a merge patch.
      const type = contentType === "application/strategic-merge-patch+json" ? "application/merge-patch+json" : contentType;
      const scale = applyPatch(toScale(current), patch, type, "Scale");
      next = fromScale(info, current, scale);
    } else {
      next = applyPatch(structuredClone(current), patch, contentType, info.kind);
      if (typeof next !== "object" || next === null || Array.isArray(next)) throw badRequest("the patched object is not an object");
      next.metadata ??= {};
      if (next.metadata.name !== name) throw badRequest(`the name of the object (${String(next.metadata.name)}) does not match the name on the URL (${name})`);
      if (info.namespaced && next.metadata.namespace !== namespace) throw badRequest("the namespace of the provided object does not match the namespace sent on the request");
      checkKind(info, next);
      applyDefaults(next);
    }
    const own = next.metadata.resourceVersion === undefined || next.metadata.resourceVersion === readVersion;
    next.metadata.resourceVersion ??= readVersion;
    recordWrite(ctx, req, params, info, current, next, subresource);
    if (dryRun) return sendJson(res, 200, subresource === "scale" ? toScale(next) : validated(info, next));
    try {
      const written = subresource === "status" ? await api.updateStatus<Obj>(info.resource, next) : await api.update<Obj>(info.resource, next);
      return sendJson(res, 200, subresource === "scale" ? toScale(written) : written);
    } catch (err) {
      if (!isConflict(err) || !own || attempt >= MAX_PATCH_ATTEMPTS) throw err;
    }
  }
}

/**
 * Server-side apply (`PATCH` with `application/apply-patch+yaml`, patch.go applyPatcher): the body is the applier's
 * whole intent for the object (YAML, or JSON, which is YAML). `?fieldManager=` is required; `?force=true` takes
 * the fields other managers own instead of answering 409. Creates the object (201) when it does not exist.
 * Retries on a write conflict like every patch, unless the applied configuration carries a resourceVersion.
 */
async function serveApply(ctx: HandlerContext, req: IncomingMessage, res: ServerResponse, info: ResourceInfo, namespace: string | undefined, name: string, subresource: string | undefined, params: URLSearchParams, raw: Buffer, dryRun: boolean): Promise<void> {
  const api = ctx.api;
  if (subresource !== undefined) throw badRequest(`server-side apply to the ${subresource} subresource is not supported by this server: apply to the ${info.resource} resource`);
  const manager = params.get("fieldManager") ?? "";
  if (manager === "") throw badRequest("fieldManager is required for apply requests");
  if (manager.length > 128) throw invalid({ group: "meta.k8s.io", kind: "PatchOptions" }, "", [FieldError.tooLong("fieldManager", manager, 128)]);
  const force = isTrue(params.get("force"));
  let applied: unknown;
  try {
    applied = parseYaml(raw.toString("utf8")) as unknown;
  } catch (err) {
    throw badRequest(`error decoding YAML: ${(err as Error).message.split("\n")[0]}`);
  }
  if (typeof applied !== "object" || applied === null || Array.isArray(applied)) throw badRequest("error decoding YAML: the applied configuration must be an object");
  const config = applied as Obj;
  config.metadata ??= {};
  if (typeof config.metadata !== "object" || Array.isArray(config.metadata)) throw badRequest("metadata must be an object");
  if (config.apiVersion !== groupVersion(info)) {
    throw badRequest(`Incorrect version specified in apply patch. Specified patch version: ${String(config.apiVersion ?? "")}, expected: ${groupVersion(info)}`);
  }
  checkKind(info, config);
  if ((config.metadata as Record<string, unknown>).managedFields !== undefined) throw badRequest("metadata.managedFields must be nil");
  if (config.metadata.name !== undefined && config.metadata.name !== name) throw badRequest(`the name of the object (${String(config.metadata.name)}) does not match the name on the URL (${name})`);
  if (info.namespaced && config.metadata.namespace !== undefined && config.metadata.namespace !== namespace) {
    throw badRequest("the namespace of the provided object does not match the namespace sent on the request");
  }
  config.metadata = { ...config.metadata, name, ...(namespace ? { namespace } : {}) };
  const who = { manager, apiVersion: groupVersion(info), time: rfc3339(ctx.now()) };

  for (let attempt = 1; ; attempt++) {
    let current: Obj | undefined;
    try {
      current = await api.get<Obj>(info.resource, namespace, name);
    } catch (err) {
      if ((err as { code?: number }).code !== 404) throw err;
    }
    const result = serverSideApply(current, config, info.kind, who, force);
    const next = result.object as Obj;
    setManagedFields(next, result.managedFields);
    applyDefaults(next);
    if (!current) {
      // Absent: the apply creates it, owned by the applier alone.
      if (info.namespaced) await admitNamespace(api, namespace!);
      delete next.metadata.resourceVersion;
      if (dryRun) return sendJson(res, 201, validated(info, next));
      try {
        return sendJson(res, 201, await api.create<Obj>(info.resource, next, namespace));
      } catch (err) {
        // Created by someone else in between: apply to theirs.
        if ((err as { reason?: string }).reason !== "AlreadyExists" || attempt >= MAX_PATCH_ATTEMPTS) throw err;
        continue;
      }
    }
    const readVersion = current.metadata.resourceVersion;
    const own = config.metadata.resourceVersion === undefined;
    next.metadata.resourceVersion = config.metadata.resourceVersion ?? readVersion;
    if (dryRun) return sendJson(res, 200, validated(info, next));
    try {
      return sendJson(res, 200, await api.update<Obj>(info.resource, next));
    } catch (err) {
      if (!isConflict(err) || !own || attempt >= MAX_PATCH_ATTEMPTS) throw err;
    }
  }
}

/** `pods/x/log`: the container's log lines from the fake runtime, `?container=`, `?tailLines=`, `?previous=`. */
async function serveLog(ctx: HandlerContext, res: ServerResponse, pod: Obj, params: URLSearchParams): Promise<void> {
  const spec = (pod.spec ?? {}) as { containers?: { name: string }[]; initContainers?: { name: string }[] };
  const names = [...(spec.containers ?? []), ...(spec.initContainers ?? [])].map((c) => c.name);
  const podName = pod.metadata.name!;
  let container = params.get("container") ?? "";
  if (!container) {
    if ((spec.containers ?? []).length !== 1) {
      throw badRequest(`a container name must be specified for pod ${podName}, choose one of: [${(spec.containers ?? []).map((c) => c.name).join(" ")}]`);
    }
    container = spec.containers![0]!.name;
  }
  if (!names.includes(container)) throw badRequest(`container ${container} is not valid for pod ${podName}`);
  const tail = intParam(params, "tailLines");
  const previous = isTrue(params.get("previous"));
  const lines = ctx.logs ? await ctx.logs(pod, container, { previous }) : undefined;
  if (lines === undefined) {
    const statuses = ((pod.status as { containerStatuses?: { name: string; state?: { waiting?: { reason?: string } } }[] } | undefined)?.containerStatuses ?? []);
    const reason = statuses.find((s) => s.name === container)?.state?.waiting?.reason ?? "ContainerCreating";
    if (previous) throw badRequest(`previous terminated container ${JSON.stringify(container)} in pod ${JSON.stringify(podName)} not found`);
    throw badRequest(`container ${JSON.stringify(container)} in pod ${JSON.stringify(podName)} is waiting to start: ${reason}`);
  }
  const shown = tail !== undefined && tail >= 0 ? lines.slice(Math.max(0, lines.length - tail)) : lines;
  if (!isTrue(params.get("follow")) || previous) return sendText(res, 200, shown.map((l) => l + "\n").join(""));
  return followLog(ctx, res, pod, container, shown, lines.length);
}

/** How often a followed log looks for new lines (real milliseconds). */
const FOLLOW_POLL_MS = 200;

type ContainerStatusLike = { name: string; containerID?: string; state?: { running?: object; terminated?: object } };

/**
 * `logs -f`: keeps the response open (chunked) and writes each new line the runtime produces, until the container
 * instance that was followed stops (its last lines are sent first), is replaced by a restart, the pod goes away, or
 * the client hangs up (the kubelet's follow in pkg/kubelet/kuberuntime/logs: it ends when the container exits).
 * The fake runtime has no log stream, so this polls the LogSource and the pod's status.
 */
async function followLog(ctx: HandlerContext, res: ServerResponse, pod: Obj, container: string, shown: string[], sent: number): Promise<void> {
  const statusOf = (p: Obj): ContainerStatusLike | undefined => {
    const status = p.status as { containerStatuses?: ContainerStatusLike[]; initContainerStatuses?: ContainerStatusLike[] } | undefined;
    return [...(status?.containerStatuses ?? []), ...(status?.initContainerStatuses ?? [])].find((c) => c.name === container);
  };
  const followed = statusOf(pod)?.containerID;
  let closed = false;
  res.on("close", () => (closed = true));
  res.writeHead(200, { "Content-Type": "text/plain", "Cache-Control": "no-cache, private" });
  res.write(shown.map((l) => l + "\n").join(""));
  while (!closed) {
    await new Promise((resolve) => setTimeout(resolve, FOLLOW_POLL_MS));
    if (closed) break;
    let current: Obj;
    try {
      current = await ctx.api.get<Obj>("pods", pod.metadata.namespace, pod.metadata.name!);
    } catch {
      break; // the pod is gone
    }
    const status = statusOf(current);
    if (current.metadata.uid !== pod.metadata.uid || status?.containerID !== followed) break; // replaced or restarted
    const lines = (ctx.logs ? await ctx.logs(current, container, { previous: false }) : undefined) ?? [];
    if (lines.length > sent && !closed) res.write(lines.slice(sent).map((l) => l + "\n").join(""));
    sent = Math.max(sent, lines.length);
    if (!status?.state?.running) break; // stopped: its last lines were just written
  }
  if (!closed) res.end();
}

/** `POST pods/x/binding` (what a scheduler sends): binds the pod to `target.name`. */
async function serveBinding(ctx: HandlerContext, req: IncomingMessage, res: ServerResponse, namespace: string, name: string, params: URLSearchParams): Promise<void> {
  const { dryRun } = checkWriteParams(params);
  const body = await readObject(req);
  if (body.kind !== undefined && body.kind !== "Binding") throw badRequest(`the kind in the data (${String(body.kind)}) does not match the expected kind (Binding)`);
  if (body.metadata.name !== undefined && body.metadata.name !== name) throw badRequest(`the name of the object (${body.metadata.name}) does not match the name on the URL (${name})`);
  const target = body.target as { name?: string; kind?: string } | undefined;
  if (!target?.name) {
    throw invalid({ kind: "Binding" }, name, [
      FieldError.required("target.name"),
    ]);
  }
  if (!dryRun) await ctx.api.bind(namespace, name, target.name, body.metadata.uid);
  sendJson(res, 201, successStatus());
}
