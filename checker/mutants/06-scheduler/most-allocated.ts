// Scores the share of the node that is used instead of the share left free: MostAllocated, the bin-packing strategy,
// where the default profile spreads pods with LeastAllocated.
import { defineMutant } from "../../mutant.ts";

export default defineMutant({
  about: { ko: "LeastAllocated 대신 MostAllocated(사용 비율)로 점수를 매긴다", en: "scores with MostAllocated (the used share) instead of LeastAllocated" },
  replace: [{ from: "return Math.floor(((capacity - requested) * MAX_NODE_SCORE) / capacity);", to: "return Math.floor((requested * MAX_NODE_SCORE) / capacity);" }],
});
