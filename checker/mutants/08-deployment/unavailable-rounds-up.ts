// Rounds maxUnavailable up: 25% of 10 becomes 3, so the rollout takes away more capacity than the user allowed.
import { defineMutant } from "../../mutant.ts";

export default defineMutant({
  about: { ko: "최대 불가를 올림으로 센다", en: "rounds maxUnavailable up" },
  replace: [{ from: "let unavailable = getScaledValueFromIntOrPercent(maxUnavailable ?? 0, desired, false);", to: "let unavailable = getScaledValueFromIntOrPercent(maxUnavailable ?? 0, desired, true);" }],
});
