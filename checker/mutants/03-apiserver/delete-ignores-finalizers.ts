// Removes an object at once even though finalizers are pending: whoever put the finalizer there never gets to clean up.
import { defineMutant } from "../../mutant.ts";

export default defineMutant({
  about: { ko: "파이널라이저가 있어도 바로 지운다", en: "deletes at once despite finalizers" },
  replace: [{ from: "if (finalizers.length > 0 || period > 0) {", to: "if (period > 0) {" }],
});
