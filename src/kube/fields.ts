/**
 * Field selectors (`?fieldSelector=spec.nodeName=node-1,status.phase!=Running`): parsing, the canonical string, and
 * matching against the fields each resource makes selectable.
 *
 * Follows apimachinery pkg/fields/selector.go (splitting on unescaped commas, the `!=`/`==`/`=` operators, `\,` `\=`
 * `\\` escapes, terms sorted) and, for which fields a resource supports, the field label conversion functions
 * (pkg/apis/core/v1/conversion.go, pkg/apis/apps/v1/conversion.go; runtime.DefaultMetaV1FieldSelectorConversion for
 * the rest) with the values of pkg/registry/<group>/<resource>/strategy.go `ToSelectableFields`.
 */

import { resourceFor } from "./resources.ts";

export type FieldOperator = "=" | "==" | "!=";

/** One term: `field=value` (also written `==`) or `field!=value`. */
export interface FieldRequirement {
  readonly field: string;
  readonly operator: FieldOperator;
  readonly value: string;
}

/** The AND of its terms; `[]` selects everything. */
export type FieldSelector = readonly FieldRequirement[];

/** A field selector that does not parse, or names a field the resource does not support. Message as upstream's. */
export class FieldSelectorError extends Error {
  override name = "FieldSelectorError";
}

/** Splits on commas not escaped with a backslash; the backslash stays in the term (splitTerms). */
function splitTerms(s: string): string[] {
  if (s.length === 0) return [];
  const terms: string[] = [];
  let start = 0;
  let inSlash = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (inSlash) inSlash = false;
    else if (c === "\\") inSlash = true;
    else if (c === ",") {
      terms.push(s.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(s.slice(start));
  return terms;
}

/** The first operator in the term, trying `!=`, then `==`, then `=` at each position (splitTerm). */
function splitTerm(term: string): [string, FieldOperator, string] | undefined {
  for (let i = 0; i < term.length; i++) {
    for (const op of ["!=", "==", "="] as const) {
      if (term.startsWith(op, i)) return [term.slice(0, i), op, term.slice(i + op.length)];
    }
  }
  return undefined;
}

/** UnescapeValue: `\\` `\,` `\=` become the character; any other escape, or a bare `,` or `=`, is an error. */
function unescapeValue(s: string): string {
  let out = "";
  let inSlash = false;
  for (const c of s) {
    if (inSlash) {
      if (c !== "\\" && c !== "," && c !== "=") {
        throw new FieldSelectorError(`invalid field selector: invalid escape sequence: \\${c}`);
      }
      out += c;
      inSlash = false;
    } else if (c === "\\") inSlash = true;
    else if (c === "," || c === "=") {
      // Upstream prints the rune's number here (%v of a rune); the character itself is clearer.
      throw new FieldSelectorError(`invalid field selector: unescaped character in value: '${c}'`);
    } else out += c;
  }
  if (inSlash) throw new FieldSelectorError("invalid field selector: invalid escape sequence: \\");
  return out;
}

/** EscapeValue: the inverse of unescaping, for printing a value back into a selector. */
export function escapeFieldValue(value: string): string {
  return value.replace(/[\\,=]/g, (c) => `\\${c}`);
}

/**
 * Parses a field selector (fields.ParseSelector). Terms are sorted as strings, empty terms skipped; "" selects
 * everything. Throws FieldSelectorError (`invalid selector: 'x'; can't understand 'x'`) on a term without an operator.
 * @example parseFieldSelector("spec.nodeName=node-1,status.phase!=Running")
 */
export function parseFieldSelector(selector: string): FieldRequirement[] {
  const parts = splitTerms(selector).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const out: FieldRequirement[] = [];
  for (const part of parts) {
    if (part === "") continue;
    const split = splitTerm(part);
    if (!split) throw new FieldSelectorError(`invalid selector: '${selector}'; can't understand '${part}'`);
    const [field, operator, raw] = split;
    out.push({ field, operator, value: unescapeValue(raw) });
  }
  return out;
}

/** The canonical string (andTerm.String): `field=value` or `field!=value` joined by ","; `==` prints as `=`. */
export function fieldSelectorToString(selector: FieldSelector): string {
  return selector.map((r) => `${r.field}${r.operator === "!=" ? "!=" : "="}${escapeFieldValue(r.value)}`).join(",");
}

/** Whether the terms hold for a set of field values; a field missing from the set has the value "". */
export function matchesFields(selector: FieldSelector, fields: Readonly<Record<string, string>>): boolean {
  return selector.every((r) => {
    const value = Object.hasOwn(fields, r.field) ? fields[r.field]! : "";
    return r.operator === "!=" ? value !== r.value : value === r.value;
  });
}

// ---- what each resource supports ----

/** Upstream's generic message, for resources without their own conversion function. */
const defaultMessage = (field: string): string =>
  `${JSON.stringify(field)} is not a known field selector: only "metadata.name", "metadata.namespace"`;
const notSupportedMessage = (field: string): string => `field label not supported: ${field}`;

interface FieldTable {
  /** The fields the resource's conversion function accepts. */
  readonly fields: readonly string[];
  /** Old names the conversion function maps to current ones (`spec.host` -> `spec.nodeName` for pods). */
  readonly aliases?: Readonly<Record<string, string>>;
  readonly message: (field: string) => string;
}

const META = ["metadata.name", "metadata.namespace"] as const;

/** Supported fields per resource (plural name). Resources not listed accept only metadata.name and metadata.namespace. */
export const SELECTABLE_FIELDS: Readonly<Record<string, FieldTable>> = {
  pods: {
    fields: [
      ...META,
      "spec.nodeName",
      "spec.restartPolicy",
      "spec.schedulerName",
      "spec.serviceAccountName",
      "spec.hostNetwork",
      "status.phase",
      "status.podIP",
      "status.nominatedNodeName",
    ],
    aliases: { "spec.host": "spec.nodeName" },
    message: notSupportedMessage,
  },
  nodes: { fields: ["metadata.name", "spec.unschedulable"], message: notSupportedMessage },
  namespaces: { fields: ["metadata.name", "status.phase"], message: notSupportedMessage },
  services: { fields: [...META, "spec.clusterIP", "spec.type"], message: notSupportedMessage },
  events: {
    fields: [
      ...META,
      "involvedObject.kind",
      "involvedObject.namespace",
      "involvedObject.name",
      "involvedObject.uid",
      "involvedObject.apiVersion",
      "involvedObject.resourceVersion",
      "involvedObject.fieldPath",
      "reason",
      "reportingComponent",
      "source",
      "type",
    ],
    message: notSupportedMessage,
  },
  replicasets: { fields: [...META, "status.replicas"], message: notSupportedMessage },
};

const DEFAULT_TABLE: FieldTable = { fields: META, message: defaultMessage };

/**
 * Checks every field of the selector against the resource's supported fields (the conversion step the API server
 * runs before listing) and returns the selector with old aliases renamed. Throws FieldSelectorError
 * (`field label not supported: spec.foo`) for an unsupported field.
 */
export function convertFieldSelector(resource: string, selector: FieldSelector): FieldRequirement[] {
  const table = SELECTABLE_FIELDS[resource] ?? DEFAULT_TABLE;
  return selector.map((r) => {
    const field = table.aliases?.[r.field] ?? r.field;
    if (!table.fields.includes(field)) throw new FieldSelectorError(table.message(r.field));
    return { ...r, field };
  });
}

// A loosely typed view of the objects: only the fields read below.
interface Obj {
  metadata?: { name?: string; namespace?: string };
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
  [key: string]: unknown;
}

const str = (v: unknown): string => (typeof v === "string" ? v : "");

/**
 * The field values an object exposes to selectors (upstream's ToSelectableFields for its resource): metadata.name
 * always, metadata.namespace for namespaced resources, and the resource's own fields.
 */
export function selectableFields(resource: string, object: object): Record<string, string> {
  const obj = object as Obj;
  const meta = obj.metadata ?? {};
  const spec = obj.spec ?? {};
  const status = obj.status ?? {};
  const fields: Record<string, string> = { "metadata.name": str(meta.name) };
  if (resourceFor(resource)?.namespaced !== false) fields["metadata.namespace"] = str(meta.namespace);
  switch (resource) {
    case "pods": {
      const podIPs = status["podIPs"] as { ip?: string }[] | undefined;
      Object.assign(fields, {
        "spec.nodeName": str(spec["nodeName"]),
        "spec.restartPolicy": str(spec["restartPolicy"]),
        "spec.schedulerName": str(spec["schedulerName"]),
        "spec.serviceAccountName": str(spec["serviceAccountName"]),
        "spec.hostNetwork": String(spec["hostNetwork"] === true),
        "status.phase": str(status["phase"]),
        "status.podIP": str(podIPs?.[0]?.ip ?? status["podIP"]),
        "status.nominatedNodeName": str(status["nominatedNodeName"]),
      });
      break;
    }
    case "nodes":
      fields["spec.unschedulable"] = String(spec["unschedulable"] === true);
      break;
    case "namespaces":
      fields["status.phase"] = str(status["phase"]);
      break;
    case "services":
      fields["spec.clusterIP"] = str(spec["clusterIP"]);
      fields["spec.type"] = str(spec["type"]);
      break;
    case "replicasets":
      fields["status.replicas"] = String(typeof status["replicas"] === "number" ? status["replicas"] : 0);
      break;
    case "events": {
      const involved = (obj["involvedObject"] ?? {}) as Record<string, unknown>;
      for (const k of ["kind", "namespace", "name", "uid", "apiVersion", "resourceVersion", "fieldPath"]) {
        fields[`involvedObject.${k}`] = str(involved[k]);
      }
      const source = (obj["source"] ?? {}) as Record<string, unknown>;
      fields["reason"] = str(obj["reason"]);
      fields["reportingComponent"] = str(obj["reportingComponent"]);
      fields["source"] = str(source["component"]) || str(obj["reportingComponent"]);
      fields["type"] = str(obj["type"]);
      break;
    }
  }
  return fields;
}

/**
 * Whether an object of `resource` is selected: converts the selector (throwing FieldSelectorError for an unsupported
 * field), then matches it against the object's selectable fields.
 * @example fieldSelectorMatches("pods", parseFieldSelector("spec.nodeName=node-1"), pod)
 */
export function fieldSelectorMatches(resource: string, selector: FieldSelector, obj: object): boolean {
  return matchesFields(convertFieldSelector(resource, selector), selectableFields(resource, obj));
}
