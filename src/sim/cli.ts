/**
 * `npm run sim -- <scenario.yaml> [--json] [--seed N] [--mine lesson-7,...] [--html out.html]`: runs one scenario in
 * virtual time and prints its trace (readable, or JSON lines with --json), then whether its expectations held; with
 * --html it also writes the trace drawn as a timeline (src/pages/timeline.ts). Exit code 1 when an expectation
 * failed or the scenario file is invalid.
 */
import { writeFileSync } from "node:fs";
import { basename } from "node:path";
import { parseArgs } from "node:util";
import { timelineDocument } from "../pages/timeline.ts";
import { resolveLang } from "../workbook/state.ts";
import { YamlFileError } from "../workbook/yaml-file.ts";
import { loadScenario, runScenario } from "./scenario.ts";
import { loadComponents } from "./slots.ts";
import { formatEntry, type TraceEntry } from "./trace.ts";

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { json: { type: "boolean" }, seed: { type: "string" }, mine: { type: "string" }, html: { type: "string" } },
  });
  const file = positionals[0];
  if (!file) {
    console.error("usage: npm run sim -- <scenario.yaml> [--json] [--seed N] [--mine lesson-7,...] [--html out.html]");
    return 2;
  }
  let scenario;
  try {
    scenario = loadScenario(file);
  } catch (err) {
    if (err instanceof YamlFileError) {
      console.error(err.message);
      return 1;
    }
    throw err;
  }
  const seed = values.seed !== undefined ? Number(values.seed) : undefined;
  if (seed !== undefined && !Number.isInteger(seed)) {
    console.error(`Invalid --seed "${values.seed}": give an integer`);
    return 2;
  }
  const { components } = await loadComponents({ mine: values.mine ? values.mine.split(",") : [] });
  const { cluster, failures } = await runScenario(scenario, components, {
    ...(seed !== undefined ? { seed } : {}),
    onCluster: (cluster) => {
      const print = (e: TraceEntry) => console.log(values.json ? JSON.stringify(e) : formatEntry(e));
      cluster.trace.entries.forEach(print); // what happened while the cluster was assembled (nodes registering)
      cluster.trace.onEntry(print);
    },
  });
  if (values.html) writeFileSync(values.html, timelineDocument(cluster.trace.entries, basename(file), resolveLang(undefined)));
  if (values.json) {
    for (const f of failures) console.error(f);
    return failures.length ? 1 : 0;
  }
  console.log(failures.length ? `\n${failures.length} expectation(s) failed:\n${failures.map((f) => "  - " + f).join("\n")}` : "\nall expectations held");
  return failures.length ? 1 : 0;
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, "/").split("/").pop()!)) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
