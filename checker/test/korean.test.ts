/**
 * Korean text follows ../shared/GLOSSARY.md: the forms it chose over others, and an object kind's English given once,
 * at its first use in a page.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadCatalogue } from "../../src/catalogue/catalogue.ts";
import { splitFrontMatter } from "../../src/reader/frontmatter.ts";

/** Forms the glossary rejects, with the form it uses instead. */
const AVOID: [RegExp, string][] = [
  [/라벨/, "레이블"],
  [/되어지/, "(번역체) -되다"],
  [/퇴출/, "축출"],
  [/가비지 컬렉션|가비지 콜렉션/, "가비지 수집"],
  [/원하는 상태/, "의도한 상태"],
  [/수정 버전/, "리비전"],
  [/로드밸런서(?! 유형)/, "로드 밸런서"],
  [/레플리카 셋/, "레플리카셋"],
];

/** Kinds that take their English once, at first use. 파드 and 서비스 never do. */
const KINDS: [string, string][] = [
  ["레플리카셋", "ReplicaSet"],
  ["디플로이먼트", "Deployment"],
  ["엔드포인트슬라이스", "EndpointSlice"],
  ["인그레스", "Ingress"],
  ["네트워크폴리시", "NetworkPolicy"],
  ["네임스페이스", "Namespace"],
  ["컨피그맵", "ConfigMap"],
];

/** Prose only: code blocks, inline code and link targets may hold anything. */
const prose = (text: string): string =>
  splitFrontMatter(text)
    .body.replace(/```[\s\S]*?```/g, "")
    .replace(/`[^`]*`/g, "")
    .replace(/\]\([^)]*\)/g, "]");

for (const lesson of loadCatalogue()) {
  describe(`${lesson.dir}/ko.md`, () => {
    const text = prose(readFileSync(lesson.markdown.ko, "utf8"));

    it("uses the glossary's forms", () => {
      const found = AVOID.filter(([bad]) => bad.test(text)).map(([bad, good]) => `${bad.source} -> ${good}`);
      expect(found).toEqual([]);
    });

    it("gives an object kind's English at its first use only", () => {
      const problems: string[] = [];
      for (const [ko, en] of KINDS) {
        const first = text.indexOf(ko);
        if (first < 0) continue;
        if (!text.startsWith(`${ko}(${en})`, first) && !text.startsWith(`${ko}(${en},`, first)) problems.push(`first ${ko} is not ${ko}(${en})`);
      }
      if (/파드\(Pod\)|서비스\(Service\)/.test(text)) problems.push("파드 and 서비스 never take the English");
      expect(problems).toEqual([]);
    });
  });
}
