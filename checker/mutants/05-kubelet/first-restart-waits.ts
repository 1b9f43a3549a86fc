// Backs off 10 s before the very first restart (the simulator's stand-in does): upstream restarts at once, since
// doBackOff finds no entry yet and only then calls Next.
import { defineMutant } from "../../mutant.ts";

export default defineMutant({
  about: { ko: "첫 재시작부터 10초를 기다린다", en: "waits 10 s before the very first restart" },
  replace: [{ from: "  let entry: BackoffEntry | undefined;\n  for (let i = 1; i < runs.length; i++) {", to: "  let entry: BackoffEntry | undefined = runs.length ? { backoff: BACKOFF_PERIOD_MS, lastUpdate: runs[0]!.createdAt } : undefined;\n  for (let i = 1; i < runs.length; i++) {" }],
});
