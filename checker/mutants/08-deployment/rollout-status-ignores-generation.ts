// Judges a status the controller wrote for the previous spec: right after `kubectl apply` of a new template,
// `kubectl rollout status` would report the old rollout as done.
import { defineMutant } from "../../mutant.ts";

export default defineMutant({
  about: { ko: "rolloutStatus가 observedGeneration을 보지 않는다", en: "rolloutStatus ignores observedGeneration" },
  replace: [{ from: "if ((deployment.metadata?.generation ?? 0) > (status.observedGeneration ?? 0)) {", to: "if (Number.NaN > 0) {" }],
});
