// Keeps acting on objects that are already being deleted: it updates them and asks to delete them again.
import { defineMutant } from "../../mutant.ts";

export default defineMutant({
  about: { ko: "삭제 중인 오브젝트에도 조치를 취한다", en: "acts on objects that are being deleted" },
  replace: [
    { from: "} else if (!have.metadata.deletionTimestamp && !setsAllFields(target, have)) {", to: "} else if (!setsAllFields(target, have)) {" },
    { from: "if (ours && !wanted.has(keyOf(have)) && !have.metadata.deletionTimestamp) {", to: "if (ours && !wanted.has(keyOf(have))) {" },
  ],
});
