// Rounds maxSurge down like maxUnavailable: 25% of 10 becomes 2, not 3, and 25% of 3 becomes 0, so a small Deployment
// can only roll by losing availability.
import { defineMutant } from "../../mutant.ts";

export default defineMutant({
  about: { ko: "최대 서지를 내림으로 센다", en: "rounds maxSurge down" },
  replace: [{ from: "const surge = getScaledValueFromIntOrPercent(maxSurge ?? 0, desired, true);", to: "const surge = getScaledValueFromIntOrPercent(maxSurge ?? 0, desired, false);" }],
});
