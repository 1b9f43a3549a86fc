// Reports ready pods as available, ignoring minReadySeconds: the status (and `kubectl rollout status`) says a rollout
// is done before its pods have proven themselves.
import { defineMutant } from "../../mutant.ts";

export default defineMutant({
  about: { ko: "status에서 준비된 파드를 가용 파드로 센다", en: "status counts ready pods as available" },
  replace: [{ from: "const availableReplicas = getAvailableReplicaCountForReplicaSets(allRSs);", to: "const availableReplicas = sum(allRSs, (rs) => rs.status?.readyReplicas);" }],
});
