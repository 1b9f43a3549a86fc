// Reports a create of an existing name as a Conflict instead of AlreadyExists: `kubectl create` then prints the
// wrong error, and `kubectl apply` cannot tell "exists, patch it" from "retry".
import { defineMutant } from "../../mutant.ts";

export default defineMutant({
  about: { ko: "이미 있는 오브젝트 생성을 Conflict로 알린다", en: "reports an existing object as Conflict" },
  replace: [{ from: "if (!stored) throw alreadyExists(groupResource(info), meta.name!);", to: "if (!stored) throw conflict(groupResource(info), meta.name!);" }],
});
