// BalancedAllocation as it was before v1.22 (PR #101946): 1 - |cpuFraction - memoryFraction| instead of 1 - std,
// which punishes imbalance twice as hard.
import { defineMutant } from "../../mutant.ts";

export default defineMutant({
  about: { ko: "BalancedAllocation을 1.22 이전 공식 1 - |차이|로 계산한다", en: "computes BalancedAllocation with the pre-1.22 formula 1 - |difference|" },
  replace: [{ from: "const std = Math.abs((cpuFraction - memoryFraction) / 2);", to: "const std = Math.abs(cpuFraction - memoryFraction);" }],
});
