// Treats a missing key as a 409 on update: clients then retry forever instead of creating the object.
import { defineMutant } from "../../mutant.ts";

export default defineMutant({
  about: { ko: "없는 오브젝트의 업데이트를 404가 아닌 409로 알린다", en: "answers an update of a missing object with 409, not 404" },
  replace: [
    {
      from: "      const current = await this.read(key);\n      if (!current) throw notFound(groupResource(info), name);\n      this.checkResourceVersion(info, obj, current);\n      if (obj.metadata.uid",
      to: "      const current = await this.read(key);\n      if (!current) throw conflict(groupResource(info), name);\n      this.checkResourceVersion(info, obj, current);\n      if (obj.metadata.uid",
    },
  ],
});
