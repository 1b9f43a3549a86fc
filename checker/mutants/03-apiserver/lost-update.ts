// Ignores the resourceVersion the client sent: the last writer silently overwrites what another client wrote in
// between (the lost update that optimistic concurrency exists to prevent).
import { defineMutant } from "../../mutant.ts";

export default defineMutant({
  about: { ko: "업데이트가 resourceVersion을 보지 않는다", en: "updates ignore resourceVersion" },
  replace: [{ from: "if (resourceVersion && resourceVersion !== String(current.modRevision)) throw", to: "if (false) throw" }],
});
