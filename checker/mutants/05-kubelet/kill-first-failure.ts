// Kills a container at the first failed liveness probe, ignoring failureThreshold.
import { defineMutant } from "../../mutant.ts";

export default defineMutant({
  about: { ko: "failureThreshold를 무시하고 활성 프로브가 처음 실패하면 바로 죽인다", en: "kills at the first failed liveness probe, ignoring failureThreshold" },
  replace: [{ from: "spec.livenessProbe.failureThreshold ?? 3);", to: "1);" }],
});
