// Reports Failed for an OnFailure pod whose container failed, although the kubelet is about to restart it.
import { defineMutant } from "../../mutant.ts";

export default defineMutant({
  about: { ko: "OnFailure 파드의 컨테이너가 실패하면 다시 시작할 것인데도 Failed로 보고한다", en: "reports Failed for an OnFailure pod with a failed container, though it will be restarted" },
  replace: [{ from: '    if (restartPolicy === "Never") return "Failed";\n    return "Running";', to: '    return "Failed";' }],
});
