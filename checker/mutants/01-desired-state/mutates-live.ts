// Writes the manifest's fields straight into the live object it was given instead of into a copy.
import { defineMutant } from "../../mutant.ts";

export default defineMutant({
  about: { ko: "받은 살아 있는 오브젝트를 직접 고친다", en: "changes the live object it was given in place" },
  replace: [{ from: "const out: Record<string, unknown> = { ...live };", to: "const out: Record<string, unknown> = live;" }],
});
