// Runs each op of a txn as a write of its own, so a txn of two puts takes two revisions and watchers see two batches.
import { defineMutant } from "../../mutant.ts";

export default defineMutant({
  about: { ko: "트랜잭션의 연산마다 리비전을 올린다", en: "raises the revision for every op of a txn" },
  replace: [
    {
      from: "    const txn = this.begin();\n    const responses = ops.map((op) => this.apply(txn, op));\n    this.commit(txn);\n",
      to: "    const responses = ops.map((op) => {\n      const txn = this.begin();\n      const response = this.apply(txn, op);\n      this.commit(txn);\n      return response;\n    });\n",
    },
  ],
});
