/**
 * Label selectors: the string form (`app=web,tier in (fe,be),!canary`), the API form (`LabelSelector` with
 * matchLabels and matchExpressions), matching, and the validation of label keys and values.
 *
 * Follows apimachinery pkg/labels/selector.go (lexer, parser, Requirement, String), pkg/apis/meta/v1/helpers.go
 * (LabelSelectorAsSelector: a null selector matches nothing, an empty one everything), pkg/apis/meta/v1/validation
 * (ValidateLabelSelector, ValidateLabels) and pkg/util/validation/validation.go (qualified names, DNS names, with the
 * Kubernetes 1.30 wording). One deliberate difference: a bad key in the string form is reported at path `key`
 * where upstream prints its empty path as `<nil>`.
 */

import type { LabelSelector } from "kubernetes-types/meta/v1.js";
import { FieldError, aggregateMessage, goValue } from "./errors.ts";

/** selection.Operator: the string values upstream uses. */
export type Operator = "=" | "==" | "!=" | "in" | "notin" | "exists" | "!" | "gt" | "lt";

/** One condition on one label key. `values` is empty for exists / `!`. */
export interface Requirement {
  readonly key: string;
  readonly operator: Operator;
  readonly values: readonly string[];
}

/**
 * A selector: the AND of its requirements, sorted by key. `null` is upstream's labels.Nothing() (what a null
 * LabelSelector becomes): it matches no labels at all. An empty list matches every set of labels.
 */
export type Selector = readonly Requirement[] | null;

export type Labels = Readonly<Record<string, string>>;

/** A selector string or LabelSelector that is not valid; the message is upstream's. */
export class LabelSelectorError extends Error {
  override name = "LabelSelectorError";
}

// ---- name validation (pkg/util/validation/validation.go) ----

const maxLenError = (n: number): string => `must be no more than ${n} characters`;

/** upstream's RegexError: `msg (e.g. 'a',  or 'b', regex used for validation is 're')` (the double space is theirs). */
function regexError(msg: string, re: string, ...examples: string[]): string {
  if (examples.length === 0) return `${msg} (regex used for validation is '${re}')`;
  let out = `${msg} (e.g. `;
  examples.forEach((ex, i) => {
    if (i > 0) out += " or ";
    out += `'${ex}', `;
  });
  return `${out}regex used for validation is '${re}')`;
}

const dns1123LabelFmt = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
const dns1123SubdomainFmt = `${dns1123LabelFmt}(\\.${dns1123LabelFmt})*`;
const dns1035LabelFmt = "[a-z]([-a-z0-9]*[a-z0-9])?";
const qualifiedNameFmt = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
const labelValueFmt = `(${qualifiedNameFmt})?`;
const whole = (fmt: string): RegExp => new RegExp(`^${fmt}$`);
const dns1123LabelRe = whole(dns1123LabelFmt);
const dns1123SubdomainRe = whole(dns1123SubdomainFmt);
const dns1035LabelRe = whole(dns1035LabelFmt);
const qualifiedNameRe = whole(qualifiedNameFmt);
const labelValueRe = whole(labelValueFmt);
const qualifiedNameErrMsg =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";

/** IsDNS1123Label: lowercase alphanumerics and '-', at most 63 characters. Returns the problems, [] if valid. */
export function isDNS1123Label(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 63) errs.push(maxLenError(63));
  if (!dns1123LabelRe.test(value)) {
    const msg =
      "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";
    errs.push(regexError(msg, dns1123LabelFmt, "my-name", "123-abc"));
  }
  return errs;
}

/** IsDNS1123Subdomain: dot-separated DNS-1123 labels, at most 253 characters. */
export function isDNS1123Subdomain(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 253) errs.push(maxLenError(253));
  if (!dns1123SubdomainRe.test(value)) {
    const msg =
      "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
    errs.push(regexError(msg, dns1123SubdomainFmt, "example.com"));
  }
  return errs;
}

/** IsDNS1035Label: like a DNS-1123 label but must start with a letter (Service names). */
export function isDNS1035Label(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 63) errs.push(maxLenError(63));
  if (!dns1035LabelRe.test(value)) {
    const msg =
      "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character";
    errs.push(regexError(msg, dns1035LabelFmt, "my-name", "abc-123"));
  }
  return errs;
}

/**
 * IsQualifiedName, the rule for label keys: an optional DNS-1123 subdomain prefix and '/', then a name of at most 63
 * characters of alphanumerics, '-', '_', '.', starting and ending alphanumeric.
 * @example isQualifiedName("app.kubernetes.io/name") // []
 */
export function isQualifiedName(value: string): string[] {
  const errs: string[] = [];
  const parts = value.split("/");
  let name: string;
  if (parts.length === 1) {
    name = parts[0]!;
  } else if (parts.length === 2) {
    const prefix = parts[0]!;
    name = parts[1]!;
    if (prefix.length === 0) errs.push("prefix part must be non-empty");
    else errs.push(...isDNS1123Subdomain(prefix).map((m) => `prefix part ${m}`));
  } else {
    return [
      `a qualified name ${regexError(qualifiedNameErrMsg, qualifiedNameFmt, "MyName", "my.name", "123-abc")}` +
        " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
    ];
  }
  if (name.length === 0) errs.push("name part must be non-empty");
  else if (name.length > 63) errs.push(`name part ${maxLenError(63)}`);
  if (!qualifiedNameRe.test(name)) {
    errs.push(`name part ${regexError(qualifiedNameErrMsg, qualifiedNameFmt, "MyName", "my.name", "123-abc")}`);
  }
  return errs;
}

/** IsValidLabelValue: empty, or at most 63 characters of alphanumerics, '-', '_', '.', starting and ending alphanumeric. */
export function isValidLabelValue(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 63) errs.push(maxLenError(63));
  if (!labelValueRe.test(value)) {
    const msg =
      "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
    errs.push(regexError(msg, labelValueFmt, "MyValue", "my_value", "12345"));
  }
  return errs;
}

/** ValidateLabels: every key a qualified name, every value a valid label value, errors at `path` (e.g. `metadata.labels`). */
export function validateLabels(labels: Labels | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const [k, v] of Object.entries(labels ?? {})) {
    for (const msg of isQualifiedName(k)) errs.push(FieldError.invalid(path, k, msg));
    for (const msg of isValidLabelValue(v)) errs.push(FieldError.invalid(path, v, msg));
  }
  return errs;
}

/** ValidateLabelSelector (metav1 validation): the API-level checks of a LabelSelector, errors under `path`. */
export function validateLabelSelector(selector: LabelSelector | undefined | null, path: string): FieldError[] {
  if (!selector) return [];
  const errs = validateLabels(selector.matchLabels, `${path}.matchLabels`);
  (selector.matchExpressions ?? []).forEach((expr, i) => {
    const p = `${path}.matchExpressions[${i}]`;
    const values = expr.values ?? [];
    switch (expr.operator) {
      case "In":
      case "NotIn":
        if (values.length === 0) {
          errs.push(FieldError.required(`${p}.values`, "must be specified when `operator` is 'In' or 'NotIn'"));
        }
        break;
      case "Exists":
      case "DoesNotExist":
        if (values.length > 0) {
          errs.push(FieldError.forbidden(`${p}.values`, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
        }
        break;
      default:
        errs.push(FieldError.invalid(`${p}.operator`, expr.operator, "not a valid selector operator"));
    }
    for (const msg of isQualifiedName(expr.key)) errs.push(FieldError.invalid(`${p}.key`, expr.key, msg));
    values.forEach((v, j) => {
      for (const msg of isValidLabelValue(v)) errs.push(FieldError.invalid(`${p}.values[${j}]`, v, msg));
    });
  });
  return errs;
}

// ---- requirements ----

/**
 * NewRequirement: a validated requirement. Throws LabelSelectorError when the key or a value is not valid, In/NotIn
 * have no values, =/==/!= do not have exactly one, exists/! have any, or gt/lt do not have one integer.
 * `valuesForMessage` is how the values print in the message (`[]string(nil)` when the API object had none).
 */
export function newRequirement(
  key: string,
  operator: Operator,
  values: readonly string[],
  valuesForMessage?: string,
): Requirement {
  const errs: string[] = [];
  const keyErrs = isQualifiedName(key);
  if (keyErrs.length) errs.push(FieldError.invalid("key", key, keyErrs.join("; ")).message);
  // `values: Invalid value: []string{"a"}: <detail>`, the values printed as Go's %#v prints the slice.
  const badValues = (detail: string): void => {
    errs.push(`values: Invalid value: ${valuesForMessage ?? goValue([...values])}: ${detail}`);
  };
  switch (operator) {
    case "in":
    case "notin":
      if (values.length === 0) badValues("for 'in', 'notin' operators, values set can't be empty");
      break;
    case "=":
    case "==":
    case "!=":
      if (values.length !== 1) badValues("exact-match compatibility requires one single value");
      break;
    case "exists":
    case "!":
      if (values.length !== 0) badValues("values set must be empty for exists and does not exist");
      break;
    case "gt":
    case "lt":
      if (values.length !== 1) badValues("for 'Gt', 'Lt' operators, exactly one value is required");
      values.forEach((v, i) => {
        if (!integerRe.test(v)) {
          errs.push(FieldError.invalid(`values[${i}]`, v, "for 'Gt', 'Lt' operators, the value must be an integer").message);
        }
      });
      break;
    default:
      errs.push(FieldError.notSupported("operator", operator, ["in", "notin", "=", "==", "!=", "gt", "lt", "exists", "!"]).message);
  }
  values.forEach((v, i) => {
    const msgs = isValidLabelValue(v);
    if (msgs.length) errs.push(FieldError.invalid(`values[${i}][${key}]`, v, msgs.join("; ")).message);
  });
  if (errs.length) throw new LabelSelectorError(aggregateMessage(errs));
  return { key, operator, values: [...values] };
}

/** What Go's strconv.ParseInt accepts (gt/lt values and the labels they compare). */
const integerRe = /^[+-]?\d+$/;

/** Requirement.Matches: whether one requirement holds for a set of labels. */
export function requirementMatches(r: Requirement, labels: Labels | undefined): boolean {
  const has = labels !== undefined && Object.hasOwn(labels, r.key);
  const value = has ? labels[r.key]! : undefined;
  switch (r.operator) {
    case "in":
    case "=":
    case "==":
      return has && r.values.includes(value!);
    case "notin":
    case "!=":
      return !has || !r.values.includes(value!);
    case "exists":
      return has;
    case "!":
      return !has;
    case "gt":
    case "lt": {
      if (!has || !integerRe.test(value!) || r.values.length !== 1 || !integerRe.test(r.values[0]!)) return false;
      const [have, want] = [BigInt(value!), BigInt(r.values[0]!)];
      return r.operator === "gt" ? have > want : have < want;
    }
  }
}

/** Whether every requirement of `selector` holds; `null` (Nothing) matches nothing, `[]` everything. */
export function matches(selector: Selector, labels: Labels | undefined): boolean {
  if (selector === null) return false;
  return selector.every((r) => requirementMatches(r, labels));
}

const byKey = (a: Requirement, b: Requirement): number => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
const sortedStrings = (v: readonly string[]): string[] => [...v].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

/** Requirement.String: `x in (a,b)`, `x notin (a)`, `x=a`, `x==a`, `x!=a`, `x`, `!x`, `x>1`, `x<1`; values sorted. */
export function requirementToString(r: Requirement): string {
  const values = r.values.length === 1 ? r.values[0]! : sortedStrings(r.values).join(",");
  switch (r.operator) {
    case "exists":
      return r.key;
    case "!":
      return `!${r.key}`;
    case "in":
      return `${r.key} in (${values})`;
    case "notin":
      return `${r.key} notin (${values})`;
    case "gt":
      return `${r.key}>${values}`;
    case "lt":
      return `${r.key}<${values}`;
    default:
      return `${r.key}${r.operator}${values}`;
  }
}

/**
 * The canonical string form, as upstream's Selector.String(): requirements in order (parse and
 * labelSelectorAsSelector sort them by key) joined with ",". Nothing and Everything are both "".
 * @example selectorToString(parseSelector("b=2, a in (y,x)")) === "a in (x,y),b=2"
 */
export function selectorToString(selector: Selector): string {
  return (selector ?? []).map(requirementToString).join(",");
}

/** SelectorFromSet: `key=value` for each label, sorted by key; no labels gives Everything. Does not validate. */
export function selectorFromSet(labels: Labels | undefined): Selector {
  return Object.entries(labels ?? {})
    .map(([key, value]) => ({ key, operator: "=" as const, values: [value] }))
    .sort(byKey);
}

/**
 * LabelSelectorAsSelector: null/undefined matches nothing, `{}` matches everything; matchLabels become `=`,
 * matchExpressions In/NotIn/Exists/DoesNotExist. Throws LabelSelectorError on an invalid key, value or operator.
 */
export function labelSelectorAsSelector(ls: LabelSelector | null | undefined): Selector {
  if (ls === null || ls === undefined) return null;
  // Controllers match one selector against many pods: each selector is parsed once. A deep-frozen one (an informer's
  // object) is remembered by identity; any other by its JSON, since it may be a fresh copy of the same selector.
  const frozen = deeplyFrozen(ls);
  const text = frozen ? undefined : JSON.stringify(ls);
  const cached = frozen ? parsedFrozen.get(ls) : parsedByText.get(text!);
  if (cached) return cached;
  const selector = parseLabelSelector(ls);
  for (const r of selector) Object.freeze(r.values), Object.freeze(r);
  const result = Object.freeze(selector);
  if (frozen) parsedFrozen.set(ls, result);
  else {
    if (parsedByText.size >= 4096) parsedByText.clear();
    parsedByText.set(text!, result);
  }
  return result;
}

const parsedFrozen = new WeakMap<LabelSelector, Selector>();
const parsedByText = new Map<string, Selector>();

const deeplyFrozen = (ls: LabelSelector): boolean =>
  Object.isFrozen(ls) &&
  (ls.matchLabels === undefined || Object.isFrozen(ls.matchLabels)) &&
  (ls.matchExpressions === undefined ||
    (Object.isFrozen(ls.matchExpressions) && ls.matchExpressions.every((e) => Object.isFrozen(e) && (e.values === undefined || Object.isFrozen(e.values)))));

function parseLabelSelector(ls: LabelSelector): Requirement[] {
  const matchLabels = Object.entries(ls.matchLabels ?? {});
  const expressions = ls.matchExpressions ?? [];
  if (matchLabels.length + expressions.length === 0) return [];
  const reqs: Requirement[] = matchLabels.map(([k, v]) => newRequirement(k, "=", [v]));
  const ops: Record<string, Operator> = { In: "in", NotIn: "notin", Exists: "exists", DoesNotExist: "!" };
  for (const expr of expressions) {
    const op = ops[expr.operator];
    if (!op) throw new LabelSelectorError(`${JSON.stringify(expr.operator)} is not a valid pod selector operator`);
    // Go copies the values with append([]string(nil), ...), so no values print as []string(nil).
    const values = expr.values ?? [];
    reqs.push(newRequirement(expr.key, op, values, values.length ? undefined : "[]string(nil)"));
  }
  return reqs.sort(byKey);
}

/** Convenience: whether a LabelSelector API object selects these labels (throws LabelSelectorError if it is invalid). */
export function labelSelectorMatches(ls: LabelSelector | null | undefined, labels: Labels | undefined): boolean {
  return matches(labelSelectorAsSelector(ls), labels);
}

// ---- the string form: lexer and parser (selector.go) ----

type Token =
  | "error"
  | "eos"
  | ")"
  | ","
  | "!"
  | "=="
  | "="
  | ">"
  | "identifier"
  | "in"
  | "<"
  | "!="
  | "notin"
  | "(";

interface Scanned {
  tok: Token;
  lit: string;
}

const literalTokens: Record<string, Token> = {
  ")": ")",
  ",": ",",
  "!": "!",
  "==": "==",
  "=": "=",
  ">": ">",
  in: "in",
  "<": "<",
  "!=": "!=",
  notin: "notin",
  "(": "(",
};

const isWhitespace = (ch: string): boolean => ch === " " || ch === "\t" || ch === "\r" || ch === "\n";
const isSpecial = (ch: string): boolean => "=!(),><".includes(ch);

/** Splits a selector string into tokens; the longest operator wins (`!=` over `!`). */
function lex(s: string): Scanned[] {
  const out: Scanned[] = [];
  let pos = 0;
  for (;;) {
    while (pos < s.length && isWhitespace(s[pos]!)) pos++;
    if (pos >= s.length) {
      out.push({ tok: "eos", lit: "" });
      return out;
    }
    if (isSpecial(s[pos]!)) {
      let buffer = "";
      let last: Scanned | undefined;
      while (pos < s.length && isSpecial(s[pos]!)) {
        buffer += s[pos]!;
        const tok = literalTokens[buffer];
        if (tok) last = { tok, lit: buffer };
        else if (last) break;
        pos++;
      }
      out.push(last ?? { tok: "error", lit: `error expected: keyword found '${buffer}'` });
    } else {
      let buffer = "";
      while (pos < s.length && !isSpecial(s[pos]!) && !isWhitespace(s[pos]!)) buffer += s[pos++]!;
      const tok = literalTokens[buffer];
      out.push({ tok: tok ?? "identifier", lit: buffer });
    }
  }
}

/** Parser context: in Values, the keywords `in` and `notin` are plain identifiers (`x in (in)`). */
class Parser {
  private position = 0;
  constructor(private readonly items: Scanned[]) {}

  private peek(values: boolean): Scanned {
    const item = this.items[this.position]!;
    return values && (item.tok === "in" || item.tok === "notin") ? { tok: "identifier", lit: item.lit } : item;
  }
  private next(values: boolean): Scanned {
    const item = this.peek(values);
    this.position++;
    return item;
  }

  parse(): Requirement[] {
    const reqs: Requirement[] = [];
    for (;;) {
      const { tok, lit } = this.peek(true);
      if (tok === "eos") return reqs;
      if (tok !== "identifier" && tok !== "!") throw new LabelSelectorError(`found '${lit}', expected: !, identifier, or 'end of string'`);
      reqs.push(this.parseRequirement());
      const after = this.next(true);
      if (after.tok === "eos") return reqs;
      if (after.tok !== ",") throw new LabelSelectorError(`found '${after.lit}', expected: ',' or 'end of string'`);
      const following = this.peek(true);
      if (following.tok !== "identifier" && following.tok !== "!") {
        throw new LabelSelectorError(`found '${following.lit}', expected: identifier after ','`);
      }
    }
  }

  private parseRequirement(): Requirement {
    try {
      return this.parseRequirementInner();
    } catch (e) {
      if (e instanceof LabelSelectorError) throw new LabelSelectorError(`unable to parse requirement: ${e.message}`);
      throw e;
    }
  }

  private parseRequirementInner(): Requirement {
    let { tok, lit } = this.next(true);
    let operator: Operator | undefined;
    if (tok === "!") {
      operator = "!";
      ({ tok, lit } = this.next(true));
    }
    if (tok !== "identifier") throw new LabelSelectorError(`found '${lit}', expected: identifier`);
    const key = lit;
    const keyErrs = isQualifiedName(key);
    if (keyErrs.length) throw new LabelSelectorError(FieldError.invalid("key", key, keyErrs.join("; ")).message);
    // `!x` takes no operator: in `!x=a` the parse loop then finds '=' where it expects ',' or the end.
    if (operator === "!") return newRequirement(key, "!", []);
    const ahead = this.peek(true).tok;
    if (ahead === "eos" || ahead === ",") return newRequirement(key, "exists", []);
    const op = this.parseOperator();
    const values = op === "in" || op === "notin" ? this.parseValues() : this.parseExactValue();
    return newRequirement(key, op, values);
  }

  private parseOperator(): Operator {
    const { tok, lit } = this.next(false);
    const ops: Partial<Record<Token, Operator>> = { in: "in", "=": "=", "==": "==", ">": "gt", "<": "lt", notin: "notin", "!=": "!=" };
    const op = ops[tok];
    if (!op) throw new LabelSelectorError(`found '${lit}', expected: ${binaryOperatorList}`);
    return op;
  }

  private parseValues(): string[] {
    const open = this.next(true);
    if (open.tok !== "(") throw new LabelSelectorError(`found '${open.lit}' expected: '('`);
    const { tok, lit } = this.peek(true);
    if (tok === ")") {
      this.next(true);
      return [""];
    }
    if (tok !== "identifier" && tok !== ",") throw new LabelSelectorError(`found '${lit}', expected: ',', ')' or identifier`);
    const values = this.parseIdentifiersList();
    if (this.next(true).tok !== ")") throw new LabelSelectorError(`found '${lit}', expected: ')'`);
    return values;
  }

  /** A comma-separated list of possibly empty identifiers, up to (not including) `)`; a set, sorted. */
  private parseIdentifiersList(): string[] {
    const set = new Set<string>();
    for (;;) {
      const { tok, lit } = this.next(true);
      if (tok === "identifier") {
        set.add(lit);
        const after = this.peek(true);
        if (after.tok === ",") continue;
        if (after.tok === ")") return sortedStrings([...set]);
        throw new LabelSelectorError(`found '${after.lit}', expected: ',' or ')'`);
      }
      if (tok === ",") {
        if (set.size === 0) set.add(""); // "(,"
        const after = this.peek(true).tok;
        if (after === ")") {
          set.add(""); // ",)"
          return sortedStrings([...set]);
        }
        if (after === ",") set.add(""); // ",,"
        continue;
      }
      throw new LabelSelectorError(`found '${lit}', expected: ',', or identifier`);
    }
  }

  private parseExactValue(): string[] {
    const { tok } = this.peek(true);
    if (tok === "eos" || tok === ",") return [""];
    const value = this.next(true);
    if (value.tok === "identifier") return [value.lit];
    throw new LabelSelectorError(`found '${value.lit}', expected: identifier`);
  }
}

const binaryOperatorList = ["in", "notin", "=", "==", "!=", "gt", "lt"].join(", ");

/**
 * Parses the string form of a label selector (labels.Parse): requirements separated by commas (AND), each
 * `key`, `!key`, `key=value`, `key==value`, `key!=value`, `key in (a,b)`, `key notin (a)`, `key>1`, `key<1`;
 * whitespace around tokens is ignored. The result is sorted by key. "" parses to Everything (`[]`).
 * Throws LabelSelectorError with upstream's message (`found 'b', expected: '('`) on bad input.
 * @example parseSelector("tier in (fe,be), app=web") // [{key:"app",operator:"=",values:["web"]}, {key:"tier",operator:"in",values:["be","fe"]}]
 */
export function parseSelector(selector: string): Requirement[] {
  return new Parser(lex(selector)).parse().sort(byKey);
}
