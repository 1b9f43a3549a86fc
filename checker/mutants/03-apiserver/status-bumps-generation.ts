// Counts every write as a new generation, status writes included: controllers then never see
// status.observedGeneration catch up with metadata.generation, and `kubectl rollout status` waits forever.
import { defineMutant } from "../../mutant.ts";

export default defineMutant({
  about: { ko: "status 쓰기에도 generation을 올린다", en: "bumps generation on status writes too" },
  replace: [
    {
      from: "  next.metadata.annotations = clone(incoming.metadata.annotations);\n  return withoutUndefined(next);",
      to: "  next.metadata.annotations = clone(incoming.metadata.annotations);\n  if (next.metadata.generation) next.metadata.generation += 1;\n  return withoutUndefined(next);",
    },
  ],
});
