/**
 * Validation of the objects we serve, as the API server runs it on create and update: a JSON schema per kind
 * (`schemas/<kind>.json`, shared parts in `schemas/common.json`) for the structure, then the rules a schema cannot
 * express (name formats, selector-matches-template, unique container names, requests <= limits, ...).
 *
 * Follows a subset of pkg/apis/core/validation/validation.go (ValidateObjectMeta, ValidatePodSpec, ValidateService,
 * ValidateNode, ValidateConfigMap), pkg/apis/apps/validation/validation.go (ValidateDeploymentSpec,
 * ValidateReplicaSetSpec, ValidatePodTemplateSpecForReplicaSet, ValidateRollingUpdateDeployment) and
 * pkg/apis/networking/validation/validation.go (ingress paths and backends, network policy peers). Those files hold
 * the full rule set; rules not listed here (volumes, security contexts, IP families, update-only immutability, ...)
 * are deliberately left out. The namespace of a namespaced object is not required here: the API server fills it in
 * from the request path before it validates.
 */

import { readFileSync } from "node:fs";
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import { FieldError, GoStringer } from "./errors.ts";
import {
  LabelSelectorError,
  isDNS1035Label,
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  isValidLabelValue,
  labelSelectorAsSelector,
  matches,
  validateLabelSelector,
  validateLabels,
} from "./labels.ts";
import { QuantityError, compareQuantities, formatQuantity, parseQuantity } from "./quantity.ts";
import { RESOURCES, resourceForKind, type ResourceInfo } from "./resources.ts";

// ---- schemas: compiled once, on first use ----

let ajv: Ajv | undefined;
const validators = new Map<string, ValidateFunction>();

function loadSchema(file: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(`./schemas/${file}`, import.meta.url), "utf8")) as Record<string, unknown>;
}

/** The compiled schema of a kind (`Pod` -> schemas/pod.json). */
function validatorFor(kind: string): ValidateFunction {
  let validate = validators.get(kind);
  if (validate) return validate;
  if (!ajv) {
    ajv = new Ajv({ allErrors: true, verbose: true, allowUnionTypes: true });
    ajv.addFormat("quantity", { type: "string", validate: (s: string) => isQuantity(s) });
    ajv.addSchema(loadSchema("common.json"));
  }
  validate = ajv.compile(loadSchema(`${kind.toLowerCase()}.json`));
  validators.set(kind, validate);
  return validate;
}

function isQuantity(s: string): boolean {
  try {
    parseQuantity(s);
    return true;
  } catch {
    return false;
  }
}

// ---- ajv errors to field errors ----

/** Fields whose keys are data (label keys, resource names): their children print as `labels[app]`. */
const MAP_FIELDS = new Set(["labels", "annotations", "matchLabels", "nodeSelector", "limits", "requests", "capacity", "allocatable", "data", "binaryData"]);

/** `/spec/template/spec/containers/0/image` -> `spec.template.spec.containers[0].image` (field.Path's rendering). */
export function toFieldPath(instancePath: string, kind = ""): string {
  if (instancePath === "") return "";
  const segments = instancePath
    .slice(1)
    .split("/")
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
  let out = "";
  segments.forEach((seg, i) => {
    const parent = segments[i - 1];
    const inMap =
      parent !== undefined &&
      (MAP_FIELDS.has(parent) || (kind === "Service" && i === 2 && segments[0] === "spec" && parent === "selector"));
    if (inMap || (/^\d+$/.test(seg) && i > 0)) out += `[${seg}]`;
    else out += out ? `.${seg}` : seg;
  });
  return out;
}

const join = (path: string, child: string): string => (path ? `${path}.${child}` : child);

function fromAjv(e: ErrorObject, kind: string): FieldError {
  const path = toFieldPath(e.instancePath, kind);
  const parent = (e.parentSchema ?? {}) as Record<string, unknown>;
  switch (e.keyword) {
    case "required":
      return FieldError.required(join(path, (e.params as { missingProperty: string }).missingProperty));
    case "enum":
      return FieldError.notSupported(path, e.data, (e.params as { allowedValues: string[] }).allowedValues);
    case "type":
      return FieldError.typeInvalid(path, e.data, `must be of type ${String((e.params as { type: unknown }).type)}`);
    case "minimum":
    case "maximum":
      if (typeof parent["minimum"] === "number" && typeof parent["maximum"] === "number") {
        return FieldError.invalid(path, e.data, `must be between ${parent["minimum"]} and ${parent["maximum"]}, inclusive`);
      }
      return FieldError.invalid(
        path,
        e.data,
        e.keyword === "minimum" ? `must be greater than or equal to ${parent["minimum"]}` : `must be less than or equal to ${parent["maximum"]}`,
      );
    case "exclusiveMinimum":
      return FieldError.invalid(path, e.data, `must be greater than ${parent["exclusiveMinimum"]}`);
    case "minLength":
      return FieldError.required(path);
    case "minItems":
      return parent["minItems"] === 1 ? FieldError.required(path) : FieldError.invalid(path, e.data, `must have at least ${parent["minItems"]} items`);
    case "maxItems":
      return FieldError.tooMany(path, Array.isArray(e.data) ? e.data.length : 0, parent["maxItems"] as number);
    case "maxLength":
      return FieldError.tooLong(path, e.data, parent["maxLength"] as number);
    case "format":
      try {
        parseQuantity(String(e.data));
      } catch (err) {
        if (err instanceof QuantityError) return FieldError.invalid(path, e.data, err.reason);
      }
      return FieldError.invalid(path, e.data, e.message ?? "invalid format");
    default:
      return FieldError.invalid(path, e.data, e.message ?? e.keyword);
  }
}

// ---- the rules a schema cannot express ----

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const obj = (v: unknown): Json => (isObj(v) ? v : {});
const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
const stringMap = (v: unknown): Record<string, string> | undefined =>
  isObj(v) && Object.values(v).every((x) => typeof x === "string") ? (v as Record<string, string>) : undefined;

const invalidEach = (path: string, value: unknown, msgs: string[]): FieldError[] => msgs.map((m) => FieldError.invalid(path, value, m));

/** Names per kind: Namespace a DNS-1123 label, Service a DNS-1035 label (ValidateServiceName), the rest a subdomain. */
function nameRule(kind: string): (name: string) => string[] {
  if (kind === "Namespace") return isDNS1123Label;
  if (kind === "Service") return isDNS1035Label;
  return isDNS1123Subdomain;
}

/** ValidateObjectMeta: name (generated or not) in the kind's format, namespace allowed only where it belongs, labels, annotation keys. */
function validateObjectMeta(meta: Json, info: ResourceInfo): FieldError[] {
  const errs: FieldError[] = [];
  const rule = nameRule(info.kind);
  const generateName = str(meta["generateName"]);
  if (generateName) {
    // A generated name gets a random suffix, so a trailing '-' is fine (maskTrailingDash).
    const masked = generateName.endsWith("-") && generateName.length > 1 ? `${generateName.slice(0, -1)}a` : generateName;
    errs.push(...invalidEach("metadata.generateName", generateName, rule(masked)));
  }
  const name = str(meta["name"]);
  if (!name) errs.push(FieldError.required("metadata.name", "name or generateName is required"));
  else errs.push(...invalidEach("metadata.name", name, rule(name)));
  const namespace = str(meta["namespace"]);
  if (!info.namespaced && namespace) errs.push(FieldError.forbidden("metadata.namespace", "not allowed on this type"));
  else if (namespace) errs.push(...invalidEach("metadata.namespace", namespace, isDNS1123Label(namespace)));
  errs.push(...validateLabels(stringMap(meta["labels"]), "metadata.labels"));
  for (const key of Object.keys(obj(meta["annotations"]))) {
    errs.push(...invalidEach("metadata.annotations", key, isQualifiedName(key.toLowerCase())));
  }
  return errs;
}

/** IsValidPortName (IANA_SVC_NAME): at most 15 of [-a-z0-9], a letter, no leading/trailing or double hyphen. */
export function isValidPortName(port: string): string[] {
  const errs: string[] = [];
  if (port.length > 15) errs.push("must be no more than 15 characters");
  if (!/^[-a-z0-9]+$/.test(port)) errs.push("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
  if (!/[a-z]/.test(port)) errs.push("must contain at least one letter (a-z)");
  if (port.includes("--")) errs.push("must not contain consecutive hyphens");
  if (port.startsWith("-") || port.endsWith("-")) errs.push("must not begin or end with a hyphen");
  return errs;
}

/** ValidatePortNumOrName: a port number 1-65535 or an IANA service name. */
function validatePortNumOrName(value: unknown, path: string): FieldError[] {
  if (typeof value === "number") return value >= 1 && value <= 65535 ? [] : [FieldError.invalid(path, value, "must be between 1 and 65535, inclusive")];
  if (typeof value === "string") return invalidEach(path, value, isValidPortName(value));
  return [];
}

function validateResources(resources: Json, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const parsed = (list: unknown): Map<string, ReturnType<typeof parseQuantity>> => {
    const out = new Map<string, ReturnType<typeof parseQuantity>>();
    for (const [name, v] of Object.entries(obj(list))) {
      if ((typeof v === "string" || typeof v === "number") && isQuantity(String(v))) out.set(name, parseQuantity(String(v)));
    }
    return out;
  };
  const limits = parsed(resources["limits"]);
  const requests = parsed(resources["requests"]);
  for (const [name, q] of limits) {
    if (q.nanos < 0n) errs.push(FieldError.invalid(`${path}.limits[${name}]`, formatQuantity(q), "must be greater than or equal to 0"));
  }
  for (const [name, q] of requests) {
    if (q.nanos < 0n) errs.push(FieldError.invalid(`${path}.requests[${name}]`, formatQuantity(q), "must be greater than or equal to 0"));
    const limit = limits.get(name);
    if (limit && compareQuantities(q, limit) > 0) {
      errs.push(FieldError.invalid(`${path}.requests`, formatQuantity(q), `must be less than or equal to ${name} limit of ${formatQuantity(limit)}`));
    }
  }
  return errs;
}

function validateProbe(probe: unknown, path: string, mustSucceedOnce: boolean): FieldError[] {
  if (!isObj(probe)) return [];
  const errs: FieldError[] = [];
  const handlers = ["exec", "httpGet", "tcpSocket", "grpc"].filter((h) => probe[h] !== undefined);
  if (handlers.length === 0) errs.push(FieldError.required(path, "must specify a handler type"));
  for (const extra of handlers.slice(1)) errs.push(FieldError.forbidden(`${path}.${extra}`, "may not specify more than 1 handler type"));
  for (const h of ["httpGet", "tcpSocket"]) {
    if (isObj(probe[h])) errs.push(...validatePortNumOrName(probe[h]["port"], `${path}.${h}.port`));
  }
  const success = probe["successThreshold"];
  if (mustSucceedOnce && typeof success === "number" && success !== 1) errs.push(FieldError.invalid(`${path}.successThreshold`, success, "must be 1"));
  return errs;
}

/** The parts of ValidatePodSpec we keep: container names (format, unique), port names, resources, probes, nodeSelector. */
function validatePodSpec(spec: Json, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  for (const [field, isInit] of [["initContainers", true], ["containers", false]] as const) {
    arr(spec[field]).forEach((c, i) => {
      if (!isObj(c)) return;
      const cPath = `${path}.${field}[${i}]`;
      const name = str(c["name"]);
      if (name) {
        errs.push(...invalidEach(`${cPath}.name`, name, isDNS1123Label(name)));
        if (names.has(name)) errs.push(FieldError.duplicate(`${cPath}.name`, name));
        names.add(name);
      }
      arr(c["ports"]).forEach((p, j) => {
        const portName = str(obj(p)["name"]);
        if (portName) errs.push(...invalidEach(`${cPath}.ports[${j}].name`, portName, isValidPortName(portName)));
      });
      errs.push(...validateResources(obj(c["resources"]), `${cPath}.resources`));
      if (!isInit) {
        errs.push(...validateProbe(c["livenessProbe"], `${cPath}.livenessProbe`, true));
        errs.push(...validateProbe(c["readinessProbe"], `${cPath}.readinessProbe`, false));
        errs.push(...validateProbe(c["startupProbe"], `${cPath}.startupProbe`, true));
      }
    });
  }
  errs.push(...validateLabels(stringMap(spec["nodeSelector"]), `${path}.nodeSelector`));
  return errs;
}

/** An IntOrString as Go prints it in a field error (through its String method: `25%`, `0`). */
const intOrString = (v: unknown): GoStringer => new GoStringer(String(v));

/** getIntOrPercentValue: the number, or the percentage of a `N%` string. */
const intOrPercentValue = (v: unknown): number | undefined =>
  typeof v === "number" ? v : typeof v === "string" && /^[0-9]+%$/.test(v) ? Number(v.slice(0, -1)) : undefined;

function validatePositiveIntOrPercent(v: unknown, path: string): FieldError[] {
  if (typeof v === "string" && !/^[0-9]+%$/.test(v)) {
    return [
      FieldError.invalid(path, intOrString(v), "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')"),
    ];
  }
  if (typeof v === "number" && v < 0) return [FieldError.invalid(path, v, "must be greater than or equal to 0")];
  return [];
}

/** ValidateDeploymentStrategy and ValidateRollingUpdateDeployment (absent fields are left to defaulting). */
function validateStrategy(strategy: Json, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const rolling = strategy["rollingUpdate"];
  if (strategy["type"] === "Recreate" && rolling !== undefined) {
    errs.push(FieldError.forbidden(`${path}.rollingUpdate`, "may not be specified when strategy `type` is 'Recreate'"));
  }
  if (strategy["type"] !== "Recreate" && isObj(rolling)) {
    const rPath = `${path}.rollingUpdate`;
    const { maxUnavailable, maxSurge } = rolling;
    errs.push(...validatePositiveIntOrPercent(maxUnavailable, `${rPath}.maxUnavailable`));
    errs.push(...validatePositiveIntOrPercent(maxSurge, `${rPath}.maxSurge`));
    // Absent values default to 25%, so only explicit zeros can make both zero.
    if (intOrPercentValue(maxUnavailable) === 0 && intOrPercentValue(maxSurge) === 0) {
      errs.push(FieldError.invalid(`${rPath}.maxUnavailable`, intOrString(maxUnavailable), "may not be 0 when `maxSurge` is 0"));
    }
    if (typeof maxUnavailable === "string" && (intOrPercentValue(maxUnavailable) ?? 0) > 100) {
      errs.push(FieldError.invalid(`${rPath}.maxUnavailable`, intOrString(maxUnavailable), "must not be greater than 100%"));
    }
  }
  return errs;
}

/** ValidateReplicaSetSpec / ValidateDeploymentSpec: selector present, non-empty, valid, matching the template's labels. */
function validateWorkloadSpec(spec: Json, kind: string): FieldError[] {
  const errs: FieldError[] = [];
  const selector = spec["selector"];
  if (isObj(selector)) {
    errs.push(...validateLabelSelector(selector, "spec.selector"));
    if (Object.keys(obj(selector["matchLabels"])).length + arr(selector["matchExpressions"]).length === 0) {
      // The value as Go's %#v prints the (empty) selector it decoded.
      const shown = new GoStringer("&v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}");
      errs.push(FieldError.invalid("spec.selector", shown, "empty selector is invalid for deployment"));
    }
  }
  const template = spec["template"];
  if (isObj(selector) && isObj(template)) {
    const templateLabels = stringMap(obj(template["metadata"])["labels"]);
    try {
      const parsed = labelSelectorAsSelector(selector);
      if (parsed !== null && parsed.length > 0 && !matches(parsed, templateLabels)) {
        const shown = templateLabels ?? new GoStringer("map[string]string(nil)");
        errs.push(FieldError.invalid("spec.template.metadata.labels", shown, "`selector` does not match template `labels`"));
      }
    } catch (e) {
      if (!(e instanceof LabelSelectorError)) throw e;
      errs.push(FieldError.invalid("spec.selector", selector, "invalid label selector"));
    }
  }
  if (isObj(template)) {
    errs.push(...validateLabels(stringMap(obj(template["metadata"])["labels"]), "spec.template.metadata.labels"));
    const podSpec = obj(template["spec"]);
    errs.push(...validatePodSpec(podSpec, "spec.template.spec"));
    const restartPolicy = podSpec["restartPolicy"];
    if (restartPolicy !== undefined && restartPolicy !== "Always") {
      errs.push(FieldError.notSupported("spec.template.spec.restartPolicy", restartPolicy, ["Always"]));
    }
    if (podSpec["activeDeadlineSeconds"] !== undefined) {
      errs.push(FieldError.forbidden("spec.template.spec.activeDeadlineSeconds", "activeDeadlineSeconds in ReplicaSet is not Supported"));
    }
  }
  if (kind === "Deployment") {
    errs.push(...validateStrategy(obj(spec["strategy"]), "spec.strategy"));
    const deadline = spec["progressDeadlineSeconds"];
    const minReady = typeof spec["minReadySeconds"] === "number" ? spec["minReadySeconds"] : 0;
    if (typeof deadline === "number" && deadline <= minReady) {
      errs.push(FieldError.invalid("spec.progressDeadlineSeconds", deadline, "must be greater than minReadySeconds"));
    }
  }
  return errs;
}

/** The parts of ValidateService we keep: ports required, names required/unique/valid, targetPort, nodePort by type, selector labels. */
function validateServiceSpec(spec: Json): FieldError[] {
  const errs: FieldError[] = [];
  const ports = arr(spec["ports"]);
  const type = str(spec["type"]) ?? "ClusterIP";
  if (ports.length === 0 && type !== "ExternalName" && spec["clusterIP"] !== "None") errs.push(FieldError.required("spec.ports"));
  const names = new Set<string>();
  ports.forEach((p, i) => {
    const port = obj(p);
    const pPath = `spec.ports[${i}]`;
    const name = str(port["name"]) ?? "";
    if (ports.length > 1 && name === "") errs.push(FieldError.required(`${pPath}.name`));
    else if (name !== "") {
      errs.push(...invalidEach(`${pPath}.name`, name, isDNS1123Label(name)));
      if (names.has(name)) errs.push(FieldError.duplicate(`${pPath}.name`, name));
      names.add(name);
    }
    if (port["targetPort"] !== undefined && port["targetPort"] !== 0) errs.push(...validatePortNumOrName(port["targetPort"], `${pPath}.targetPort`));
    if (type === "ClusterIP" && typeof port["nodePort"] === "number" && port["nodePort"] !== 0) {
      errs.push(FieldError.forbidden(`${pPath}.nodePort`, "may not be used when `type` is 'ClusterIP'"));
    }
  });
  errs.push(...validateLabels(stringMap(spec["selector"]), "spec.selector"));
  return errs;
}

/** validateNodeTaints: keys are qualified names, values label values. */
function validateNodeSpec(spec: Json): FieldError[] {
  const errs: FieldError[] = [];
  arr(spec["taints"]).forEach((t, i) => {
    const taint = obj(t);
    const key = str(taint["key"]);
    if (key !== undefined) errs.push(...invalidEach(`spec.taints[${i}].key`, key, isQualifiedName(key)));
    const value = str(taint["value"]);
    if (value !== undefined) errs.push(...invalidEach(`spec.taints[${i}].value`, value, isValidLabelValue(value)));
  });
  return errs;
}

/** IsConfigMapKey on every key of data and binaryData, and no key in both (ValidateConfigMap). */
function validateConfigMap(o: Json): FieldError[] {
  const errs: FieldError[] = [];
  const keyMsgs = (k: string): string[] => {
    const msgs: string[] = [];
    if (k.length > 253) msgs.push("must be no more than 253 characters");
    if (!/^[-._a-zA-Z0-9]+$/.test(k)) {
      msgs.push("a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')");
    }
    if (k === ".") msgs.push("must not be '.'");
    else if (k === "..") msgs.push("must not be '..'");
    else if (k.startsWith("..")) msgs.push("must not start with '..'");
    return msgs;
  };
  const data = Object.keys(obj(o["data"]));
  for (const k of data) errs.push(...invalidEach(`data[${k}]`, k, keyMsgs(k)));
  for (const k of Object.keys(obj(o["binaryData"]))) {
    errs.push(...invalidEach(`binaryData[${k}]`, k, keyMsgs(k)));
    if (data.includes(k)) errs.push(FieldError.invalid("data", k, "duplicate of key present in binaryData"));
  }
  return errs;
}

function validateIngressBackend(backend: unknown, path: string): FieldError[] {
  if (!isObj(backend)) return [];
  const service = backend["service"];
  if (service !== undefined && backend["resource"] !== undefined) return [FieldError.invalid(path, backend, "cannot set both service and resource backends")];
  if (!isObj(service)) return [];
  const port = obj(service["port"]);
  const name = str(port["name"]) ?? "";
  const number = typeof port["number"] === "number" ? port["number"] : 0;
  if (name && number) return [FieldError.invalid(`${path}.service.port`, port, "cannot set both port name & port number")];
  if (name) return invalidEach(`${path}.service.port.name`, name, isValidPortName(name));
  if (number) return [];
  return [FieldError.required(`${path}.service.port`, "port name or number is required")];
}

/** Ingress rules: host a DNS subdomain (wildcards `*.` allowed), paths absolute for Exact/Prefix, pathType required, backends. */
function validateIngressSpec(spec: Json): FieldError[] {
  const errs: FieldError[] = validateIngressBackend(spec["defaultBackend"], "spec.defaultBackend");
  arr(spec["rules"]).forEach((r, i) => {
    const rule = obj(r);
    const rPath = `spec.rules[${i}]`;
    const host = str(rule["host"]);
    if (host) errs.push(...invalidEach(`${rPath}.host`, host, isDNS1123Subdomain(host.startsWith("*.") ? host.slice(2) : host)));
    arr(obj(rule["http"])["paths"]).forEach((p, j) => {
      const path = obj(p);
      const pPath = `${rPath}.http.paths[${j}]`;
      const pathType = path["pathType"];
      const value = str(path["path"]) ?? "";
      if (pathType === undefined) errs.push(FieldError.required(`${pPath}.pathType`, "pathType must be specified"));
      else if (pathType === "Exact" || pathType === "Prefix") {
        if (!value.startsWith("/")) errs.push(FieldError.invalid(`${pPath}.path`, value, "must be an absolute path"));
      } else if (pathType === "ImplementationSpecific") {
        if (value && !value.startsWith("/")) errs.push(FieldError.invalid(`${pPath}.path`, value, "must be an absolute path"));
      } else errs.push(FieldError.notSupported(`${pPath}.pathType`, pathType, ["Exact", "ImplementationSpecific", "Prefix"]));
      errs.push(...validateIngressBackend(path["backend"], `${pPath}.backend`));
    });
  });
  return errs;
}

/** ValidateNetworkPolicySpec: selectors valid, each peer names one kind of peer (ipBlock alone). */
function validateNetworkPolicySpec(spec: Json): FieldError[] {
  const errs = validateLabelSelector(obj(spec["podSelector"]), "spec.podSelector");
  for (const [dir, peersField] of [["ingress", "from"], ["egress", "to"]] as const) {
    arr(spec[dir]).forEach((rule, i) => {
      arr(obj(rule)[peersField]).forEach((p, j) => {
        const peer = obj(p);
        const path = `spec.${dir}[${i}].${peersField}[${j}]`;
        const kinds = ["podSelector", "namespaceSelector", "ipBlock"].filter((k) => peer[k] !== undefined);
        if (kinds.length === 0) errs.push(FieldError.required(path, "must specify a peer"));
        else if (kinds.length > 1 && peer["ipBlock"] !== undefined) errs.push(FieldError.forbidden(path, "may not specify both ipBlock and another peer"));
        for (const sel of ["podSelector", "namespaceSelector"]) {
          if (isObj(peer[sel])) errs.push(...validateLabelSelector(peer[sel], `${path}.${sel}`));
        }
      });
    });
  }
  return errs;
}

function validateKind(kind: string, o: Json): FieldError[] {
  const spec = obj(o["spec"]);
  switch (kind) {
    case "Pod":
      return validatePodSpec(spec, "spec");
    case "Deployment":
    case "ReplicaSet":
      return validateWorkloadSpec(spec, kind);
    case "Service":
      return validateServiceSpec(spec);
    case "Node":
      return validateNodeSpec(spec);
    case "ConfigMap":
      return validateConfigMap(o);
    case "Ingress":
      return validateIngressSpec(spec);
    case "NetworkPolicy":
      return validateNetworkPolicySpec(spec);
    default:
      return [];
  }
}

/**
 * Validates an object of one of the kinds we serve (by its apiVersion and kind). Returns the field errors in the
 * order metadata, structure, semantic rules, each message once; [] when the object is valid. An unknown
 * apiVersion/kind is itself an error (`kind: Unsupported value`).
 * @example validateObject({ apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "web" }, spec: { replicas: -1, ... } })
 * // [FieldError "spec.replicas: Invalid value: -1: must be greater than or equal to 0"]
 */
export function validateObject(object: unknown): FieldError[] {
  if (!isObj(object)) return [FieldError.typeInvalid("", object, "must be of type object")];
  const apiVersion = str(object["apiVersion"]);
  const kind = str(object["kind"]);
  if (!kind) return [FieldError.required("kind")];
  if (!apiVersion) return [FieldError.required("apiVersion")];
  const info = resourceForKind(apiVersion, kind);
  if (!info) {
    return [FieldError.notSupported("kind", `${apiVersion}, Kind=${kind}`, RESOURCES.map((r) => `${r.group ? `${r.group}/` : ""}${r.version}, Kind=${r.kind}`))];
  }
  const errs: FieldError[] = [...validateObjectMeta(obj(object["metadata"]), info)];
  const validate = validatorFor(info.kind);
  if (!validate(object)) errs.push(...(validate.errors ?? []).map((e) => fromAjv(e, info.kind)));
  errs.push(...validateKind(info.kind, object));
  const seen = new Set<string>();
  return errs.filter((e) => !seen.has(e.message) && Boolean(seen.add(e.message)));
}
