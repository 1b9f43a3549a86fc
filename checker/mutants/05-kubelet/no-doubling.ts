// Waits the same 10 s before every restart: the backoff is not exponential.
import { defineMutant } from "../../mutant.ts";

export default defineMutant({
  about: { ko: "백오프를 두 배로 늘리지 않고 늘 10초를 기다린다", en: "never doubles the backoff: always 10 s" },
  replace: [{ from: "return { backoff: Math.min(entry.backoff * 2, max), lastUpdate: now };", to: "return { backoff: Math.min(entry.backoff, max), lastUpdate: now };" }],
});
