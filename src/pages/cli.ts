/**
 * The pages from the command line: `npm run pages [-- --port N]` serves them until Ctrl-C, and watch mode starts them
 * beside the checks. The usual port is 8088; when it is taken (another workbook, or `npm start` already running),
 * any free port is used and the line printed says which.
 */
import pc from "picocolors";
import { msg } from "../i18n/messages.ts";
import type { Lang } from "../i18n/text.ts";
import { startPages, type Pages } from "./server.ts";

export const DEFAULT_PORT = 8088;

/** Starts the pages on `port`, or on any free port when that one is in use (and no port was asked for). */
export async function startPagesAnyPort(port?: number): Promise<Pages> {
  try {
    return await startPages({ port: port ?? DEFAULT_PORT });
  } catch (error) {
    if (port !== undefined || (error as NodeJS.ErrnoException).code !== "EADDRINUSE") throw error;
    return startPages({ port: 0 });
  }
}

/** The one line that says where the pages are. */
export const pagesLine = (pages: Pages, lang: Lang): string => `${msg("pages.title", lang)}: ${pc.cyan(pages.url)}`;

/** `npm run pages`: serves until SIGINT or SIGTERM. */
export async function servePages(lang: Lang, port?: string | true): Promise<number> {
  const asked = typeof port === "string" ? Number(port) : undefined;
  if (asked !== undefined && !(Number.isInteger(asked) && asked >= 0 && asked < 65536)) {
    console.error(msg("pages.badPort", lang, { value: String(port) }));
    return 2;
  }
  const pages = await startPagesAnyPort(asked);
  console.log(pagesLine(pages, lang));
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  await pages.stop();
  return 0;
}
