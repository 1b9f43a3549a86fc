// Reports ImagePullBackOff as soon as a pull has failed, never ErrImagePull.
import { defineMutant } from "../../mutant.ts";

export default defineMutant({
  about: { ko: "이미지 받기가 실패하자마자 ErrImagePull 없이 ImagePullBackOff를 보고한다", en: "reports ImagePullBackOff right after a failed pull, never ErrImagePull" },
  replace: [{ from: "    if (now < errorUntil) return", to: "    if (now < errorUntil && false) return" }],
});
