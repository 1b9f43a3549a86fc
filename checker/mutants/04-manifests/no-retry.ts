// Gives up on the first 409: a write that raced with another writer fails instead of being recomputed on a fresh GET.
import { defineMutant } from "../../mutant.ts";

export default defineMutant({
  about: { ko: "409를 받으면 다시 시도하지 않는다", en: "does not retry after a 409" },
  replace: [{ from: "        if (codeOf(err) !== 409 || retry >= MAX_PATCH_RETRY) throw err;", to: "        throw err;" }],
});
