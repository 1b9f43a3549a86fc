/**
 * Every chapter is whole and in step with itself: both languages with the same structure, hints for every check,
 * a stub that differs from its solution only at its TODOs, and imports that respect the layers.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import MarkdownIt from "markdown-it";
import { describe, expect, it } from "vitest";
import { loadCatalogue } from "../../src/catalogue/catalogue.ts";
import { diffLines, hunks } from "../../src/cli/diff.ts";
import { splitFrontMatter } from "../../src/reader/frontmatter.ts";
import { paths } from "../../src/workbook/paths.ts";
import type { Spec } from "../spec.ts";

const md = new MarkdownIt({ html: true });

/** What must match between ko.md and en.md: front-matter keys, anchors in order, code blocks without comments. */
function structure(file: string) {
  const { data, body } = splitFrontMatter(readFileSync(file, "utf8"));
  const anchors = [...body.matchAll(/^<a id="([^"]+)"><\/a>\s*$/gm)].map((m) => m[1]);
  const tokens = md.parse(body, {});
  const code = tokens
    .filter((t) => t.type === "fence" || t.type === "code_block")
    .map((t) => ({
      info: t.info.trim(),
      // Comments may be translated; the code itself may not differ.
      lines: t.content
        .split("\n")
        .map((l) => l.replace(/(^|\s)(\/\/|#).*$/, "").trimEnd())
        .filter((l) => l.trim() !== ""),
    }));
  const headings = tokens.filter((t) => t.type === "heading_open").map((t) => t.tag);
  return { keys: Object.keys(data).sort(), anchors, code, headings, data };
}

/** Every `## ` heading starts a section that carries an explicit anchor right before it. */
function headingsWithoutAnchor(file: string): string[] {
  const lines = splitFrontMatter(readFileSync(file, "utf8")).body.split("\n");
  return lines.filter((l, i) => /^##\s/.test(l) && !/^<a id="[^"]+"><\/a>\s*$/.test(lines[i - 1] ?? "") && !/^<a id="[^"]+"><\/a>\s*$/.test(lines[i - 2] ?? ""));
}

const lessons = loadCatalogue();

it("finds the chapters from their folders, each with its lesson.yaml", () => {
  expect(lessons.length).toBeGreaterThan(0);
  const folders = readdirSync(paths.lessons).filter((f) => /^\d\d-/.test(f));
  expect(folders.filter((f) => !existsSync(join(paths.lessons, f, "lesson.yaml")))).toEqual([]);
  expect(lessons.map((l) => l.number)).toEqual([...lessons.map((l) => l.number)].sort((a, b) => a - b));
});

for (const lesson of lessons) {
  describe(lesson.dir, () => {
    it("has its parts: ko.md, en.md, stub, solution, spec", () => {
      for (const file of [lesson.markdown.ko, lesson.markdown.en, lesson.stubPath, lesson.solutionPath, lesson.specPath]) {
        expect(existsSync(file), file).toBe(true);
      }
    });

    it("has ko.md and en.md in parallel: front-matter keys, anchors, headings, code blocks", () => {
      const ko = structure(lesson.markdown.ko);
      const en = structure(lesson.markdown.en);
      expect(ko.keys).toEqual(en.keys);
      expect(ko.keys).toContain("title");
      expect(ko.anchors).toEqual(en.anchors);
      expect(new Set(ko.anchors).size).toBe(ko.anchors.length);
      expect(ko.headings).toEqual(en.headings);
      expect(ko.code).toEqual(en.code);
    });

    it("puts an explicit anchor before every section heading", () => {
      expect(headingsWithoutAnchor(lesson.markdown.ko)).toEqual([]);
      expect(headingsWithoutAnchor(lesson.markdown.en)).toEqual([]);
    });

    it("has a hint ladder for every check, and no hint for a check that does not exist", async () => {
      const spec = ((await import(lesson.specPath)) as { default: Spec<unknown> }).default;
      const ids = spec.checks.map((c) => c.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(Object.keys(lesson.hints).sort()).toEqual([...ids].sort());
      for (const check of spec.checks) {
        expect(check.name.ko.trim(), check.id).not.toBe("");
        expect(check.name.en.trim(), check.id).not.toBe("");
      }
    });

    it("has a stub that differs from its solution only where its TODOs are", () => {
      const stub = readFileSync(lesson.stubPath, "utf8").split("\n");
      const solution = readFileSync(lesson.solutionPath, "utf8").split("\n");
      const bad = hunks(diffLines(stub, solution)).filter(
        (h) => !h.del.some((l) => l.includes("TODO")) && !(h.add.length === 0 && h.del.every((l) => /^import \{ todo \} from "#kube";$/.test(l) || l.trim() === "")),
      );
      expect(bad).toEqual([]);
      expect(stub.some((l) => l.includes("todo("))).toBe(true);
    });

    it("imports only #kube and node built-ins from its stub and solution", () => {
      for (const file of [lesson.stubPath, lesson.solutionPath]) {
        const sources = [...readFileSync(file, "utf8").matchAll(/^\s*(?:import|export)\b[^"';]*?from\s+["']([^"']+)["']/gm)].map((m) => m[1]!);
        expect(sources.filter((s) => s !== "#kube" && !s.startsWith("node:") && !s.startsWith("kubernetes-types/")), file).toEqual([]);
      }
    });
  });
}

it("keeps src/ free of imports from checker/, lessons/ and solutions/", () => {
  const offenders: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts")) {
        const text = readFileSync(path, "utf8");
        if (/from\s+["'](\.\.\/)+(checker|lessons|solutions)\//.test(text)) offenders.push(path);
      }
    }
  };
  walk(join(paths.root, "src"));
  expect(offenders).toEqual([]);
});
