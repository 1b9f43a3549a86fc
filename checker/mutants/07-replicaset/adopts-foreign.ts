// Looks only at labels: a pod another controller owns is treated like an orphan and adopted, so two controllers
// fight over it.
import { defineMutant } from "../../mutant.ts";

export default defineMutant({
  about: { ko: "다른 컨트롤러가 소유한 파드도 입양한다", en: "adopts pods owned by another controller" },
  replace: [{ from: "if (ref !== undefined) {", to: "if (ref !== undefined && ref.uid === rs.metadata?.uid) {" }],
});
