// Lets pods onto nodes whose NoSchedule taints they do not tolerate; only NoExecute keeps them off.
import { defineMutant } from "../../mutant.ts";

export default defineMutant({
  about: { ko: "NoSchedule 테인트를 무시한다", en: "ignores NoSchedule taints" },
  replace: [{ from: `if ((taint.effect === "NoSchedule" || taint.effect === "NoExecute") && !tolerationsTolerateTaint(tolerations, taint)) {`, to: `if (taint.effect === "NoExecute" && !tolerationsTolerateTaint(tolerations, taint)) {` }],
});
