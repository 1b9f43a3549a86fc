// Never attaches prevKv to live events, so a watcher that asked for the previous state (as kube-apiserver does, to
// tell what a DELETE removed) does not get it.
import { defineMutant } from "../../mutant.ts";

export default defineMutant({
  about: { ko: "실시간 이벤트에 prevKv를 붙이지 않는다", en: "never attaches prevKv to live events" },
  replace: [{ from: ".map(({ kv, prevKv }) => toEvent(kv, prevKv, watcher.prevKv));", to: ".map(({ kv, prevKv }) => toEvent(kv, prevKv, false));" }],
});
