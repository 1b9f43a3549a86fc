// Creates pods without an owner reference: they are orphans from birth, the garbage collector will not delete them
// with the ReplicaSet, and only a later sync's adoption makes them ours.
import { defineMutant } from "../../mutant.ts";

export default defineMutant({
  about: { ko: "소유자 참조 없이 파드를 만든다", en: "creates pods without an owner reference" },
  replace: [{ from: "    ownerReferences: [newControllerRef(rs, RS_KIND)],\n", to: "" }],
});
