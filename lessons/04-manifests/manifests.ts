/**
 * Chapter 4: what `kubectl apply -f` does before and after it talks to the API server.
 *
 * `parseManifests` reads a file of YAML documents into objects, and reports every problem with the file, line and
 * column it comes from and the JSON path of the field (`spec.template.spec.containers[0].image`), the way an editor
 * wants it. `apply` is kubectl's client-side apply: create what is missing, and for what exists send a three-way
 * strategic merge patch computed from the last-applied configuration (kept in an annotation on the object), the new
 * manifest and the live object. Fields that other writers set (controllers, defaulting, `kubectl scale`) survive it.
 *
 * Follows kubernetes/kubernetes staging/src/k8s.io/kubectl/pkg/cmd/apply/apply.go (the created / configured /
 * unchanged outcome), .../apply/patcher.go (patchSimple, the retries on conflict), staging/src/k8s.io/kubectl/pkg/util/apply.go
 * (GetModifiedConfiguration: the annotation holds the manifest without itself), staging/src/k8s.io/cli-runtime/pkg/resource
 * (visitor.go: empty documents skipped, Lists expanded) and staging/src/k8s.io/apimachinery/pkg/util/yaml (the
 * multi-document decoder).
 */
import {
  FieldError,
  LineCounter,
  createThreeWayMergePatch,
  deepEqual,
  isMap,
  isScalar,
  isSeq,
  parseAllDocuments,
  patchMetaFor,
  resourceForKind,
  validateObject,
  type KubeObject,
  type ResourceInfo,
} from "#kube";
import { todo } from "#kube";

// ---- reading manifests ----

/** One problem with a manifest file, where an editor can jump to it. Lines and columns count from 1. */
export interface ManifestError {
  file: string;
  line: number;
  column: number;
  /** The field, as Kubernetes prints it (`spec.template.spec.containers[0].image`); "" for the whole document. */
  path: string;
  message: string;
}

export interface ParsedManifests {
  /** The objects of every document that parsed and validated, in file order. */
  objects: KubeObject[];
  errors: ManifestError[];
}

/** `web.yaml:12:9: spec.replicas: Invalid value: -1: must be greater than or equal to 0`. */
export const formatManifestError = (e: ManifestError): string =>
  `${e.file}:${e.line}:${e.column}: ${e.path ? `${e.path}: ` : ""}${e.message}`;

type Json = Record<string, unknown>;
const isRecord = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * kubectl reads YAML 1.1 (go-yaml v2 under sigs.k8s.io/yaml): `yes`, `no`, `on`, `off` are booleans and `0755` is
 * octal. Timestamps and sexagesimal numbers (`1:20`) stay strings there, so we drop those two tags.
 */
function kubectlTags<T>(tags: T[]): T[] {
  return tags.filter((t) => {
    const { tag, format } = t as { tag?: string; format?: string };
    return !String(tag).endsWith(":timestamp") && format !== "TIME";
  });
}

/** `a.b[0].c` or `metadata.labels[app.kubernetes.io/name]` prefixed with `items[2]`. */
const joinPath = (prefix: string, path: string): string => (!prefix ? path : !path ? prefix : path.startsWith("[") ? prefix + path : `${prefix}.${path}`);

/** A document whose kind is `List` or `<Kind>List` holds its objects in `items` (what `kubectl get -o yaml` writes). */
const isList = (value: unknown): value is Json & { items: unknown[] } =>
  isRecord(value) && typeof value["kind"] === "string" && value["kind"].endsWith("List") && Array.isArray(value["items"]);

/**
 * The field path of a FieldError as the keys and indexes to walk.
 * @example fieldPathSegments("spec.containers[0].image") // ["spec", "containers", "0", "image"]
 * @example fieldPathSegments("metadata.labels[app.kubernetes.io/name]") // ["metadata", "labels", "app.kubernetes.io/name"]
 */
export function fieldPathSegments(path: string): string[] {
  // TODO: (1) split the path into segments: `a.b` is two, `[0]` and `[app.kubernetes.io/name]` are one each (a
  // bracket keeps its dots). One regular expression with two alternatives and `matchAll` is enough.
  return todo("split a field path into segments");
}

/**
 * The offset in the text of the field at `segments` under the YAML node `root`: the key that names it in a mapping,
 * or the item itself in a sequence. A field that is missing points at the deepest part of the path that exists
 * (a missing `image` points at its container), the document itself when nothing of it does.
 */
export function offsetOf(root: unknown, segments: readonly string[]): number {
  let node = root;
  let offset = rangeStart(root);
  for (const segment of segments) {
    // TODO: (2) one step down. In a mapping (`isMap(node)`), find the pair whose key (`isScalar(p.key)`) has the
    // segment as its value: the offset becomes the key's start, the node its value. In a sequence (`isSeq(node)`),
    // the segment is an index: the item is both the node and the offset. When the step cannot be taken, stop: the
    // offset found so far is the parent's.
    todo("walk one segment of the path");
  }
  return offset;
}

/** Where a parsed node starts in the text (`range[0]`), or `fallback` for a node without a range. */
function rangeStart(node: unknown, fallback = 0): number {
  const range = (node as { range?: readonly number[] } | null)?.range;
  return range ? range[0]! : fallback;
}

/**
 * The problems of one object: a kind we serve, then the API server's own validation. Each error's path is relative
 * to the object.
 */
export function checkObject(value: unknown): FieldError[] {
  if (isRecord(value) && typeof value["apiVersion"] === "string" && typeof value["kind"] === "string" && value["kind"] && value["apiVersion"]) {
    if (!resourceForKind(value["apiVersion"], value["kind"])) {
      // kubectl maps the kind to a resource through discovery before it sends anything (RESTMapper).
      return [FieldError.invalid("kind", value["kind"], `no matches for kind ${JSON.stringify(value["kind"])} in version ${JSON.stringify(value["apiVersion"])}`)];
    }
  }
  return validateObject(value);
}

/**
 * Reads every YAML document of a manifest file (documents are separated by `---`).
 * @param text the file's contents
 * @param file its name, copied into every error
 * @returns the valid objects, and every problem found, each with file, line, column (from 1) and field path
 * @example parseManifests("kind: ConfigMap\napiVersion: v1\nmetadata: {name: a}\n", "a.yaml").objects.length === 1
 */
export function parseManifests(text: string, file: string): ParsedManifests {
  const lineCounter = new LineCounter();
  const documents = parseAllDocuments(text, { version: "1.1", customTags: kubectlTags, prettyErrors: false, lineCounter });
  const objects: KubeObject[] = [];
  const errors: ManifestError[] = [];
  const errorAt = (offset: number, path: string, message: string): ManifestError => {
    // TODO: (3) turn the offset into a line and a column with `lineCounter.linePos(offset)`. Check which way it counts:
    // editors, compilers and this workbook count both from 1.
    return todo("an offset to line and column");
  };

  for (const doc of documents) {
    // TODO: (4) a document with syntax errors (`doc.errors`) yields no object: report each error where it starts
    // (`e.pos[0]`), with path "" and the parser's message, and go on with the next document.
    todo("report YAML syntax errors");
    const value: unknown = doc.toJS({ maxAliasCount: 100 });
    // TODO: (5) an empty document (`---` with nothing, or only comments) becomes null: kubectl skips it quietly.
    todo("skip empty documents");
    // TODO: (6) a List (`isList`) stands for its items, each at path `items[i]` of the document; anything else is
    // one object at path "". Check each with `checkObject`: a valid one joins `objects`; each problem becomes an error
    // whose path is the item's prefix joined with the problem's `field` (`joinPath`), placed with `offsetOf` on
    // `doc.contents`, with the message `problem.errorBody()`.
    todo("expand Lists, then check each object");
  }
  return { objects, errors };
}

// ---- client-side apply ----

/** The annotation in which kubectl keeps the manifest it last applied. */
export const LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";
export const STRATEGIC_MERGE_PATCH = "application/strategic-merge-patch+json";
/** patcher.go's maxPatchRetry: after a 409, kubectl GETs the object again and recomputes the patch, up to 5 times. */
export const MAX_PATCH_RETRY = 5;

/** The three requests client-side apply makes (the reference ApiServer plus the patch engine implement it). */
export interface ApplyClient {
  /** Rejects with a 404 (`code: 404`, reason NotFound) when the object does not exist. */
  get(resource: string, namespace: string | undefined, name: string): Promise<KubeObject>;
  create(resource: string, object: KubeObject, namespace?: string): Promise<KubeObject>;
  /** Rejects with a 409 (`code: 409`, reason Conflict) when another write got there first. */
  patch(resource: string, namespace: string | undefined, name: string, patch: Patch, contentType: typeof STRATEGIC_MERGE_PATCH): Promise<KubeObject>;
}

export interface ApplyOptions {
  /** The namespace for objects whose manifest names none (kubectl: `-n`, else the kubeconfig context); "default". */
  namespace?: string;
}

export type Patch = Record<string, unknown>;

const codeOf = (err: unknown): unknown => (err as { code?: unknown } | null)?.code;

/**
 * How kubectl names an object in its output: lowercase kind, its API group, its name.
 * @example printedName({ apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "web" } }) === "deployment.apps/web"
 */
export function printedName(object: Pick<KubeObject, "apiVersion" | "kind" | "metadata">): string {
  const info = resourceForKind(object.apiVersion, object.kind);
  return `${object.kind.toLowerCase()}${info?.group ? `.${info.group}` : ""}/${object.metadata.name}`;
}

/** Object keys sorted at every level, as Go's encoding/json writes a map. */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (!isRecord(value)) return value;
  return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortKeys(value[k])]));
}

/**
 * JSON as kubectl writes the annotation (Go's encoding/json): compact, keys sorted, `<`, `>` and `&` escaped.
 * @example goJson({ b: 1, a: "<x>" }) === '{"a":"\\u003cx\\u003e","b":1}'
 */
export function goJson(value: unknown): string {
  return JSON.stringify(sortKeys(value)).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** The last-applied configuration recorded on a live object, or undefined (created by `kubectl create`, say). */
export function lastApplied(live: KubeObject): Json | undefined {
  const text = live.metadata.annotations?.[LAST_APPLIED];
  if (!text) return undefined;
  const parsed: unknown = JSON.parse(text);
  return isRecord(parsed) ? parsed : undefined;
}

/**
 * The manifest as apply sends it (GetModifiedConfiguration): with the annotation `LAST_APPLIED` holding the manifest
 * itself, as `goJson` plus a newline. Does NOT modify `manifest`.
 */
export function withLastApplied(manifest: KubeObject): KubeObject {
  // TODO: (7) first the manifest without any LAST_APPLIED annotation it may carry (annotations become `{}` when
  // none is left: kubectl writes that too); its `goJson` plus "\n" is the value. Then the same manifest with that
  // value added under LAST_APPLIED. Build new objects; the manifest is frozen.
  return todo("the manifest with its last-applied annotation");
}

/** The patch metadata of the fields under `path`, re-rooted at `path` (the engine walks from its root). */
function tableUnder(kind: string, path: readonly string[]): Record<string, object> {
  const at = path.join(".");
  const cut = at ? at.length + 1 : 0;
  return Object.fromEntries(Object.entries(patchMetaFor(kind) ?? {}).filter(([p]) => !at || p.startsWith(`${at}.`)).map(([p, meta]) => [p.slice(cut), meta]));
}

/**
 * The three-way patch of one list field (`key` of the object at `path`), from the patch engine: lists the API types
 * mark as mergeable (containers by `name`, ports by `containerPort`, env by `name`) are merged item by item with `$`
 * directives; any other list is replaced whole when it differs from the live one.
 * @returns the entries to put into the patch of the object at `path`: `key` and its directives, or none
 */
export function listPatch(kind: string, path: readonly string[], key: string, original: unknown, modified: unknown[], current: unknown[]): Patch {
  return createThreeWayMergePatch(original === undefined ? {} : { [key]: original }, { [key]: modified }, { [key]: current }, tableUnder(kind, path));
}

/**
 * `$retainKeys` where the API types ask for it (a Deployment's `spec.strategy`): the server then drops the keys the
 * manifest does not name, so switching to `Recreate` also removes the defaulted `rollingUpdate`.
 */
function withRetainKeys(kind: string, path: readonly string[], patch: Patch, modified: Json, current: Json): Patch {
  if (!(patchMetaFor(kind)?.[path.join(".")]?.retainKeys ?? false)) return patch;
  const keep = Object.keys(modified).filter((k) => modified[k] !== null).sort();
  const dropsSome = Object.entries(current).some(([k, v]) => v !== null && !(k in modified));
  return keep.length > 0 && (Object.keys(patch).length > 0 || dropsSome) ? { ...patch, $retainKeys: keep } : patch;
}

/**
 * The strategic merge patch client-side apply sends (CreateThreeWayMergePatch), for the object (or the part of it at
 * `path`). Does NOT modify its arguments.
 * @param original the last-applied configuration, or undefined when there is none
 * @param modified the new manifest, with its new annotation
 * @param current the live object
 * @param kind the object's kind: which lists merge by which key
 * @returns {} when nothing needs to change
 * @example threeWayPatch({ data: { a: "1" } }, { data: { b: "2" } }, { data: { a: "1", c: "3" } }, "ConfigMap")
 * // => { data: { a: null, b: "2" } }: `a` was ours and is gone from the manifest; `c` is someone else's and stays
 */
export function threeWayPatch(original: Json | undefined, modified: Json, current: Json, kind: string, path: readonly string[] = []): Patch {
  const patch: Patch = {};
  // TODO: (8) two rules. Deletions: a key `original` has and `modified` has not is set to null. Changes, for each
  // key of `modified`: two objects, recurse (with `[...path, key]`) and keep a non-empty result; two lists, merge in
  // what `listPatch` returns; anything else, set the manifest's value when it differs from the live one (`deepEqual`).
  // Which of the three objects do deletions come from, and why not from the live one?
  todo("the three-way patch of an object");
  return withRetainKeys(kind, path, patch, modified, current);
}

/** The resource of a manifest's kind; kubectl would not have got past discovery without one. */
function resourceOf(object: KubeObject): ResourceInfo {
  const info = resourceForKind(object.apiVersion, object.kind);
  if (!info) throw new Error(`no matches for kind ${JSON.stringify(object.kind)} in version ${JSON.stringify(object.apiVersion)}`);
  return info;
}

/** A namespaced object without a namespace goes to the default one; kubectl writes it into the manifest it applies. */
function inNamespace(object: KubeObject, info: ResourceInfo, namespace: string): KubeObject {
  if (!info.namespaced || object.metadata.namespace) return object;
  return { ...object, metadata: { ...object.metadata, namespace } };
}

/**
 * Client-side `kubectl apply` of each object in turn: GET it; create it when absent; else send the three-way patch,
 * unless it is empty. Does NOT modify `objects`.
 * @returns one line per object, as kubectl prints them: `deployment.apps/web created|configured|unchanged`
 * @throws the client's error (an ApiError) when a request fails for another reason than a missing object, or when
 *   the patch still conflicts after MAX_PATCH_RETRY fresh GETs
 * @example await apply(client, parseManifests(text, "web.yaml").objects) // ["deployment.apps/web created"]
 */
export async function apply(client: ApplyClient, objects: readonly KubeObject[], options: ApplyOptions = {}): Promise<string[]> {
  const lines: string[] = [];
  for (const manifest of objects) {
    const info = resourceOf(manifest);
    const object = inNamespace(manifest, info, options.namespace ?? "default");
    const { name, namespace } = object.metadata;
    if (!name) throw new Error(`${printedName(object)}: cannot use generate name with apply`);
    const modified = withLastApplied(object);
    const printed = printedName(object);

    // TODO: (9) GET the object; a 404 (`codeOf(err) === 404`) means create `modified`: "created". Otherwise compute
    // `threeWayPatch(lastApplied(live), modified, live, info.kind)`: empty means "unchanged", else PATCH it:
    // "configured". A 409 on the PATCH: GET again and recompute, at most MAX_PATCH_RETRY times; other errors rethrow.
    todo("create, or patch with retries");
  }
  return lines;
}
