// Writes the status on every sync, changed or not: each write bumps resourceVersion and wakes every watcher of the
// ReplicaSet, including the Deployment controller.
import { defineMutant } from "../../mutant.ts";

export default defineMutant({
  about: { ko: "바뀌지 않아도 매번 status를 쓴다", en: "writes the status on every sync, even unchanged" },
  replace: [{ from: "if (statusChanged(rs, status)) {", to: "if (statusChanged(rs, status) || status) {" }],
});
