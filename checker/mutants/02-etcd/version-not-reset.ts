// Carries a key's version and createRevision on across a delete: the re-created key continues from the tombstone's
// predecessor instead of starting over at version 1.
import { defineMutant } from "../../mutant.ts";

export default defineMutant({
  about: { ko: "삭제 뒤 다시 만든 키의 version을 처음부터 세지 않는다", en: "does not restart the version of a key created again after a delete" },
  replace: [{ from: "const prevKv = live(history.at(-1));", to: "const prevKv = history.findLast((c) => c.kv.version > 0)?.kv;" }],
});
