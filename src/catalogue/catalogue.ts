/**
 * The chapter catalogue, read from the folders themselves: a chapter is a folder `lessons/NN-slug/` with its
 * lesson.yaml, so adding a chapter is adding a folder (and its solution, spec and mutants) with no list to update.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv } from "ajv";
import type { Text } from "../i18n/text.ts";
import { splitFrontMatter } from "../reader/frontmatter.ts";
import { paths } from "../workbook/paths.ts";
import { readYamlFile } from "../workbook/yaml-file.ts";
import lessonSchema from "./lesson.schema.json" with { type: "json" };

export interface LessonMeta {
  component: string;
  file: string;
  slot?: string;
  timeLimitMs?: number;
  hints: Record<string, Text[]>;
}

export interface Lesson extends LessonMeta {
  number: number;
  slug: string;
  /** `NN-slug`, the folder name under lessons/, solutions/, checker/mutants/. */
  dir: string;
  /** `lesson-N`, the name the commands take. */
  id: string;
  title: Text;
  stubPath: string;
  solutionPath: string;
  specPath: string;
  mutantsDir: string;
  markdown: { ko: string; en: string };
}

const FOLDER = /^(\d{2})-([a-z0-9-]+)$/;
const validateMeta = new Ajv({ allErrors: false }).compile<LessonMeta>(lessonSchema);

/** The chapter's title from its front matter; the folder name while the text is missing (a test requires it). */
function titleOf(file: string, fallback: string): string {
  if (!existsSync(file)) return fallback;
  const { data } = splitFrontMatter(readFileSync(file, "utf8"));
  return typeof data.title === "string" ? data.title : fallback;
}

/** Every chapter under `root`, in order. Throws YamlFileError for a broken lesson.yaml. */
export function loadCatalogue(root = paths.root): Lesson[] {
  const lessonsDir = join(root, "lessons");
  if (!existsSync(lessonsDir)) return [];
  return readdirSync(lessonsDir, { withFileTypes: true })
    // A folder without lesson.yaml is a chapter still being written; a test requires every folder to have one.
    .filter((entry) => entry.isDirectory() && FOLDER.test(entry.name) && existsSync(join(lessonsDir, entry.name, "lesson.yaml")))
    .map((entry) => {
      const [, nn, slug] = FOLDER.exec(entry.name)!;
      const dir = entry.name;
      const lessonDir = join(lessonsDir, dir);
      const meta = readYamlFile(join(lessonDir, "lesson.yaml"), validateMeta);
      const markdown = { ko: join(lessonDir, "ko.md"), en: join(lessonDir, "en.md") };
      return {
        ...meta,
        number: Number(nn),
        slug: slug!,
        dir,
        id: `lesson-${Number(nn)}`,
        title: { ko: titleOf(markdown.ko, slug!), en: titleOf(markdown.en, slug!) },
        stubPath: join(lessonDir, meta.file),
        solutionPath: join(root, "solutions", dir, meta.file),
        specPath: join(root, "checker", "specs", `${dir}.spec.ts`),
        mutantsDir: join(root, "checker", "mutants", dir),
        markdown,
      };
    })
    .sort((a, b) => a.number - b.number);
}

/**
 * Finds a chapter by what a learner types: `lesson-2`, `2`, `02`, `etcd` or `02-etcd`.
 * @returns the lesson, or undefined when nothing matches
 */
export function findLesson(lessons: readonly Lesson[], name: string): Lesson | undefined {
  const key = name.trim().toLowerCase();
  const number = /^(?:lesson-?)?(\d{1,2})$/.exec(key)?.[1];
  return lessons.find((l) => (number !== undefined ? l.number === Number(number) : l.slug === key || l.dir === key));
}
