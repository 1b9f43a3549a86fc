// Counts pods that are being deleted as replicas, so a pod in its grace period is not replaced until it is gone.
import { defineMutant } from "../../mutant.ts";

export default defineMutant({
  about: { ko: "삭제 중인 파드도 활성으로 센다", en: "counts terminating pods as active" },
  replace: [{ from: 'return phase !== "Succeeded" && phase !== "Failed" && !pod.metadata?.deletionTimestamp;', to: 'return phase !== "Succeeded" && phase !== "Failed";' }],
});
