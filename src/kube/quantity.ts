/**
 * Resource quantities (`100m`, `0.5`, `128Mi`, `1G`, `1e3`): parsing to an exact value, the canonical string
 * upstream prints, and the milli-values the scheduler and kubelet compute with (cpu in millicores, memory in bytes).
 *
 * Follows apimachinery pkg/api/resource/quantity.go and suffix.go: the grammar
 * `^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$`, the three formats (DecimalSI `k M G ...`, BinarySI `Ki Mi Gi ...`,
 * DecimalExponent `e3`), values rounded up (away from zero) to a whole nano, BinarySI values capped at 2^63-1, and
 * CanonicalizeBytes for printing. Values are kept exactly, as a bigint count of nano-units.
 */

export type QuantityFormat = "DecimalSI" | "BinarySI" | "DecimalExponent";

/** A parsed quantity: its value in nano-units (value * 10^9, exact) and the format it was written in. */
export interface Quantity {
  readonly nanos: bigint;
  readonly format: QuantityFormat;
}

/** A string that is not a quantity. The message names the input and upstream's reason. */
export class QuantityError extends Error {
  override name = "QuantityError";
  constructor(
    readonly input: string,
    /** Upstream's error text alone (`unable to parse quantity's suffix`), as a field error's detail. */
    readonly reason: string,
  ) {
    super(`unable to parse quantity ${JSON.stringify(input)}: ${reason}`);
  }
}

const FORMAT_WRONG = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
const SUFFIX_WRONG = "unable to parse quantity's suffix";

const NANO = 1_000_000_000n;
const MAX_INT64 = 9_223_372_036_854_775_807n;

const decimalSuffixes: Record<string, number> = { n: -9, u: -6, m: -3, "": 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const binarySuffixes: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };

/** suffixer.interpret: base, exponent and format of a suffix, or undefined if it is not one. */
function interpretSuffix(suffix: string): { base: 2 | 10; exponent: number; format: QuantityFormat } | undefined {
  if (suffix in decimalSuffixes) return { base: 10, exponent: decimalSuffixes[suffix]!, format: "DecimalSI" };
  if (suffix in binarySuffixes) return { base: 2, exponent: binarySuffixes[suffix]!, format: "BinarySI" };
  if (suffix.length > 1 && (suffix[0] === "e" || suffix[0] === "E") && /^[+-]?\d+$/.test(suffix.slice(1))) {
    const exponent = Number(suffix.slice(1));
    // Upstream keeps the exponent in an int32 scale and rejects anything beyond it.
    if (Math.abs(exponent) > 2_147_483_647) return undefined;
    return { base: 10, exponent, format: "DecimalExponent" };
  }
  return undefined;
}

/** parseQuantityString: sign, integer digits, fraction digits, suffix; throws on anything else. */
function split(str: string): { negative: boolean; num: string; denom: string; suffix: string } {
  let pos = 0;
  let negative = false;
  if (str[0] === "-" || str[0] === "+") {
    negative = str[0] === "-";
    pos++;
  }
  const digits = (from: number): number => {
    let i = from;
    while (i < str.length && str[i]! >= "0" && str[i]! <= "9") i++;
    return i;
  };
  let end = digits(pos);
  const num = str.slice(pos, end).replace(/^0+/, "") || "0";
  pos = end;
  let denom = "";
  if (str[pos] === ".") {
    end = digits(pos + 1);
    denom = str.slice(pos + 1, end);
    pos = end;
  }
  const suffixStart = pos;
  while (pos < str.length && "eEinumkKMGTP".includes(str[pos]!)) pos++;
  if (str[pos] === "-" || str[pos] === "+") pos++;
  if (digits(pos) !== str.length) throw new QuantityError(str, FORMAT_WRONG);
  return { negative, num, denom, suffix: str.slice(suffixStart) };
}

/** Divides rounding away from zero (inf.RoundUp), for non-negative operands. */
const divUp = (a: bigint, b: bigint): bigint => (a + b - 1n) / b;

/**
 * Parses a quantity (resource.ParseQuantity). Throws QuantityError naming the input and the reason:
 * `unable to parse quantity "0.1mi": unable to parse quantity's suffix`.
 * @example parseQuantity("1.5Ki") // { nanos: 1536000000000n, format: "BinarySI" }
 */
export function parseQuantity(input: string): Quantity {
  if (input.length === 0) throw new QuantityError(input, FORMAT_WRONG);
  const { negative, num, denom, suffix } = split(input);
  const interpreted = interpretSuffix(suffix);
  if (!interpreted) throw new QuantityError(input, SUFFIX_WRONG);
  const { base, exponent } = interpreted;
  let format = interpreted.format;
  // value = digits * 10^-denom.length * base^exponent; nanos = value * 10^9, rounded up to a whole nano.
  const digitsValue = BigInt(num + denom);
  let scale10 = 9 - denom.length;
  let numerator = digitsValue;
  if (base === 2) numerator <<= BigInt(exponent);
  else scale10 += exponent;
  let nanos: bigint;
  if (numerator === 0n) nanos = 0n;
  else if (scale10 >= 0) {
    if (scale10 > 4096) throw new QuantityError(input, "the exponent is too large");
    nanos = numerator * 10n ** BigInt(scale10);
  } else if (-scale10 > 4096) nanos = 1n; // far below one nano: rounds up to the smallest value
  else nanos = divUp(numerator, 10n ** BigInt(-scale10));
  if (format === "BinarySI" && nanos > MAX_INT64 * NANO) nanos = MAX_INT64 * NANO;
  if (format === "BinarySI" && nanos > 0n && nanos < NANO) format = "DecimalSI";
  return { nanos: negative ? -nanos : nanos, format };
}

/** Strips factors of `base` from `value`, returning what is left and how many were removed. */
function removeFactors(value: bigint, base: bigint): [bigint, number] {
  let times = 0;
  while (value !== 0n && value % base === 0n) {
    value /= base;
    times++;
  }
  return [value, times];
}

const decimalSuffixByExponent = new Map(Object.entries(decimalSuffixes).map(([s, e]) => [e, s]));
const binarySuffixByExponent = new Map(Object.entries(binarySuffixes).map(([s, e]) => [e, s]));

/**
 * The canonical string (Quantity.String / CanonicalizeBytes): the largest suffix that keeps the number a whole
 * integer, in the quantity's own format. BinarySI values below 1024 or not whole fall back to DecimalSI.
 * @example formatQuantity(parseQuantity("1024Mi")) === "1Gi"; formatQuantity(parseQuantity("0.5")) === "500m"
 */
export function formatQuantity(q: Quantity): string {
  if (q.nanos === 0n) return "0";
  const sign = q.nanos < 0n ? "-" : "";
  const abs = q.nanos < 0n ? -q.nanos : q.nanos;
  let format = q.format;
  if (format === "BinarySI" && (abs < 1024n * NANO || abs % NANO !== 0n)) format = "DecimalSI";
  if (format === "BinarySI") {
    let [mantissa, times] = removeFactors(abs / NANO, 1024n);
    // No suffix beyond Ei: keep the rest in the number.
    for (; times > 6; times--) mantissa *= 1024n;
    return `${sign}${mantissa}${binarySuffixByExponent.get(times * 10) ?? ""}`;
  }
  // Decimal: mantissa * 10^exponent with the exponent a multiple of 3 (AsCanonicalBytes).
  let [mantissa, times] = removeFactors(abs, 10n);
  let exponent = times - 9;
  const extra = ((exponent % 3) + 3) % 3;
  mantissa *= 10n ** BigInt(extra);
  exponent -= extra;
  if (format === "DecimalExponent") return `${sign}${mantissa}${exponent === 0 ? "" : `e${exponent}`}`;
  const suffix = decimalSuffixByExponent.get(exponent);
  return `${sign}${mantissa}${suffix ?? `e${exponent}`}`;
}

/** The canonical form of a quantity string: `canonicalQuantity("1000M") === "1G"`. Throws QuantityError. */
export function canonicalQuantity(input: string): string {
  return formatQuantity(parseQuantity(input));
}

const toQuantity = (q: Quantity | string | number): Quantity =>
  typeof q === "string" ? parseQuantity(q) : typeof q === "number" ? parseQuantity(String(q)) : q;

/** Rounds nanos / divisor away from zero, as upstream's ScaledValue does. */
function scaled(nanos: bigint, divisor: bigint): bigint {
  const abs = nanos < 0n ? -nanos : nanos;
  const r = divUp(abs, divisor);
  return nanos < 0n ? -r : r;
}

function safe(value: bigint, what: string): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new RangeError(`${what} ${value} is beyond Number.MAX_SAFE_INTEGER; use the bigint nanos`);
  }
  return Number(value);
}

/**
 * Remembers the values of quantity strings: a cluster holds few distinct ones ("100m", "128Mi") and reads them over
 * and over (every scheduling cycle adds up requests), while parsing one takes several bigint operations. Bounded:
 * emptied when full.
 */
function memo(compute: (q: Quantity | string | number) => number): (q: Quantity | string | number) => number {
  const cache = new Map<string, number>();
  return (q) => {
    if (typeof q !== "string") return compute(q);
    let value = cache.get(q);
    if (value === undefined) {
      value = compute(q);
      if (cache.size >= 4096) cache.clear();
      cache.set(q, value);
    }
    return value;
  };
}

/**
 * The value in thousandths, rounded up (MilliValue): cpu `"100m"` -> 100 millicores, `"2"` -> 2000. Accepts a
 * Quantity, a quantity string, or a number (as JSON may carry it). Throws RangeError past 2^53.
 */
export const milliValue: (q: Quantity | string | number) => number = memo((q) => safe(scaled(toQuantity(q).nanos, 1_000_000n), "milli-value"));

/** The value in units, rounded up (Value): memory `"128Mi"` -> 134217728 bytes, cpu `"100m"` -> 1. */
export const quantityValue: (q: Quantity | string | number) => number = memo((q) => safe(scaled(toQuantity(q).nanos, NANO), "value"));

/** Compares two quantities by value: -1, 0 or 1 (Quantity.Cmp). */
export function compareQuantities(a: Quantity | string | number, b: Quantity | string | number): -1 | 0 | 1 {
  const [x, y] = [toQuantity(a).nanos, toQuantity(b).nanos];
  return x < y ? -1 : x > y ? 1 : 0;
}
