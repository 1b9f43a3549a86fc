/**
 * The learner's commands, run as a learner runs them, in a temporary copy of the workbook (a git repository of its
 * own, so `reset` finds the pristine stub): check, languages, failure messages, hints, compare, reset, watch mode.
 */
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { validateResult } from "../result.ts";
import { copyWorkbook, type WorkbookCopy } from "../testing/workbook-copy.ts";

let root = "";
const STUB = "lessons/01-desired-state/reconcile.ts";
const SOLUTION = "solutions/01-desired-state/reconcile.ts";

function cli(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, ["--import", "tsx", "src/cli/main.ts", ...args], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, WORKBOOK_LANG: "", npm_config_lang: "", NO_COLOR: "1", FORCE_COLOR: "0", ...env },
    timeout: 300_000,
  });
  return { code: result.status, out: result.stdout, err: result.stderr, all: result.stdout + result.stderr };
}

const read = (file: string) => readFileSync(join(root, file), "utf8");
const write = (file: string, text: string) => writeFileSync(join(root, file), text);
const solution = () => read(SOLUTION);
/** The solution with one change: a learner's near miss. */
const solutionWith = (from: string, to: string) => {
  const text = solution();
  expect(text.includes(from), from).toBe(true);
  return text.replace(from, to);
};

let copy: WorkbookCopy | undefined;

beforeAll(() => {
  copy = copyWorkbook();
  root = copy.root;
});

afterAll(() => copy?.remove());

describe("npm run check", () => {
  it("fails the untouched stub, lists the checks in Korean, and writes no learner file", () => {
    const before = read(STUB);
    const r = cli(["check", "lesson-1"]);
    expect(r.code).toBe(1);
    expect(r.out).toContain("✗ 없는 오브젝트를 만들고 관리 레이블을 붙인다");
    expect(r.out).toContain("TODO");
    expect(r.out).toContain(`${STUB}:`);
    expect(read(STUB)).toBe(before);
  });

  it("takes the lesson as lesson-1, 1, 01 or its slug", () => {
    for (const name of ["1", "01", "desired-state"]) expect(cli(["check", name]).out).toContain("lesson-1 ·");
  });

  it("speaks English with --lang en, WORKBOOK_LANG=en, npm's --lang, or a saved preference", () => {
    expect(cli(["check", "lesson-1", "--lang", "en"]).out).toContain("✗ creates what is missing, with the managed-by label");
    expect(cli(["check", "lesson-1"], { WORKBOOK_LANG: "en" }).out).toContain("checks passed");
    expect(cli(["check", "lesson-1"], { npm_config_lang: "en" }).out).toContain("checks passed");
    expect(cli(["lang", "en"]).code).toBe(0);
    expect(cli(["check", "lesson-1"]).out).toContain("checks passed");
    expect(cli(["lang", "ko"]).code).toBe(0);
    expect(cli(["check", "lesson-1"]).out).toContain("검사 통과");
  });

  it("names the valid lessons for an unknown one, exit 2", () => {
    const r = cli(["check", "lesson-99", "--lang", "en"]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('Unknown lesson "lesson-99"');
    expect(r.err).toContain("lesson-1 (desired-state)");
  });

  it("shows the input, the reference's answer, the learner's, the seed and the replay command", () => {
    write(STUB, solutionWith("const ours = have.metadata.labels?.[MANAGED_BY] === manager;", "const ours = true;"));
    const r = cli(["check", "lesson-1", "--seed", "7", "--lang", "en"]);
    expect(r.code).toBe(1);
    expect(r.out).toContain("first failing check: deletes only the objects it manages");
    for (const label of ["given:", "reference:", "your code:"]) expect(r.out).toContain(label);
    expect(r.out).toContain("seed: 7");
    expect(r.out).toContain("npm run check lesson-1 -- --seed 7");
    expect(cli(["check", "lesson-1", "--seed", "7", "--lang", "en"]).out.replace(/\(\d+ ms\)/g, "")).toBe(r.out.replace(/\(\d+ ms\)/g, ""));
  });

  const cases: [string, string, string][] = [
    ["throws", solutionWith("const actions: Action[] = [];", 'const actions: Action[] = []; if (desired.length > 0) throw new Error("boom");'), "your code threw: Error: boom"],
    ["mutates its input", solutionWith("const out: Record<string, unknown> = { ...live };", "const out: Record<string, unknown> = live;"), "changed an object it was given"],
    ["returns the wrong shape", solutionWith("return actions;\n}", "return actions.map((a) => ({ ...a, type: 42 })) as unknown as Action[];\n}"), "wrong shape"],
    ["has a syntax error", solutionWith("const actions: Action[] = [];", "const actions: Action[] = [;"), `${STUB}:`],
    ["lacks the export", solutionWith("export function reconcile(", "function reconcile("), "does not export reconcile"],
  ];
  for (const [what, code, expected] of cases) {
    it(`says so clearly when the code ${what}, without a stack trace`, () => {
      write(STUB, code);
      const r = cli(["check", "lesson-1", "--lang", "en"]);
      expect(r.code).toBe(1);
      expect(r.all).toContain(expected);
      expect(r.all).not.toMatch(/^\s+at /m);
    });
  }

  it("stops code that never returns and names the call", { timeout: 400_000 }, () => {
    write(STUB, solutionWith("const actions: Action[] = [];", "const actions: Action[] = []; while (desired.length > 0) {}"));
    const r = cli(["check", "lesson-1", "--lang", "en"]);
    expect(r.code).toBe(1);
    expect(r.out).toContain("did not finish within 5 s");
    expect(r.out).toContain("running: reconcile(");
  });

  it("passes the completed stub, records progress and writes a result that matches its schema", () => {
    write(STUB, solution());
    const r = cli(["check", "lesson-1"]);
    expect(r.code).toBe(0);
    const progress = JSON.parse(read(".workbook/progress.json"));
    expect(progress.lessons["desired-state"].status).toBe("passed");
    const result = JSON.parse(read(".workbook/results/lesson-1.json"));
    expect(validateResult(result), JSON.stringify(validateResult.errors)).toBe(true);
    expect(result.status).toBe("passed");
    expect(result.checks.every((c: { status: string }) => c.status === "passed")).toBe(true);
  });
});

describe("npm run list", () => {
  it("shows each chapter with its state, Hangul columns lined up", () => {
    const r = cli(["list"]);
    expect(r.code).toBe(0);
    const row = r.out.split("\n").find((l) => l.includes("reconcile"))!;
    expect(row).toContain("통과");
  });
});

describe("npm run hint", () => {
  it("climbs the ladder of the first failing check and records it", () => {
    write(STUB, solutionWith("const ours = have.metadata.labels?.[MANAGED_BY] === manager;", "const ours = true;"));
    const first = cli(["hint", "lesson-1", "--lang", "en"]);
    expect(first.out).toContain("hint 1 of 2 — deletes only the objects it manages");
    const second = cli(["hint", "lesson-1", "--lang", "en"]);
    expect(second.out).toContain("hint 2 of 2");
    expect(second.out).toContain("This is the last hint");
    expect(JSON.parse(read(".workbook/progress.json")).lessons["desired-state"].hintsUsed["deletes-only-owned"]).toBe(2);
  });
});

describe("npm run compare", () => {
  it("refuses before the chapter passes unless forced, then shows a diff", () => {
    const refused = cli(["compare", "lesson-1", "--lang", "en"]);
    expect(refused.code).toBe(1);
    expect(refused.out).toContain("--force");
    const forced = cli(["compare", "lesson-1", "--force", "--lang", "en"]);
    expect(forced.code).toBe(0);
    expect(forced.out).toContain("- " + "    const ours = true;");
    expect(forced.out).toContain("+ " + "    const ours = have.metadata.labels?.[MANAGED_BY] === manager;");
  });
});

describe("npm run reset", () => {
  it("backs the learner's file up, then restores the pristine stub", () => {
    const mine = read(STUB);
    const r = cli(["reset", "lesson-1", "--yes", "--lang", "en"]);
    expect(r.code).toBe(0);
    expect(read(STUB)).toBe(execFileSync("git", ["-C", root, "show", `HEAD:${STUB}`], { encoding: "utf8" }));
    const backups = readdirSync(join(root, ".workbook/backups/01-desired-state"));
    expect(backups).toHaveLength(1);
    expect(read(`.workbook/backups/01-desired-state/${backups[0]}`)).toBe(mine);
    expect(r.out).toContain(`.workbook/backups/01-desired-state/${backups[0]}`);
  });

  it("asks first, and without an answer changes nothing", () => {
    write(STUB, "// my work\n");
    const r = cli(["reset", "lesson-1", "--lang", "en"]);
    expect(r.code).toBe(1);
    expect(read(STUB)).toBe("// my work\n");
  });
});

describe("npm start (watch mode)", () => {
  it("checks the open chapter, re-checks on save, and quits on ㅂ (q with the Korean layout)", { timeout: 180_000 }, async () => {
    write(STUB, solutionWith("const ours = have.metadata.labels?.[MANAGED_BY] === manager;", "const ours = true;"));
    const child = spawn(process.execPath, ["--import", "tsx", "src/cli/main.ts", "watch", "lesson-1", "--lang", "en"], {
      cwd: root,
      env: { ...process.env, NO_COLOR: "1", WORKBOOK_LANG: "" },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    const waitFor = async (text: string, from = 0) => {
      for (let i = 0; i < 600 && !out.slice(from).includes(text); i++) await new Promise((r) => setTimeout(r, 100));
      expect(out.slice(from)).toContain(text);
    };
    await waitFor("checks passed");
    await waitFor("[h] hint");
    const mark = out.length;
    write(STUB, solution());
    await waitFor("Every check passed", mark);
    const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
    child.stdin.write("ㅂ");
    expect(await exited).toBe(0);
    expect(existsSync(join(root, STUB))).toBe(true);
  });
});
