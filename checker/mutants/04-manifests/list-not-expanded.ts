// Treats a `kind: List` as one object: the server does not serve Lists, so the whole file is refused.
import { defineMutant } from "../../mutant.ts";

export default defineMutant({
  about: { ko: "`kind: List`를 펼치지 않고 오브젝트 하나로 본다", en: "treats a `kind: List` as one object instead of expanding it" },
  replace: [{ from: "    const entries = isList(value) ? value.items", to: "    const entries = false ? value.items" }],
});
