/**
 * Watch mode (`npm start`): opens the first unfinished chapter, checks it on every save of the stub, and takes single
 * keys. The keys also work with the Korean input method on (ㅗ ㅣ ㅜ ㄱ ㅂ sit where h l n r q are), so a learner
 * writing Korean comments need not switch layouts. It never moves on by itself: a pass is a moment to compare.
 */
import { watch as watchFile, type FSWatcher } from "node:fs";
import pc from "picocolors";
import { loadCatalogue, type Lesson } from "../catalogue/catalogue.ts";
import { msg } from "../i18n/messages.ts";
import { pagesLine, startPagesAnyPort } from "../pages/cli.ts";
import type { Lang } from "../i18n/text.ts";
import { shown } from "../workbook/paths.ts";
import { readProgress, statusOf } from "../workbook/state.ts";
import type { CheckerClient } from "./checker-client.ts";
import * as commands from "./commands.ts";
import { lessonNamed } from "./lessons.ts";
import { renderReport } from "./report.ts";

/** Key -> action; the second column is the same key on a Korean (두벌식) layout. */
const KEYS: Record<string, "hint" | "list" | "next" | "reset" | "quit" | "yes"> = {
  h: "hint", ㅗ: "hint",
  l: "list", ㅣ: "list",
  n: "next", ㅜ: "next",
  r: "reset", ㄱ: "reset",
  q: "quit", ㅂ: "quit", "\u0003": "quit",
  y: "yes", ㅛ: "yes",
};

export function keyAction(key: string): (typeof KEYS)[string] | undefined {
  return KEYS[key.toLowerCase()] ?? KEYS[key];
}

const allPassed = (lessons: readonly Lesson[]): boolean => {
  const progress = readProgress();
  return lessons.every((l) => statusOf(progress, l.slug) === "passed");
};

export async function watch(client: CheckerClient, lang: Lang, name?: string): Promise<number> {
  const lessons = loadCatalogue();
  const progress = readProgress();
  let index = name
    ? lessons.indexOf(lessonNamed(name, "start", lang, lessons))
    : Math.max(0, lessons.findIndex((l) => statusOf(progress, l.slug) !== "passed"));
  if (allPassed(lessons)) console.log(pc.bold(pc.green(msg("watch.allDone", lang))));
  // The lesson pages beside the checks; watch mode works the same without them.
  const pages = await startPagesAnyPort().catch(() => undefined);

  let watcher: FSWatcher | undefined;
  let running = false;
  let again = false;
  let confirmingReset = false;
  let debounce: NodeJS.Timeout | undefined;
  const tty = process.stdout.isTTY;

  const checkNow = async (): Promise<void> => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    const lesson = lessons[index]!;
    try {
      if (tty) process.stdout.write("\x1b[2J\x1b[H");
      console.log(pc.dim(msg("watch.checking", lang)));
      const result = await commands.runCheck(client, lesson, commands.parseSeed(undefined, lang), lang, true);
      console.log(renderReport(result, lesson, lang));
      if (result.status === "passed" && allPassed(lessons)) console.log("\n" + pc.bold(pc.green(msg("watch.allDone", lang))));
    } catch (error) {
      console.error(pc.red((error as Error).message));
    } finally {
      console.log("\n" + pc.dim(msg("watch.keys", lang)));
      if (pages) console.log(pc.dim(pagesLine(pages, lang)));
      running = false;
      if (again) {
        again = false;
        void checkNow();
      }
    }
  };

  const open = async (): Promise<void> => {
    const lesson = lessons[index]!;
    watcher?.close();
    // Editors save by rename as often as by write; watching the folder and filtering by name sees both.
    watcher = watchFile(lesson.stubPath, () => {
      clearTimeout(debounce);
      debounce = setTimeout(() => void checkNow(), 150);
    });
    console.log(pc.bold(msg("watch.opening", lang, { id: lesson.id, title: lesson.title[lang], file: shown(lesson.stubPath) })));
    await checkNow();
  };

  await open();

  return new Promise((resolve) => {
    const stdin = process.stdin;
    if (stdin.isTTY) stdin.setRawMode(true);
    stdin.setEncoding("utf8");
    let done = false;
    const quit = () => {
      if (done) return;
      done = true;
      watcher?.close();
      clearTimeout(debounce);
      void pages?.stop();
      if (stdin.isTTY) stdin.setRawMode(false);
      stdin.pause();
      // A paused stdin that is a pipe (a test, an editor's terminal) still holds the process open: let it go.
      stdin.destroy();
      console.log(msg("watch.bye", lang));
      resolve(0);
    };
    stdin.on("end", quit);
    stdin.on("data", (chunk: string) => {
      for (const key of chunk) {
        const action = keyAction(key);
        if (confirmingReset) {
          confirmingReset = false;
          const lesson = lessons[index]!;
          if (action === "yes") {
            const { ok, message } = commands.restoreStub(lesson, lang);
            (ok ? console.log : console.error)(message);
          } else console.log(msg("reset.cancelled", lang));
          continue;
        }
        if (action === "quit") return quit();
        if (action === "hint") void commands.hint(client, lessons[index]!, lang);
        else if (action === "list") commands.list(lang);
        else if (action === "next") {
          if (index + 1 >= lessons.length) console.log(msg("watch.lastChapter", lang));
          else {
            index++;
            void open();
          }
        } else if (action === "reset") {
          confirmingReset = true;
          console.log(msg("watch.resetConfirm", lang));
        }
      }
    });
    stdin.resume();
  });
}
