// Deletes everything it does not want, including what another tool or a person created: the reason `kubectl apply
// --prune` insists on a label selector.
import { defineMutant } from "../../mutant.ts";

export default defineMutant({
  about: { ko: "원하지 않는 오브젝트를 주인과 상관없이 지운다", en: "deletes every unwanted object, whoever owns it" },
  replace: [{ from: "const ours = have.metadata.labels?.[MANAGED_BY] === manager;", to: "const ours = true;" }],
});
