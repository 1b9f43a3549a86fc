// Decides "unchanged" by comparing the manifest with the whole live object, as a two-way diff would: the live object
// carries defaults, status, uid and resourceVersion, so every apply says "configured" and sends a PATCH forever.
import { defineMutant } from "../../mutant.ts";

export default defineMutant({
  about: { ko: "매니페스트와 살아 있는 오브젝트 전체를 비교해 unchanged를 판단한다 (영원히 configured)", en: "decides unchanged by comparing the manifest with the whole live object (configured forever)" },
  replace: [{ from: "      if (Object.keys(patch).length === 0) {", to: "      if (deepEqual(modified, live)) {" }],
});
