// Adds the plugin scores with equal weights: a tolerated taint then counts no more than a little free cpu.
import { defineMutant } from "../../mutant.ts";

export default defineMutant({
  about: { ko: "모든 점수 플러그인의 가중치를 1로 둔다", en: "weighs every score plugin 1" },
  replace: [
    { from: "  TaintToleration: 3,\n", to: "  TaintToleration: 1,\n" },
    { from: "  NodeAffinity: 2,\n", to: "  NodeAffinity: 1,\n" },
  ],
});
