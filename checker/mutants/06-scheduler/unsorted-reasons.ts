// Lists the FitError reasons in the order the nodes were looked at, not sorted: the message changes with the
// rotating start index, where upstream's is stable.
import { defineMutant } from "../../mutant.ts";

export default defineMutant({
  about: { ko: "FitError의 사유를 정렬하지 않는다", en: "does not sort the FitError reasons" },
  replace: [{ from: "const histogram = [...counts].map(([reason, n]) => `${n} ${reason}`).sort();", to: "const histogram = [...counts].map(([reason, n]) => `${n} ${reason}`);" }],
});
