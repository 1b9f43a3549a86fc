// Compares the value of a missing key as if it were the empty string, so `value notEqual "x"` on a key that does not
// exist succeeds; etcd's applyCompare fails every value compare on a missing key.
import { defineMutant } from "../../mutant.ts";

export default defineMutant({
  about: { ko: "없는 키의 값을 빈 문자열로 비교한다", en: "compares a missing key's value as the empty string" },
  replace: [{ from: 'if (c.target === "value") return kv !== undefined && holds(order(kv.value, c.value), c.result);', to: 'if (c.target === "value") return holds(order(kv?.value ?? "", c.value), c.result);' }],
});
