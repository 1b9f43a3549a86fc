/**
 * Kubernetes' protobuf wire format, the decoding half: kubectl's typed clients (`kubectl create deployment`,
 * `create namespace`, `create configmap`, `run`, `expose`) send their bodies as `application/vnd.kubernetes.protobuf`.
 *
 * A body is the 4-byte magic `k8s\0`, then a runtime.Unknown message (typeMeta, raw, contentEncoding, contentType)
 * whose `raw` is the object encoded with the field numbers of the generated.proto files of k8s.io/api and
 * k8s.io/apimachinery (staging/src/k8s.io/apimachinery/pkg/runtime/serializer/protobuf/protobuf.go). The field table
 * (protobuf-fields.json) gives those numbers for the kinds we serve, transcribed from the generated.proto files of
 * k8s.io/api core/v1 and apps/v1 and of apimachinery's meta/v1, runtime, intstr and resource (numbers are never reused,
 * so a newer file's numbers hold for v1.32; the few fields added since are harmless here).
 *
 * The result is the object as its JSON would be. Go's generated marshallers write every non-pointer field, zero or
 * not, where JSON leaves zero values out (`omitempty`): zero values are dropped here, except in the pointer fields a
 * client sets to zero on purpose (`replicas: 0`, `terminationGracePeriodSeconds: 0`; POINTER_FIELDS). Special
 * messages become their JSON forms: Quantity a string, IntOrString a number or a string, Time an RFC 3339 time,
 * RawExtension and FieldsV1 their JSON. A field the table does not know is a 415 that names it, never dropped silently.
 */
import { ApiError, badRequest } from "#kube";
import FIELDS from "./protobuf-fields.json" with { type: "json" };

export const PROTOBUF = "application/vnd.kubernetes.protobuf";
const MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

interface FieldSpec {
  name: string;
  type: string;
  repeated?: boolean;
  map?: [string, string];
  /** A Go struct embedded with `json:",inline"`: its fields sit in the parent's JSON (a probe's httpGet). */
  inline?: boolean;
}
const TABLE = FIELDS as unknown as Record<string, Record<string, FieldSpec>>;

/** Pointer fields (`*int32`, `*bool`, ...) whose zero value means something and stays. */
const POINTER_FIELDS = new Set([
  "apps.DeploymentSpec.replicas", "apps.DeploymentSpec.revisionHistoryLimit", "apps.DeploymentSpec.progressDeadlineSeconds",
  "apps.ReplicaSetSpec.replicas",
  "core.PodSpec.terminationGracePeriodSeconds", "core.PodSpec.activeDeadlineSeconds", "core.PodSpec.automountServiceAccountToken",
  "core.PodSpec.enableServiceLinks", "core.PodSpec.shareProcessNamespace", "core.PodSpec.priority", "core.PodSpec.hostUsers",
  "core.PodSpec.setHostnameAsFQDN",
  "core.Toleration.tolerationSeconds",
  "core.ConfigMap.immutable", "core.Secret.immutable",
  "core.SecurityContext.privileged", "core.SecurityContext.runAsUser", "core.SecurityContext.runAsGroup",
  "core.SecurityContext.runAsNonRoot", "core.SecurityContext.readOnlyRootFilesystem", "core.SecurityContext.allowPrivilegeEscalation",
  "core.PodSecurityContext.runAsUser", "core.PodSecurityContext.runAsGroup", "core.PodSecurityContext.runAsNonRoot",
  "core.PodSecurityContext.fsGroup",
  "core.ServiceSpec.allocateLoadBalancerNodePorts",
  "core.ConfigMapVolumeSource.defaultMode", "core.SecretVolumeSource.defaultMode", "core.KeyToPath.mode",
  "core.ConfigMapKeySelector.optional", "core.SecretKeySelector.optional", "core.ConfigMapEnvSource.optional", "core.SecretEnvSource.optional",
  "core.ConfigMapVolumeSource.optional", "core.SecretVolumeSource.optional",
  "core.Probe.terminationGracePeriodSeconds",
]);

/** The proto package of an apiVersion: `v1` -> core, `apps/v1` -> apps. */
const PACKAGES: Readonly<Record<string, string>> = { v1: "core", "apps/v1": "apps" };

const malformed = (what: string): ApiError => badRequest(`the protobuf body is malformed: ${what}`);
const unsupported = (what: string): ApiError =>
  new ApiError(415, "UnsupportedMediaType", `${what}: this server decodes protobuf bodies only for the kinds and fields it serves; send the object as JSON (application/json) instead`);

/** A protobuf reader over one message's bytes. */
class Reader {
  pos = 0;
  constructor(readonly buf: Buffer) {}
  get done(): boolean {
    return this.pos >= this.buf.length;
  }
  varint(): bigint {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      if (this.pos >= this.buf.length) throw malformed("a varint runs past the end");
      const byte = this.buf[this.pos++]!;
      result |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return result;
      shift += 7n;
    }
  }
  bytes(): Buffer {
    const n = Number(this.varint());
    if (this.pos + n > this.buf.length) throw malformed("a field runs past the end");
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
}

/** The fields of one message, by number: each value once, or every value of a repeated field in order. */
function fields(buf: Buffer): Map<number, { wire: number; value: bigint | Buffer | number }[]> {
  const r = new Reader(buf);
  const out = new Map<number, { wire: number; value: bigint | Buffer | number }[]>();
  while (!r.done) {
    const tag = Number(r.varint());
    const [field, wire] = [tag >>> 3, tag & 7];
    let value: bigint | Buffer | number;
    if (wire === 0) value = r.varint();
    else if (wire === 2) value = r.bytes();
    else if (wire === 1 || wire === 5) {
      const size = wire === 1 ? 8 : 4;
      if (r.pos + size > buf.length) throw malformed("a field runs past the end");
      value = wire === 1 ? buf.readDoubleLE(r.pos) : buf.readFloatLE(r.pos);
      r.pos += size;
    }
    else throw malformed(`wire type ${wire}`);
    const list = out.get(field) ?? [];
    list.push({ wire, value });
    out.set(field, list);
  }
  return out;
}

const isZero = (v: unknown): boolean =>
  v === undefined || v === null || v === "" || v === 0 || v === false ||
  (Array.isArray(v) && v.length === 0) || (typeof v === "object" && v !== null && !Array.isArray(v) && Object.keys(v).length === 0);

/** One scalar of `type` from its wire value. */
function scalar(type: string, value: bigint | Buffer | number, where: string): unknown {
  switch (type) {
    case "string":
      return (value as Buffer).toString("utf8");
    case "bytes":
      return (value as Buffer).toString("base64");
    case "bool":
      return value !== 0n;
    case "int32":
    case "int64":
      return Number(BigInt.asIntN(64, value as bigint));
    case "double":
    case "float":
      return value as number;
    default:
      return decodeMessage(type, value as Buffer, where);
  }
}

/** Go's time.Time as Kubernetes' JSON writes it: RFC 3339, whole seconds for Time, microseconds for MicroTime. */
function time(buf: Buffer, micro: boolean): string | null {
  const f = fields(buf);
  const seconds = Number(BigInt.asIntN(64, (f.get(1)?.[0]?.value as bigint | undefined) ?? 0n));
  const nanos = Number((f.get(2)?.[0]?.value as bigint | undefined) ?? 0n);
  if (seconds === 0 && nanos === 0) return null; // the zero time: JSON null
  const iso = new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, "");
  return micro ? `${iso}.${String(Math.floor(nanos / 1000)).padStart(6, "0")}Z` : `${iso}Z`;
}

/** Decodes a message of `type` ("core.PodSpec") into its JSON form. */
function decodeMessage(type: string, buf: Buffer, where = type): unknown {
  switch (type) {
    case "resource.Quantity":
      return (fields(buf).get(1)?.[0]?.value as Buffer | undefined)?.toString("utf8") ?? "0";
    case "intstr.IntOrString": {
      const f = fields(buf);
      const isString = (f.get(1)?.[0]?.value as bigint | undefined) === 1n;
      return isString ? ((f.get(3)?.[0]?.value as Buffer | undefined)?.toString("utf8") ?? "") : Number(BigInt.asIntN(32, (f.get(2)?.[0]?.value as bigint | undefined) ?? 0n));
    }
    case "meta.Time":
      return time(buf, false);
    case "meta.MicroTime":
      return time(buf, true);
    case "runtime.RawExtension":
    case "meta.FieldsV1": {
      const raw = fields(buf).get(1)?.[0]?.value as Buffer | undefined;
      return raw && raw.length ? (JSON.parse(raw.toString("utf8")) as unknown) : undefined;
    }
  }
  const spec = TABLE[type];
  if (!spec) throw unsupported(`${where}: no protobuf table for ${type}`);
  const out: Record<string, unknown> = {};
  for (const [number, values] of fields(buf)) {
    const field = spec[String(number)];
    if (!field) throw unsupported(`${where}: field ${number} of ${type} is not known here`);
    const at = `${where}.${field.name}`;
    let value: unknown;
    if (field.map) {
      const [, valueType] = field.map;
      const entries = values.map(({ value: entry }) => {
        const e = fields(entry as Buffer);
        const key = (e.get(1)?.[0]?.value as Buffer | undefined)?.toString("utf8") ?? "";
        const v = e.get(2)?.[0];
        return [key, v ? scalar(valueType, v.value, `${at}[${key}]`) : valueType === "string" ? "" : undefined] as const;
      });
      value = Object.fromEntries(entries);
    } else if (field.repeated) {
      value = values.flatMap(({ wire, value: v }) => {
        // A packed repeated scalar comes as one length-delimited run of varints.
        if (wire === 2 && (field.type === "int32" || field.type === "int64" || field.type === "bool")) {
          const r = new Reader(v as Buffer);
          const items: unknown[] = [];
          while (!r.done) items.push(scalar(field.type, r.varint(), at));
          return items;
        }
        return [scalar(field.type, v, at)];
      });
    } else {
      value = scalar(field.type, values.at(-1)!.value, at);
    }
    if (isZero(value) && !(POINTER_FIELDS.has(`${type}.${field.name}`) && value !== undefined && value !== null)) continue;
    if (field.inline) Object.assign(out, value);
    else out[field.name] = value;
  }
  return out;
}

/**
 * A request body in Kubernetes' protobuf encoding, as the object's JSON form with its apiVersion and kind.
 * @throws ApiError 400 without the magic prefix, 415 for a kind or field the table does not know
 */
export function decodeProtobuf(body: Buffer): Record<string, unknown> {
  if (body.length < 4 || !body.subarray(0, 4).equals(MAGIC)) throw badRequest("the protobuf body does not start with the k8s\\0 prefix");
  const unknown = fields(body.subarray(4));
  const typeMeta = fields((unknown.get(1)?.[0]?.value as Buffer | undefined) ?? Buffer.alloc(0));
  const apiVersion = (typeMeta.get(1)?.[0]?.value as Buffer | undefined)?.toString("utf8") ?? "";
  const kind = (typeMeta.get(2)?.[0]?.value as Buffer | undefined)?.toString("utf8") ?? "";
  const encoding = (unknown.get(3)?.[0]?.value as Buffer | undefined)?.toString("utf8") ?? "";
  if (encoding) throw unsupported(`content encoding "${encoding}"`);
  const pkg = PACKAGES[apiVersion];
  const raw = (unknown.get(2)?.[0]?.value as Buffer | undefined) ?? Buffer.alloc(0);
  if (!pkg || !TABLE[`${pkg}.${kind}`]) throw unsupported(`${apiVersion} ${kind}`);
  return { apiVersion, kind, ...(decodeMessage(`${pkg}.${kind}`, raw, kind) as Record<string, unknown>) };
}
