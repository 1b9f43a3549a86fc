// Does not skip empty documents: a `---` followed by nothing, or by only a comment, becomes an error.
import { defineMutant } from "../../mutant.ts";

export default defineMutant({
  about: { ko: "빈 문서를 건너뛰지 않는다 (주석뿐인 문서가 오류가 된다)", en: "does not skip empty documents (a document of only a comment becomes an error)" },
  replace: [{ from: "    if (value === null || value === undefined) continue;", to: "" }],
});
