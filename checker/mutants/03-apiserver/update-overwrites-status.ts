// Lets an update of the main resource replace status: a client that read the object before a controller wrote its
// status puts the old status back.
import { defineMutant } from "../../mutant.ts";

export default defineMutant({
  about: { ko: "update가 status를 덮어쓴다", en: "update overwrites status" },
  replace: [{ from: "  if (info.hasStatus) next.status = clone(stored.status);\n", to: "" }],
});
