// Counts revisions per key, as if each key had its own counter: a key's next modRevision is one above its own last
// one, whatever the rest of the store did meanwhile.
import { defineMutant } from "../../mutant.ts";

export default defineMutant({
  about: { ko: "리비전을 키마다 따로 센다", en: "counts the revision per key" },
  replace: [{ from: "      modRevision: txn.revision,\n", to: "      modRevision: prevKv ? prevKv.modRevision + 1 : txn.revision,\n" }],
});
