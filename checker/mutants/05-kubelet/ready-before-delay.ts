// Probes from the container's start, ignoring initialDelaySeconds: ready before the first probe may run.
import { defineMutant } from "../../mutant.ts";

export default defineMutant({
  about: { ko: "initialDelaySeconds를 무시하고 시작하자마자 준비성 프로브를 센다", en: "ignores initialDelaySeconds: counts readiness probes from the start" },
  replace: [{ from: "const first = startedAt + (probe.initialDelaySeconds ?? 0) * 1000;", to: "const first = startedAt;" }],
});
