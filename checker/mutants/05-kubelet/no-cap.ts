// Doubles the restart backoff forever: 320 s, 640 s, ... instead of stopping at MaxContainerBackOff (300 s).
import { defineMutant } from "../../mutant.ts";

export default defineMutant({
  about: { ko: "백오프를 두 배로 늘리기만 하고 300초에서 멈추지 않는다", en: "doubles the backoff without capping it at 300 s" },
  replace: [{ from: "return { backoff: Math.min(entry.backoff * 2, max), lastUpdate: now };", to: "return { backoff: entry.backoff * 2, lastUpdate: now };" }],
});
