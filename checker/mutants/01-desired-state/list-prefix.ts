// Compares only the list items the manifest has, so an extra container in the live object goes unnoticed.
import { defineMutant } from "../../mutant.ts";

export default defineMutant({
  about: { ko: "목록의 길이를 비교하지 않는다", en: "ignores the length of lists" },
  replace: [{ from: "Array.isArray(live) && live.length === desired.length && desired.every", to: "Array.isArray(live) && desired.every" }],
});
