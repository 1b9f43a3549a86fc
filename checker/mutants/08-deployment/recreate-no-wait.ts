// Recreate that does not wait for the old pods to terminate: old and new pods run side by side, which is exactly what
// Recreate promises never to do.
import { defineMutant } from "../../mutant.ts";

export default defineMutant({
  about: { ko: "Recreate가 이전 파드가 끝나기를 기다리지 않는다", en: "Recreate does not wait for old pods to be gone" },
  replace: [{ from: "if (oldPodsRunning(newRS, oldRSs, podMap)) return syncRolloutStatus(s, allRSs, newRS);", to: "" }],
});
