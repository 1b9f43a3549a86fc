// Starts every init container together instead of one after another.
import { defineMutant } from "../../mutant.ts";

export default defineMutant({
  about: { ko: "초기화 컨테이너를 차례로가 아니라 한꺼번에 시작한다", en: "starts all init containers at once instead of one by one" },
  replace: [{ from: "    if (!(d.status.state?.terminated?.exitCode === 0)) initialized = false;", to: "    if (c === initSpecs.at(-1) && !(d.status.state?.terminated?.exitCode === 0)) initialized = false;" }],
});
