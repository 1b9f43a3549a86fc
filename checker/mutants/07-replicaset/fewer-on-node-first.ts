// Reads the rank the wrong way round: deletes pods from the node with the fewest related pods, piling the survivors
// onto the crowded nodes.
import { defineMutant } from "../../mutant.ts";

export default defineMutant({
  about: { ko: "관련 파드가 적은 노드의 파드부터 지운다", en: "deletes pods on nodes with fewer related pods first" },
  replace: [{ from: "if (a.rank !== b.rank) return a.rank > b.rank;", to: "if (a.rank !== b.rank) return a.rank < b.rank;" }],
});
