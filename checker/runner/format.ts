/**
 * Values as a failed check shows them: YAML (easier to read than JSON for Kubernetes objects), cut short when long.
 */
import { stringify } from "yaml";

const MAX_LINES = 40;

/** Plain data for comparison and display: what JSON would carry (undefined-valued keys dropped). */
export function plain(value: unknown): unknown {
  if (value === undefined) return undefined;
  try {
    return JSON.parse(JSON.stringify(value, (_key, v: unknown) => (typeof v === "bigint" ? v.toString() : v)));
  } catch {
    return String(value);
  }
}

export function show(value: unknown): string {
  if (value === undefined) return "undefined";
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  const text = stringify(plain(value), { lineWidth: 0 }).trimEnd();
  const lines = text.split("\n");
  return lines.length <= MAX_LINES ? text : [...lines.slice(0, MAX_LINES), `… (${lines.length - MAX_LINES} more lines)`].join("\n");
}

/** One line, for naming a call: `reconcile({...}, [...])`. */
export function showCall(name: string, args: readonly unknown[], max = 300): string {
  const inner = args
    .map((a) => {
      if (typeof a === "function") return "<function>";
      try {
        return JSON.stringify(plain(a)) ?? "undefined";
      } catch {
        return String(a);
      }
    })
    .join(", ");
  return `${name}(${inner.length > max ? inner.slice(0, max) + "…" : inner})`;
}
