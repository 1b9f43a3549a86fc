// Starts the store watch at the client's resourceVersion itself: the change the client already has comes again.
import { defineMutant } from "../../mutant.ts";

export default defineMutant({
  about: { ko: "감시가 주어진 resourceVersion의 변경을 다시 보낸다", en: "the watch delivers the change at the given resourceVersion again" },
  replace: [{ from: "let from = requested + 1;", to: "let from = Math.max(requested, 1);" }],
});
