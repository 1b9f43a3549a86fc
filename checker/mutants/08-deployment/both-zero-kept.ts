// Leaves surge 0 / unavailable 0 as it is: with 1 replica at 0%/25% nothing may be added and nothing removed, and the
// rollout never moves.
import { defineMutant } from "../../mutant.ts";

export default defineMutant({
  about: { ko: "둘 다 0이어도 최대 불가를 1로 올리지 않는다", en: "keeps maxUnavailable 0 when both come out 0" },
  replace: [{ from: "if (surge === 0 && unavailable === 0) unavailable = 1;", to: "" }],
});
