/**
 * Scenarios: YAML files (schema: scenario.schema.json, errors as `file:line:column: $.path: problem`) that build a
 * cluster of nodes, apply manifests, run timed steps (kubectl-like changes and faults) and check expectations at
 * given times or at the end. `runScenario` returns the trace and the expectations that failed.
 */
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { Ajv } from "ajv";
import { parseAllDocuments } from "yaml";
import { type KubeObject } from "#kube";
import { readYamlFile } from "../workbook/yaml-file.ts";
import { parseDuration } from "./clock.ts";
import { Cluster } from "./cluster.ts";
import type { Components } from "./components.ts";
import { checkExpectation, type Expectation } from "./expect.ts";
import type { NodeSpecInput } from "./nodes.ts";
import { applyStep, type Step } from "./steps.ts";
import schema from "./scenario.schema.json" with { type: "json" };

type Duration = string | number;
type Manifest = KubeObject | { path: string };

export interface Scenario {
  description?: string;
  seed?: number;
  until?: Duration;
  nodes: (NodeSpecInput & { count?: number })[];
  apply?: Manifest[];
  steps?: (Step & { at: Duration })[];
  expect?: (Expectation & { at?: Duration })[];
}

const validate = new Ajv({ allErrors: false }).compile<Scenario>(schema);

/** Reads and validates a scenario file; throws YamlFileError naming the first problem's place. */
export function loadScenario(file: string): Scenario & { file: string } {
  return { ...readYamlFile(file, validate), file };
}

/** Inline manifests as they are; `{ path }` entries read (multi-document YAML) relative to the scenario file. */
export function resolveManifests(list: readonly Manifest[] | undefined, baseDir: string): KubeObject[] {
  return (list ?? []).flatMap((m) =>
    "path" in m && typeof m.path === "string"
      ? parseAllDocuments(readFileSync(resolve(baseDir, m.path), "utf8")).map((d) => d.toJS() as KubeObject).filter(Boolean)
      : [m as KubeObject],
  );
}

export interface ScenarioResult {
  cluster: Cluster;
  failures: string[];
}

export async function runScenario(
  scenario: Scenario & { file?: string },
  components: Components,
  options: { seed?: number; onCluster?: (cluster: Cluster) => void } = {},
): Promise<ScenarioResult> {
  const baseDir = scenario.file ? dirname(scenario.file) : process.cwd();
  const nodes = scenario.nodes.flatMap(({ count, ...n }) => (count ? Array.from({ length: count }, (_, i) => ({ ...n, name: `${n.name}-${i + 1}` })) : [n]));
  const cluster = await Cluster.create({ components, seed: options.seed ?? scenario.seed ?? 1, nodes });
  options.onCluster?.(cluster);
  await cluster.apply(resolveManifests(scenario.apply, baseDir));
  const timed = [
    ...(scenario.steps ?? []).map((s, i) => ({ at: parseDuration(s.at), order: 0, i, run: () => applyStep(cluster, s, (m) => resolveManifests(m, baseDir)) })),
    ...(scenario.expect ?? []).filter((e) => e.at !== undefined).map((e, i) => ({ at: parseDuration(e.at!), order: 1, i, run: async () => checkExpectation(cluster, e) })),
  ].sort((a, b) => a.at - b.at || a.order - b.order || a.i - b.i);
  const lastAt = Math.max(0, ...timed.map((t) => t.at));
  const until = scenario.until !== undefined ? parseDuration(scenario.until) : lastAt + 60_000;
  const failures: string[] = [];
  for (const t of timed) {
    await cluster.runUntil(t.at);
    const failure = await t.run();
    if (typeof failure === "string") failures.push(failure);
  }
  await cluster.runUntil(until);
  for (const e of (scenario.expect ?? []).filter((x) => x.at === undefined)) {
    const failure = checkExpectation(cluster, e);
    if (failure) failures.push(failure);
  }
  for (const { label, error } of cluster.errors) failures.push(`error in ${label}: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
  return { cluster, failures };
}
