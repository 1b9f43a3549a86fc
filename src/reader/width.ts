/**
 * Display-width helpers for terminal output.
 *
 * Lessons are mostly Korean: a Hangul syllable takes two terminal columns, so `string.length` misaligns every table and
 * wraps lines too late. Everything here measures with string-width after stripping ANSI codes, and keeps escape codes
 * intact (never splits one, never counts one). Used by the lesson reader and by the CLI's `list` and check reports.
 */
import stringWidth from "string-width";
import { stripVTControlCharacters } from "node:util";

/** CSI sequences (colours, cursor) and OSC sequences (hyperlinks) terminated by BEL or ST. */
const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)/y;
const SGR_RESET = "\u001b[0m";
const graphemes = new Intl.Segmenter(undefined, { granularity: "grapheme" });

/** Removes ANSI escape codes. @example stripAnsi("\u001b[1mhi\u001b[22m") // "hi" */
export const stripAnsi = (s: string): string => stripVTControlCharacters(s);

/** Terminal columns `s` occupies. @example displayWidth("파드 pod") // 8 */
export const displayWidth = (s: string): number => stringWidth(stripAnsi(s));

/** Pads `s` with spaces on the right up to `width` columns (never truncates). */
export function padEndDisplay(s: string, width: number): string {
  const w = displayWidth(s);
  return w >= width ? s : s + " ".repeat(width - w);
}

/** Pads `s` with spaces on the left up to `width` columns (never truncates). */
export function padStartDisplay(s: string, width: number): string {
  const w = displayWidth(s);
  return w >= width ? s : " ".repeat(width - w) + s;
}

/** One piece of a string: an escape code (zero columns) or one grapheme cluster with its width. */
export type Piece = { ansi: string } | { text: string; width: number };

/** Splits `s` into escape codes and grapheme clusters, so no caller ever cuts an escape code or a syllable in two. */
export function pieces(s: string): Piece[] {
  const out: Piece[] = [];
  let plain = "";
  const flush = (): void => {
    for (const { segment } of graphemes.segment(plain)) out.push({ text: segment, width: stringWidth(segment) });
    plain = "";
  };
  for (let i = 0; i < s.length; ) {
    ANSI.lastIndex = i;
    const m = s.charCodeAt(i) === 0x1b ? ANSI.exec(s) : null;
    if (m) {
      flush();
      out.push({ ansi: m[0] });
      i += m[0].length;
    } else {
      plain += s[i];
      i += 1;
    }
  }
  flush();
  return out;
}

/**
 * Tracks which SGR attributes are on, so a style cut by a line break can be closed at the end of the line and reopened
 * on the next: pagers (less -R) and prefixes added after wrapping (list indents, quote bars) then stay uncoloured.
 */
export class SgrState {
  private open: string[] = [];
  /** The codes that reopen the current style. */
  get prefix(): string {
    return this.open.join("");
  }
  get active(): boolean {
    return this.open.length > 0;
  }
  feed(code: string): void {
    const m = /^\u001b\[([0-9;]*)m$/.exec(code);
    if (!m) return;
    const params = m[1] === "" ? [0] : m[1]!.split(";").map(Number);
    const first = params[0]!;
    if (first === 0) this.open = [];
    else if (CLOSES[first]) {
      const closes = CLOSES[first];
      this.open = this.open.filter((c) => !closes(sgrParam(c)));
    } else this.open.push(code);
  }
}

const sgrParam = (code: string): number => Number(/\u001b\[(\d*)/.exec(code)?.[1] ?? 0);
/** Which opening parameters each closing parameter ends (22 ends both bold and dim, 39 any foreground colour, ...). */
const CLOSES: Record<number, (open: number) => boolean> = {
  22: (p) => p === 1 || p === 2,
  23: (p) => p === 3,
  24: (p) => p === 4,
  27: (p) => p === 7,
  28: (p) => p === 8,
  29: (p) => p === 9,
  39: (p) => (p >= 30 && p <= 38) || (p >= 90 && p <= 97),
  49: (p) => (p >= 40 && p <= 48) || (p >= 100 && p <= 107),
};

/**
 * Cuts `s` to at most `width` columns, ending with `ellipsis` when something was cut; escape codes are kept and an open
 * style is reset at the end.
 * @example truncateDisplay("쿠버네티스", 5) // "쿠버…"
 */
export function truncateDisplay(s: string, width: number, ellipsis = "…"): string {
  if (displayWidth(s) <= width) return s;
  const room = Math.max(0, width - displayWidth(ellipsis));
  const state = new SgrState();
  let out = "";
  let used = 0;
  for (const p of pieces(s)) {
    if ("ansi" in p) {
      out += p.ansi;
      state.feed(p.ansi);
    } else if (used + p.width <= room) {
      out += p.text;
      used += p.width;
    } else break;
  }
  return out + (state.active ? SGR_RESET : "") + (width >= displayWidth(ellipsis) ? ellipsis : "");
}

/**
 * Wraps `text` into lines of at most `width` columns. Breaks at spaces (Korean puts spaces between words too, so words
 * stay whole); a word wider than the line is split between grapheme clusters. `\n` forces a break. Spaces at a wrap
 * point are dropped; a style that spans a wrap is closed and reopened so each line stands alone.
 * @example wrapDisplay("쿠버네티스는 의도한 상태를 향해 움직인다", 14) // ["쿠버네티스는", "의도한 상태를", "향해 움직인다"]
 */
export function wrapDisplay(text: string, width: number): string[] {
  const max = Math.max(1, width);
  const lines: Piece[][] = [];
  let line: Piece[] = [];
  let lineWidth = 0;
  let word: Piece[] = [];
  let wordWidth = 0;
  let spaces: Piece[] = [];
  let spacesWidth = 0;
  let softWrapped = false; // leading spaces survive only at the start of a hard line

  const breakLine = (): void => {
    lines.push(line);
    line = [];
    lineWidth = 0;
  };
  const placeWord = (): void => {
    if (wordWidth === 0) {
      line.push(...spaces.filter((p) => "ansi" in p)); // trailing blanks are dropped, never wrapped onto a line
    } else if (lineWidth > 0 && lineWidth + spacesWidth + wordWidth > max) {
      line.push(...spaces.filter((p) => "ansi" in p)); // keep style changes, drop the blanks
      breakLine();
      softWrapped = true;
    } else if (lineWidth > 0 || !softWrapped) {
      line.push(...spaces);
      lineWidth += spacesWidth;
    } else line.push(...spaces.filter((p) => "ansi" in p));
    spaces = [];
    spacesWidth = 0;
    for (const p of word) {
      if ("text" in p && lineWidth + p.width > max && lineWidth > 0) {
        breakLine();
        softWrapped = true;
      }
      line.push(p);
      if ("text" in p) lineWidth += p.width;
    }
    word = [];
    wordWidth = 0;
  };

  for (const p of pieces(text)) {
    if ("ansi" in p) (wordWidth > 0 || spacesWidth === 0 ? word : spaces).push(p);
    else if (p.text === "\n" || p.text === "\r\n") {
      placeWord();
      breakLine();
      softWrapped = false;
    } else if (p.text === " " || p.text === "\t") {
      if (wordWidth > 0 || word.length > 0) placeWord();
      spaces.push(p);
      spacesWidth += p.width;
    } else {
      word.push(p);
      wordWidth += p.width;
    }
  }
  placeWord();
  lines.push(line);
  return closeStyles(lines);
}

/** Joins pieces into lines, closing a style still open at a line end and reopening it on the next line. */
function closeStyles(lines: Piece[][]): string[] {
  const state = new SgrState();
  return lines.map((line) => {
    let out = state.prefix;
    for (const p of line) {
      if ("ansi" in p) {
        out += p.ansi;
        state.feed(p.ansi);
      } else out += p.text;
    }
    return state.active ? out + SGR_RESET : out;
  });
}

export type Align = "left" | "right" | "center";

export interface TableOptions {
  /** Alignment per column; columns without one are left-aligned. */
  align?: readonly (Align | undefined)[];
  /** Spaces between columns (default 2). */
  gap?: number;
  /** Whether the first row is a header (default true). */
  header?: boolean;
  /** Applied to each header cell, e.g. `pc.bold`; padding is added after it, outside the style. */
  headerStyle?: (cell: string) => string;
  /** Draws a rule of this character under the header (`true` means "─"); default none, as kubectl prints tables. */
  headerRule?: boolean | string;
  /** Styles the rule (e.g. `pc.dim`). */
  ruleStyle?: (rule: string) => string;
  /** When the table is wider than this, the widest columns shrink and their cells wrap onto more lines. */
  maxWidth?: number;
}

/**
 * Lines up `rows` in columns by display width. Cells may contain ANSI codes and `\n`. Returns the lines without
 * trailing spaces or newline.
 * @example renderTable([["이름", "상태"], ["web-1", "Running"]]) // ["이름   상태", "web-1  Running"]
 */
export function renderTable(rows: readonly (readonly string[])[], opts: TableOptions = {}): string[] {
  const gap = opts.gap ?? 2;
  const hasHeader = opts.header ?? true;
  const cols = Math.max(0, ...rows.map((r) => r.length));
  const cellLines = (cell: string): string[] => cell.split("\n");
  const widths = Array.from({ length: cols }, (_, c) =>
    Math.max(0, ...rows.map((r) => Math.max(...cellLines(r[c] ?? "").map(displayWidth)))),
  );
  if (opts.maxWidth !== undefined) shrink(widths, opts.maxWidth - gap * Math.max(0, cols - 1));

  const out: string[] = [];
  rows.forEach((row, r) => {
    const isHeader = hasHeader && r === 0;
    const cells = widths.map((w, c) => {
      const lines = wrapDisplay(row[c] ?? "", w);
      return isHeader && opts.headerStyle ? lines.map(opts.headerStyle) : lines;
    });
    const height = Math.max(1, ...cells.map((l) => l.length));
    for (let i = 0; i < height; i++) {
      const parts = cells.map((lines, c) => align(lines[i] ?? "", widths[c]!, opts.align?.[c] ?? "left"));
      out.push(parts.join(" ".repeat(gap)).trimEnd());
    }
    if (isHeader && opts.headerRule) {
      const ch = opts.headerRule === true ? "─" : opts.headerRule;
      const rule = widths.map((w) => ch.repeat(w)).join(" ".repeat(gap));
      out.push(opts.ruleStyle ? opts.ruleStyle(rule) : rule);
    }
  });
  return out;
}

function align(cell: string, width: number, how: Align): string {
  if (how === "right") return padStartDisplay(cell, width);
  if (how === "center") {
    const left = Math.floor(Math.max(0, width - displayWidth(cell)) / 2);
    return padEndDisplay(" ".repeat(left) + cell, width);
  }
  return padEndDisplay(cell, width);
}

/** Narrows the widest columns one column at a time until they fit `room`; none goes below 6 (or its natural width). */
function shrink(widths: number[], room: number): void {
  const floor = widths.map((w) => Math.min(w, 6));
  let total = widths.reduce((a, b) => a + b, 0);
  while (total > room) {
    let widest = -1;
    widths.forEach((w, i) => {
      if (w > floor[i]! && (widest < 0 || w > widths[widest]!)) widest = i;
    });
    if (widest < 0) return; // cannot fit: let it overflow rather than make cells unreadable
    widths[widest]! -= 1;
    total -= 1;
  }
}
