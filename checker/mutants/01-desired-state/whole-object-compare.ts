// Compares the whole live object with the manifest, so defaults and status always look like a difference and the
// controller updates forever (the bug `kubectl apply` avoids with its three-way merge).
import { defineMutant } from "../../mutant.ts";

export default defineMutant({
  about: { ko: "살아 있는 오브젝트 전체를 매니페스트와 비교한다", en: "compares the whole live object with the manifest" },
  replace: [{ from: "} else if (!have.metadata.deletionTimestamp && !setsAllFields(target, have)) {", to: "} else if (!have.metadata.deletionTimestamp && JSON.stringify(target) !== JSON.stringify(have)) {" }],
});
