// Applies percentageOfNodesToScore without upstream's floor of 100 nodes: a low percentage scores too few nodes.
import { defineMutant } from "../../mutant.ts";

export default defineMutant({
  about: { ko: "percentageOfNodesToScore에 100개 하한을 두지 않는다", en: "applies percentageOfNodesToScore without the floor of 100 nodes" },
  replace: [{ from: "  return numNodes < MIN_FEASIBLE_NODES_TO_FIND ? MIN_FEASIBLE_NODES_TO_FIND : numNodes;", to: "  return numNodes;" }],
});
