// Replays history from the revision after the start revision (> instead of >=), so a client that resumes a watch from
// the revision it last saw plus one misses exactly one change.
import { defineMutant } from "../../mutant.ts";

export default defineMutant({
  about: { ko: "감시 기록을 시작 리비전 다음부터 보낸다", en: "replays history from after the start revision" },
  replace: [{ from: "if (change.kv.modRevision >= watcher.from) {", to: "if (change.kv.modRevision > watcher.from) {" }],
});
