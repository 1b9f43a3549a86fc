// Creates or deletes the whole difference at once, however large: 10 000 replicas become 10 000 API calls and events
// in one sync.
import { defineMutant } from "../../mutant.ts";

export default defineMutant({
  about: { ko: "burst 제한 없이 한 번에 다 만들거나 지운다", en: "ignores the burst limit" },
  replace: [{ from: "return Math.min(n, BURST_REPLICAS);", to: "return n;" }],
});
