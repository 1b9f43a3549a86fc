/**
 * The workbook's command line: `npm start` (watch mode) and `npm run <command>`. Every message is in the learner's
 * language; a mistake in what was typed exits 2 with one clear line, never a stack trace.
 */
import { msg } from "../i18n/messages.ts";
import { DEFAULT_LANG, type Lang } from "../i18n/text.ts";
import { servePages } from "../pages/cli.ts";
import { YamlFileError } from "../workbook/yaml-file.ts";
import { resolveLang } from "../workbook/state.ts";
import { parseArgs } from "./args.ts";
import { CheckerClient } from "./checker-client.ts";
import * as commands from "./commands.ts";
import { runCluster } from "./cluster.ts";
import { lessonNamed, UsageError } from "./lessons.ts";
import { watch } from "./watch.ts";

async function main(argv: readonly string[]): Promise<number> {
  const args = parseArgs(argv);
  const flag = args.flags.lang;
  if (flag !== undefined && flag !== "ko" && flag !== "en") throw new UsageError(msg("cli.badLang", DEFAULT_LANG, { value: String(flag) }));
  const lang: Lang = resolveLang(typeof flag === "string" ? flag : undefined);
  const [name] = args.positional;
  const lesson = () => lessonNamed(name, args.command, lang);
  const client = new CheckerClient();
  try {
    switch (args.command) {
      case "watch":
        return await watch(client, lang, name);
      case "check":
        return await commands.check(client, lesson(), commands.parseSeed(args.flags.seed, lang), lang);
      case "hint":
        return await commands.hint(client, lesson(), lang);
      case "list":
        return commands.list(lang);
      case "read":
        return await commands.read(lesson(), lang);
      case "compare":
        return await commands.compare(lesson(), lang, args.flags.force === true);
      case "reset":
        return await commands.reset(lesson(), lang, args.flags.yes === true);
      case "lang":
        return commands.lang(name, lang);
      case "pages":
        return await servePages(lang, args.flags.port);
      case "cluster":
        return await runCluster(argv.slice(1), lang);
      case "help":
      case "--help":
        console.log(msg("cli.usage", lang));
        return 0;
      default:
        throw new UsageError(`${msg("cli.unknownCommand", lang, { command: args.command })}\n\n${msg("cli.usage", lang)}`);
    }
  } finally {
    client.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError) {
      console.error(error.message);
      process.exitCode = error.code;
    } else if (error instanceof YamlFileError) {
      console.error(msg("cli.badLessonFile", resolveLang(undefined), { error: error.message }));
      process.exitCode = 2;
    } else {
      console.error(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
      process.exitCode = 3;
    }
  },
);

