/**
 * A chapter's last check: the component under test, swapped into a whole simulated cluster (every other slot filled
 * by the reference), runs one of the scenarios in scenarios/ and must meet its expectations. This is where a learner
 * sees their code heal a cluster, not just answer table cases.
 */
import { join } from "node:path";
import type { Text } from "../src/i18n/text.ts";
import type { Components } from "../src/sim/components.ts";
import { loadScenario, runScenario } from "../src/sim/scenario.ts";
import { loadComponents } from "../src/sim/slots.ts";
import { paths } from "../src/workbook/paths.ts";
import type { Check } from "./spec.ts";

export interface InClusterOptions<M> {
  id?: string;
  name: Text;
  /** A file under scenarios/. */
  scenario: string;
  /** The chapter, for the command that replays the run with the learner's component: `lesson-7`. */
  lesson: string;
  /** The reference components with the component under test put in its slot. */
  swap: (impl: M, reference: Components) => Components;
}

export function inClusterCheck<M>({ id = "in-cluster", name, scenario, lesson, swap }: InClusterOptions<M>): Check<M> {
  return {
    id,
    name,
    // A whole cluster in virtual time: seconds of work on a busy machine, far from a hang.
    timeLimitMs: 60_000,
    async run({ impl, fail }) {
      const { components } = await loadComponents();
      const file = join(paths.root, "scenarios", scenario);
      const { failures, cluster } = await runScenario(loadScenario(file), swap(impl, components));
      if (failures.length > 0) {
        fail(
          {
            ko: `클러스터에 넣어 돌린 시나리오(scenarios/${scenario})의 기대를 채우지 못했다`,
            en: `in a cluster, the scenario scenarios/${scenario} did not meet its expectations`,
          },
          { given: `npm run sim -- scenarios/${scenario} --mine ${lesson}`, expected: "expect: …", actual: [...failures, "…", ...cluster.trace.toText().split("\n").slice(-12)].join("\n") },
        );
      }
    },
  };
}
