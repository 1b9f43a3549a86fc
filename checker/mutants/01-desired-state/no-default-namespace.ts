// Treats a manifest without a namespace as another object than the live one in `default`: it creates a duplicate and
// deletes the original.
import { defineMutant } from "../../mutant.ts";

export default defineMutant({
  about: { ko: "namespace가 없는 매니페스트를 default와 다른 오브젝트로 본다", en: "treats a missing namespace as different from default" },
  replace: [{ from: '`${o.kind}/${o.metadata.namespace ?? "default"}/${o.metadata.name}`', to: "`${o.kind}/${o.metadata.namespace}/${o.metadata.name}`" }],
});
