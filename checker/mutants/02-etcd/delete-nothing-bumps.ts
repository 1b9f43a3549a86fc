// Raises the revision on every write call, even one that changed nothing (a delete of a missing key, a txn that only
// reads): watchers are then told of a revision with no events, and resourceVersions jump for nothing.
import { defineMutant } from "../../mutant.ts";

export default defineMutant({
  about: { ko: "아무것도 바꾸지 않은 쓰기에도 리비전을 올린다", en: "raises the revision even for a write that changed nothing" },
  replace: [{ from: "    if (txn.changes.length === 0) return;\n    this.revision = txn.revision;", to: "    this.revision = txn.revision;" }],
});
