// Reports lines counted from 0: every error points one line above the mistake.
import { defineMutant } from "../../mutant.ts";

export default defineMutant({
  about: { ko: "줄을 0부터 센다 (오류가 한 줄 위를 가리킨다)", en: "counts lines from 0 (errors point one line too high)" },
  replace: [{ from: "    return { file, line, column: col, path, message };", to: "    return { file, line: line - 1, column: col, path, message };" }],
});
