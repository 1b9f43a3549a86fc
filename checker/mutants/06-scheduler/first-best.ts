// Takes the first of the tied best nodes instead of asking `pick`: every tie goes the same way, and pods pile up on
// the first nodes where upstream spreads them at random.
import { defineMutant } from "../../mutant.ts";

export default defineMutant({
  about: { ko: "동점이면 pick에 묻지 않고 첫 노드를 고른다", en: "takes the first tied node instead of asking pick" },
  replace: [{ from: "  return pick(tied.map((i) => names[i]!));", to: "  return names[tied[0]!]!;" }],
});
