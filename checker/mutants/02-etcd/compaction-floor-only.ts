// Compacts by remembering the revision only, keeping every change: reads below it are refused, but a watch from the
// compacted revision still replays a delete made there and a prevKv from before it, which etcd has forgotten.
import { defineMutant } from "../../mutant.ts";

export default defineMutant({
  about: { ko: "압축할 때 리비전만 기억하고 기록은 지우지 않는다", en: "compacts by remembering the revision, keeping all history" },
  replace: [{ from: "      if (kept.length > 0) this.keys.set(key, kept);\n      else this.keys.delete(key);\n", to: "" }],
});
