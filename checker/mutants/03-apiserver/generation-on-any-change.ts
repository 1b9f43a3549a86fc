// Compares the whole object instead of spec to decide on a new generation, so a label change counts as a new spec.
import { defineMutant } from "../../mutant.ts";

export default defineMutant({
  about: { ko: "spec이 아니라 오브젝트 전체를 비교해 generation을 올린다", en: "bumps generation on any change, not just spec" },
  replace: [{ from: "if (!deepEqual(next.spec, stored.spec) || annotationsChanged)", to: "if (!deepEqual(next.metadata.labels, old.labels) || !deepEqual(next.spec, stored.spec) || annotationsChanged)" }],
});
