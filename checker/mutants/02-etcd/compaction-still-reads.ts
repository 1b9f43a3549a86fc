// Forgets to refuse reads below the compacted revision: a read there answers from a history that compaction has
// already trimmed, so it silently returns a wrong past.
import { defineMutant } from "../../mutant.ts";

export default defineMutant({
  about: { ko: "압축한 리비전 아래의 읽기를 거절하지 않는다", en: "does not refuse reads below the compacted revision" },
  replace: [{ from: "    if (revision < this.compacted) throw new CompactedError(this.compacted);\n    return revision;", to: "    return revision;" }],
});
