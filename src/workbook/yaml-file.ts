/**
 * Reads a YAML file of the workbook's own (lesson.yaml, scenarios) and validates it with an ajv schema, so that a
 * mistake is reported as `file:line:column: path: problem`, never as a stack trace.
 */
import { readFileSync } from "node:fs";
import type { ValidateFunction } from "ajv";
import { isNode, LineCounter, parseDocument, type Document } from "yaml";
import { shown } from "./paths.ts";

export class YamlFileError extends Error {
  override name = "YamlFileError";
  constructor(
    readonly file: string,
    readonly line: number,
    readonly column: number,
    readonly problem: string,
    readonly jsonPath = "",
  ) {
    super(`${shown(file)}:${line}:${column}: ${jsonPath ? jsonPath + ": " : ""}${problem}`);
  }
}

/** JSON path segments from ajv's instancePath (`/hints/x/0` -> ["hints", "x", 0]). */
const segments = (instancePath: string): (string | number)[] =>
  instancePath
    .split("/")
    .slice(1)
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));

/** `$.hints.x[0]` style, as a learner reads it. */
export const jsonPathOf = (path: readonly (string | number)[]): string =>
  "$" + path.map((s) => (typeof s === "number" ? `[${s}]` : /^[\w-]+$/.test(s) ? `.${s}` : `[${JSON.stringify(s)}]`)).join("");

function positionOf(doc: Document, counter: LineCounter, path: (string | number)[]): { line: number; col: number } {
  // Walk down as far as the path exists, so a missing key points at its parent.
  for (let n = path.length; n >= 0; n--) {
    const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
    if (isNode(node) && node.range) return counter.linePos(node.range[0]);
  }
  return { line: 1, col: 1 };
}

/** Parses and validates one YAML file; throws YamlFileError naming the first problem's place. */
export function readYamlFile<T>(file: string, validate: ValidateFunction<T>): T {
  const counter = new LineCounter();
  const doc = parseDocument(readFileSync(file, "utf8"), { lineCounter: counter, prettyErrors: false });
  const [error] = doc.errors;
  if (error) {
    const pos = counter.linePos(error.pos[0]);
    throw new YamlFileError(file, pos.line, pos.col, error.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, ""));
  }
  const value: unknown = doc.toJS();
  if (!validate(value)) {
    const first = validate.errors![0]!;
    const path = segments(first.instancePath);
    if (first.keyword === "additionalProperties") path.push(String(first.params.additionalProperty));
    const { line, col } = positionOf(doc, counter, path);
    const problem =
      first.keyword === "additionalProperties"
        ? `unknown key "${String(first.params.additionalProperty)}"`
        : `${first.message ?? "invalid"}`;
    throw new YamlFileError(file, line, col, problem, jsonPathOf(path));
  }
  return value;
}
