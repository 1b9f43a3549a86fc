// Counts a container waiting in CrashLoopBackOff as never started: the pod falls back to Pending.
import { defineMutant } from "../../mutant.ts";

export default defineMutant({
  about: { ko: "CrashLoopBackOff로 기다리는 컨테이너를 시작 전으로 세어 파드를 Pending으로 돌린다", en: "counts a container in CrashLoopBackOff as not started yet: the pod goes back to Pending" },
  replace: [{ from: "    } else if (s.lastState?.terminated) stopped++;\n    else waiting++;", to: "    } else waiting++;" }],
});
