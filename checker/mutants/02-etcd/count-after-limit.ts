// Counts only the keys it returns, so `count` equals the limit and a client paging through a list cannot tell how
// many keys there are.
import { defineMutant } from "../../mutant.ts";

export default defineMutant({
  about: { ko: "count를 limit으로 자른 뒤에 센다", en: "counts after applying the limit" },
  replace: [{ from: "return { revision: current, kvs: kvs.slice(0, limit), count: kvs.length, more: kvs.length > limit };", to: "return { revision: current, kvs: kvs.slice(0, limit), count: Math.min(limit, kvs.length), more: kvs.length > limit };" }],
});
