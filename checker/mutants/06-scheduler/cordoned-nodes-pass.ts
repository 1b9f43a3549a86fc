// Forgets spec.unschedulable: `kubectl cordon` no longer keeps new pods off a node being drained.
import { defineMutant } from "../../mutant.ts";

export default defineMutant({
  about: { ko: "스케줄 불가로 표시된 노드를 걸러 내지 않는다", en: "does not filter cordoned nodes" },
  replace: [{ from: "    if (!node.spec?.unschedulable) return SUCCESS;", to: "    if (node.spec) return SUCCESS;" }],
});
