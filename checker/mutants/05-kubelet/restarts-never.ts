// Treats Never like OnFailure: a failed container of a Never pod is started again.
import { defineMutant } from "../../mutant.ts";

export default defineMutant({
  about: { ko: "restartPolicy가 Never여도 실패한 컨테이너를 다시 시작한다", en: "restarts failed containers even with restartPolicy Never" },
  replace: [{ from: 'if (restartPolicy === "Never") return false;', to: 'if (restartPolicy === "Never") return exitCode !== 0;' }],
});
