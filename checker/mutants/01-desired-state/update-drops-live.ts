// Sends the manifest itself as the update: resourceVersion is lost (no optimistic concurrency) and so are status and
// the defaults the API server filled in.
import { defineMutant } from "../../mutant.ts";

export default defineMutant({
  about: { ko: "업데이트로 매니페스트만 보낸다", en: "sends the bare manifest as the update" },
  replace: [{ from: 'actions.push({ type: "update", object: merged(have, target) as KubeObject });', to: 'actions.push({ type: "update", object: target });' }],
});
