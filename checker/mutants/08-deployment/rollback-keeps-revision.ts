// Gives a revision only to a ReplicaSet that has none: after `kubectl rollout undo` the reused ReplicaSet keeps its
// old number, and the Deployment's revision goes backwards.
import { defineMutant } from "../../mutant.ts";

export default defineMutant({
  about: { ko: "롤백으로 돌아온 레플리카셋의 리비전을 올리지 않는다", en: "keeps the old revision of a ReplicaSet brought back by a rollback" },
  replace: [{ from: "if (oldRevisionInt < newRevisionInt) {", to: "if (oldRevision === undefined && oldRevisionInt < newRevisionInt) {" }],
});
