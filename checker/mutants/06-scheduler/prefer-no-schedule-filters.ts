// Treats a PreferNoSchedule taint like NoSchedule: the node is filtered out, where upstream only lowers its
// TaintToleration score.
import { defineMutant } from "../../mutant.ts";

export default defineMutant({
  about: { ko: "PreferNoSchedule 테인트로도 노드를 걸러 낸다", en: "filters nodes on PreferNoSchedule taints too" },
  replace: [{ from: `if ((taint.effect === "NoSchedule" || taint.effect === "NoExecute") && !tolerationsTolerateTaint(tolerations, taint)) {`, to: `if (taint.effect !== "" && !tolerationsTolerateTaint(tolerations, taint)) {` }],
});
