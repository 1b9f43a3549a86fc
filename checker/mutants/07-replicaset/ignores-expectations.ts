// Trusts the cache even while our own creates and deletes have not reached it: a second sync right after a scale-up
// sees the pods missing and creates them again.
import { defineMutant } from "../../mutant.ts";

export default defineMutant({
  about: { ko: "기대치를 무시하고 늦은 캐시로 파드를 늘리고 줄인다", en: "manages replicas while expectations are pending" },
  replace: [{ from: "const rsNeedsSync = expectations.add <= 0 && expectations.del <= 0;", to: "const rsNeedsSync = expectations !== undefined;" }],
});
