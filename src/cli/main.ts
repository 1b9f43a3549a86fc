/**
 * The workbook's command line: `npm start` (watch mode) and `npm run <command>`. Every message is in the learner's
 * language; a mistake in what was typed exits 2 with one clear line, never a stack trace.
 */
import type { Lang } from "../i18n/text.ts";
import { parseArgs } from "./args.ts";
import { CheckerClient } from "./checker-client.ts";

const argv = process.argv.slice(2);
const args = parseArgs(argv);
const client = new CheckerClient();
// The commands that check start the checker first, with the chapter as typed: its start-up (a process, a worker
// thread, the chapter's checks) then runs in parallel with the CLI's own, which loads the rest only now.
if (args.command === "check" || args.command === "hint" || args.command === "watch") client.start(args.positional[0]);

const [{ msg }, { DEFAULT_LANG }, { YamlFileError }, { resolveLang }, commands, { lessonNamed, UsageError }] = await Promise.all([
  import("../i18n/messages.ts"),
  import("../i18n/text.ts"),
  import("../workbook/yaml-file.ts"),
  import("../workbook/state.ts"),
  import("./commands.ts"),
  import("./lessons.ts"),
]);

async function main(): Promise<number> {
  try {
    const flag = args.flags.lang;
    if (flag !== undefined && flag !== "ko" && flag !== "en") throw new UsageError(msg("cli.badLang", DEFAULT_LANG, { value: String(flag) }));
    const lang: Lang = resolveLang(typeof flag === "string" ? flag : undefined);
    const [name] = args.positional;
    const lesson = () => lessonNamed(name, args.command, lang);
    switch (args.command) {
      case "watch":
        return await (await import("./watch.ts")).watch(client, lang, name);
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
        return await (await import("../pages/cli.ts")).servePages(lang, args.flags.port);
      case "cluster":
        return await (await import("./cluster.ts")).runCluster(argv.slice(1), lang);
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

main().then(
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

