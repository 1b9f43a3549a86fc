/**
 * Splits a lesson file into its YAML front matter (`title`, `component`, ...) and the markdown body.
 *
 * Line numbers are kept because the lesson tests and the reader report problems as `ko.md:12:3`: the body's first
 * line lets a caller turn markdown-it's body-relative `token.map` into file lines, and a YAML error carries its
 * position in the file, not in the front matter.
 */
import { parseDocument } from "yaml";

/** Bad front matter, positioned in the whole file (1-based line and column); the caller adds the file name. */
export class FrontMatterError extends Error {
  override name = "FrontMatterError";
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(`${line}:${column}: ${message}`);
  }
}

export interface FrontMatter {
  /** The parsed mapping; `{}` when the file has no front matter. */
  data: Record<string, unknown>;
  /** The markdown after the closing `---`. */
  body: string;
  /** The 1-based file line on which `body` starts. */
  bodyLine: number;
}

const FENCE = /^---[ \t]*$/;
const CLOSE = /^(?:---|\.\.\.)[ \t]*$/;

/**
 * Separates front matter from the body.
 * @param text the whole file
 * @returns the data, the body and the body's first line number
 * @throws FrontMatterError when the block is not closed, is not valid YAML, or is not a mapping
 * @example splitFrontMatter("---\ntitle: etcd\n---\n# etcd\n") // { data: { title: "etcd" }, body: "# etcd\n", bodyLine: 4 }
 */
export function splitFrontMatter(text: string): FrontMatter {
  const source = text.startsWith("\uFEFF") ? text.slice(1) : text; // editors on Windows add a BOM
  const lines = source.split(/(?<=\n)/); // keep each line's ending, so the body comes back byte for byte
  if (lines.length === 0 || !FENCE.test(lines[0]!.replace(/\r?\n$/, ""))) return { data: {}, body: source, bodyLine: 1 };

  const end = lines.findIndex((l, i) => i > 0 && CLOSE.test(l.replace(/\r?\n$/, "")));
  if (end < 0) throw new FrontMatterError("front matter opened with --- is never closed with ---", 1, 1);

  const yamlText = lines.slice(1, end).join("");
  const doc = parseDocument(yamlText, { prettyErrors: true });
  const error = doc.errors[0];
  if (error) {
    const pos = error.linePos?.[0] ?? { line: 1, col: 1 };
    // The YAML starts on file line 2. Keep only the message: yaml appends its own (front-matter-relative) position
    // and a code excerpt, which would contradict the file position we report.
    const message = error.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "");
    throw new FrontMatterError(message, pos.line + 1, pos.col);
  }
  const data: unknown = doc.toJS() ?? {};
  if (typeof data !== "object" || Array.isArray(data)) {
    throw new FrontMatterError(`front matter must be a mapping of keys, got ${Array.isArray(data) ? "a list" : typeof data}`, 2, 1);
  }
  return { data: data as Record<string, unknown>, body: lines.slice(end + 1).join(""), bodyLine: end + 2 };
}
