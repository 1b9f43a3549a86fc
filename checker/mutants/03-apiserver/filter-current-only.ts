// Filters watch events on the new state only: an object that stops matching the selector just disappears from the
// stream, so the watcher keeps it in its cache forever.
import { defineMutant } from "../../mutant.ts";

export default defineMutant({
  about: { ko: "셀렉터에서 벗어난 오브젝트를 DELETED로 알리지 않는다", en: "does not send DELETED when an object stops matching" },
  replace: [{ from: 'if (oldMatches) return { type: "DELETED", object: old };', to: 'if (oldMatches && !cur) return { type: "DELETED", object: old };' }],
});
