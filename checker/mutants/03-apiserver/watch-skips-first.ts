// Starts the store watch one revision late: the first change after the client's resourceVersion is never delivered.
import { defineMutant } from "../../mutant.ts";

export default defineMutant({
  about: { ko: "감시가 주어진 resourceVersion 다음의 첫 변경을 건너뛴다", en: "the watch skips the first change after the given resourceVersion" },
  replace: [{ from: "let from = requested + 1;", to: "let from = requested + 2;" }],
});
