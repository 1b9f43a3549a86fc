// Forgets that an entry expires after 2 * max without a failure: a container that ran for an hour still waits 300 s.
import { defineMutant } from "../../mutant.ts";

export default defineMutant({
  about: { ko: "10분 동안 잘 실행된 컨테이너도 백오프를 처음으로 돌리지 않는다", en: "never resets the backoff, even after ten minutes of running" },
  replace: [{ from: "if (!entry || hasExpired(eventTime, entry.lastUpdate, max)) return", to: "if (!entry) return" }],
});
