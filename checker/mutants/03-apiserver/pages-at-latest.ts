// Reads each next page at the latest revision instead of the first page's: objects created, changed or deleted
// between pages show up, and the pages no longer add up to one consistent list.
import { defineMutant } from "../../mutant.ts";

export default defineMutant({
  about: { ko: "다음 페이지를 최신 리비전에서 읽는다", en: "reads next pages at the latest revision" },
  replace: [{ from: "({ fromKey, revision } = decodeContinue(options.continue, prefix));", to: "({ fromKey } = decodeContinue(options.continue, prefix));" }],
});
