// Reads a key's last put, skipping tombstones, so a deleted key still shows up with its old value.
import { defineMutant } from "../../mutant.ts";

export default defineMutant({
  about: { ko: "지운 키를 여전히 읽는다", en: "still reads a deleted key" },
  replace: [{ from: "return live(this.keys.get(key)?.findLast((c) => c.kv.modRevision <= revision));", to: "return live(this.keys.get(key)?.findLast((c) => c.kv.modRevision <= revision && c.kv.version > 0));" }],
});
