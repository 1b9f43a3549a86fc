// Counts every ready pod as available, as if minReadySeconds were always 0.
import { defineMutant } from "../../mutant.ts";

export default defineMutant({
  about: { ko: "minReadySeconds를 무시하고 준비된 파드를 모두 가용으로 센다", en: "counts ready pods as available, ignoring minReadySeconds" },
  replace: [{ from: "  if (minReadySeconds === 0) return true;\n  const since", to: "  if (minReadySeconds >= 0) return true;\n  const since" }],
});
