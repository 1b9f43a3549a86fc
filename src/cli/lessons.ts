/** Finding the chapter a command names, with an error that lists the valid ones. */
import { findLesson, loadCatalogue, type Lesson } from "../catalogue/catalogue.ts";
import { msg } from "../i18n/messages.ts";
import type { Lang } from "../i18n/text.ts";

/** A failure the CLI reports in one line and exits with `code` (2: bad usage). */
export class UsageError extends Error {
  override name = "UsageError";
  constructor(
    message: string,
    readonly code = 2,
  ) {
    super(message);
  }
}

export function lessonNamed(name: string | undefined, command: string, lang: Lang, lessons: Lesson[] = loadCatalogue()): Lesson {
  if (!name) throw new UsageError(msg("cli.needLesson", lang, { command }));
  const lesson = findLesson(lessons, name);
  if (!lesson) throw new UsageError(msg("cli.unknownLesson", lang, { name, valid: lessons.map((l) => `${l.id} (${l.slug})`).join(", ") }));
  return lesson;
}
