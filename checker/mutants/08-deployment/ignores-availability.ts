// Counts pods as available as soon as they are asked for: old ReplicaSets shrink while the new pods are still starting
// (or crash-looping), and a bad rollout takes the service down.
import { defineMutant } from "../../mutant.ts";

export default defineMutant({
  about: { ko: "새 파드가 가용해지기 전에 이전 레플리카셋을 줄인다", en: "scales old ReplicaSets down before the new pods are available" },
  replace: [
    { from: "const newRSUnavailablePodCount = rsReplicas(newRS) - (newRS.status?.availableReplicas ?? 0);", to: "const newRSUnavailablePodCount = 0;" },
    { from: "const availablePodCount = getAvailableReplicaCountForReplicaSets(allRSs);", to: "const availablePodCount = getReplicaCountForReplicaSets(allRSs);" },
  ],
});
