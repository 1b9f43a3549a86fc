// Retries a conflicting PATCH with the patch computed from the stale object, without reading the object again.
import { defineMutant } from "../../mutant.ts";

export default defineMutant({
  about: { ko: "409 뒤에 새로 GET하지 않고 같은 패치를 다시 보낸다", en: "retries after a 409 with the same patch, without a fresh GET" },
  replace: [{ from: "        live = await client.get(info.resource, namespace, name);", to: "        live = { ...live };" }],
});
