// Keeps the newest pods and deletes the oldest: the opposite of upstream's rule 8, which deletes the pods created most
// recently (the ones with the least invested in them) and keeps the long-lived ones.
import { defineMutant } from "../../mutant.ts";

export default defineMutant({
  about: { ko: "가장 오래된 파드부터 지운다", en: "deletes the oldest pods first" },
  replace: [{ from: "if (ka !== kb) return newerFirst(ka, kb, now, pa, pb);", to: "if (ka !== kb) return newerFirst(kb, ka, now, pb, pa);" }],
});
