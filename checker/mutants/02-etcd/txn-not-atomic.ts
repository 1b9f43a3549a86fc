// Checks a txn's reads only when it reaches them, so the writes before a read of a future or compacted revision stay
// behind although the txn threw: half a transaction.
import { defineMutant } from "../../mutant.ts";

export default defineMutant({
  about: { ko: "트랜잭션의 읽기를 미리 검사하지 않아 앞의 쓰기가 남는다", en: "does not check a txn's reads up front, so earlier writes stay" },
  replace: [
    { from: '    for (const op of ops) if (op.op === "range") this.readable(op.range.revision ?? 0, this.revision);\n', to: "" },
    {
      from: "      case \"range\":\n        return { op: \"range\", result: this.rangeAt(op.range, this.seenBy(txn)) };",
      to: "      case \"range\":\n        if (op.range.revision && op.range.revision > this.revision) {\n          this.commit(txn);\n          throw new FutureRevisionError(op.range.revision);\n        }\n        return { op: \"range\", result: this.rangeAt(op.range, this.seenBy(txn)) };",
    },
  ],
});
