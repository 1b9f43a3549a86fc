// Writes the annotation with JSON.stringify as is: keys in the manifest's order, not sorted as Go's encoding/json
// writes them, so the annotation differs from kubectl's.
import { defineMutant } from "../../mutant.ts";

export default defineMutant({
  about: { ko: "어노테이션의 JSON 키를 정렬하지 않는다", en: "does not sort the annotation's JSON keys" },
  replace: [{ from: "  return JSON.stringify(sortKeys(value))", to: "  return JSON.stringify(value)" }],
});
