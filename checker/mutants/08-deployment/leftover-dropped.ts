// Drops the rounding leftover of proportional scaling: 3 ReplicaSets of 1 scaled to 4 stay at 3 pods in all.
import { defineMutant } from "../../mutant.ts";

export default defineMutant({
  about: { ko: "비례 스케일링의 반올림 나머지를 버린다", en: "drops the rounding leftover of proportional scaling" },
  replace: [{ from: "if (toAdd !== 0 && sizes.length > 0) sizes[0] = Math.max(0, sizes[0]! + toAdd - added);", to: "" }],
});
