// Looks only at spec.replicas when cleaning up history: a ReplicaSet scaled to 0 whose pods are still terminating is
// deleted, and the garbage collector kills those pods at once.
import { defineMutant } from "../../mutant.ts";

export default defineMutant({
  about: { ko: "파드가 남은 이전 레플리카셋도 이력 정리로 지운다", en: "history clean-up deletes old ReplicaSets that still have pods" },
  replace: [{ from: "if ((rs.status?.replicas ?? 0) !== 0 || rsReplicas(rs) !== 0 ||", to: "if (rsReplicas(rs) !== 0 ||" }],
});
