// Gives up on the whole path when one segment is missing: a missing field points at the start of the document
// instead of its parent.
import { defineMutant } from "../../mutant.ts";

export default defineMutant({
  about: { ko: "없는 필드를 부모가 아니라 문서의 시작으로 가리킨다", en: "points a missing field at the start of the document, not at its parent" },
  replace: [{ from: "      if (!pair) break;", to: "      if (!pair) return rangeStart(root);" }],
});
