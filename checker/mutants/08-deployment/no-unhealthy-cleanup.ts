// Skips cleanupUnhealthyReplicas: with crash-looping old pods the available count stays below minAvailable and the
// rollout is stuck until the deadline (kubernetes/kubernetes#16737).
import { defineMutant } from "../../mutant.ts";

export default defineMutant({
  about: { ko: "가용하지 않은 이전 파드를 먼저 정리하지 않는다", en: "does not clean up unavailable old pods first" },
  replace: [{ from: "const cleaned = cleanupUnhealthyReplicas(s, oldRSs, maxScaledDown);", to: "const cleaned = { oldRSs, cleanupCount: 0 };" }],
});
