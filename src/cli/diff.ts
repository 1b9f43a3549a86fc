/**
 * A line diff (longest common subsequence), small enough to read: the CLI's `compare` shows it, and a test uses it to
 * prove that each stub differs from its solution only where the TODOs are.
 */

export type DiffLine = { op: "same" | "del" | "add"; text: string };

/** Lines of `a` and `b` with what was deleted from `a` and added in `b`. Quadratic: fine for files of a few hundred lines. */
export function diffLines(a: readonly string[], b: readonly string[]): DiffLine[] {
  const n = a.length;
  const m = b.length;
  // lcs[i][j]: length of the longest common subsequence of a[i..] and b[j..].
  const lcs = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  }
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      out.push({ op: "same", text: a[i++]! });
      j++;
    } else if (j < m && (i === n || lcs[i]![j + 1]! >= lcs[i + 1]![j]!)) out.push({ op: "add", text: b[j++]! });
    else out.push({ op: "del", text: a[i++]! });
  }
  return out;
}

/** Runs of changed lines, each with the deleted and the added lines. */
export function hunks(diff: readonly DiffLine[]): { del: string[]; add: string[] }[] {
  const out: { del: string[]; add: string[] }[] = [];
  let current: { del: string[]; add: string[] } | undefined;
  for (const line of diff) {
    if (line.op === "same") {
      current = undefined;
      continue;
    }
    if (!current) out.push((current = { del: [], add: [] }));
    current[line.op].push(line.text);
  }
  return out;
}
