// Keeps an old last-applied annotation that the manifest carries (one exported with `kubectl get -o yaml`) inside
// the new annotation: each apply nests the previous annotation in the next, and the annotation grows without end.
import { defineMutant } from "../../mutant.ts";

export default defineMutant({
  about: { ko: "어노테이션 안에 이전 어노테이션을 그대로 넣는다 (적용할 때마다 커진다)", en: "puts the previous annotation inside the new one (it grows with every apply)" },
  replace: [{ from: "  const { [LAST_APPLIED]: _previous, ...others } = manifest.metadata.annotations ?? {};", to: "  const others = { ...manifest.metadata.annotations };" }],
});
