// Keeps each resource's LeastAllocated score as a fraction and rounds only the average: upstream's int64 arithmetic
// rounds each resource down first, so some nodes score one point lower than this.
import { defineMutant } from "../../mutant.ts";

export default defineMutant({
  about: { ko: "자원별 점수를 내림하지 않고 평균만 내림한다", en: "rounds only the average, not each resource's score" },
  replace: [{ from: "return Math.floor(((capacity - requested) * MAX_NODE_SCORE) / capacity);", to: "return ((capacity - requested) * MAX_NODE_SCORE) / capacity;" }],
});
