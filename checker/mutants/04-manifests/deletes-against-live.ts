// Computes deletions against the live object instead of the last-applied configuration: every field the manifest
// does not name (defaults, status, replicas after `kubectl scale`, a label someone added) is sent as null.
import { defineMutant } from "../../mutant.ts";

export default defineMutant({
  about: { ko: "지울 필드를 지난번 적용한 구성이 아니라 살아 있는 오브젝트와 비교해 고른다 (남의 필드를 지운다)", en: "picks the fields to delete against the live object, not the last-applied configuration (deletes others' fields)" },
  replace: [{ from: "  for (const key of Object.keys(original ?? {})) if (!(key in modified)) patch[key] = null;", to: "  for (const key of Object.keys(current)) if (!(key in modified)) patch[key] = null;" }],
});
