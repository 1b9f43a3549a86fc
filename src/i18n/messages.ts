/**
 * Every message the CLI and the checker print, in both languages. This object is the only list: a test derives the
 * keys from it and checks that both languages are present, non-empty and use the same placeholders.
 */
import { render, type Lang, type Text } from "./text.ts";

export const messages = {
  // The checker: why a check failed.
  "check.threw": {
    ko: "코드가 예외를 던졌다: {error}\n  호출: {call}",
    en: "your code threw: {error}\n  call: {call}",
  },
  "check.todo": {
    ko: "아직 채우지 않은 TODO에 도달했다 ({where}){what}",
    en: "reached a TODO that is not written yet ({where}){what}",
  },
  "check.mutated": {
    ko: "입력으로 받은 오브젝트를 변경했다 ({error}).\n  입력은 읽기 전용이다. 바꾼 값은 새 오브젝트로 만들어 반환하자.\n  호출: {call}",
    en: "your code changed an object it was given ({error}).\n  Inputs are read-only: build a new object for what changes.\n  call: {call}",
  },
  "check.shape": {
    ko: "반환값의 모양이 계약과 다르다: {problem}\n  호출: {call}",
    en: "the value returned has the wrong shape: {problem}\n  call: {call}",
  },
  "check.timeout": {
    ko: "{seconds}초 안에 끝나지 않아 중단했다. 끝나지 않는 루프가 있는지 보자.\n  실행 중이던 호출: {call}",
    en: "did not finish within {seconds} s and was stopped: look for a loop that never ends.\n  running: {call}",
  },
  "check.internal": {
    ko: "검사기 자체에 오류가 있다: {error} (워크북의 버그이니 알려 주자)",
    en: "the checker itself failed: {error} (a bug in the workbook: please report it)",
  },
  "check.counterexample": {
    ko: "{runs}번째 입력에서 실패했고, 실패하는 가장 작은 입력으로 줄였다({shrinks}단계).",
    en: "failed on input {runs}, shrunk to the smallest failing input ({shrinks} steps).",
  },
  "check.notRun": {
    ko: "실행하지 않음: 모듈을 불러오지 못했다",
    en: "not run: the module could not be loaded",
  },
  "load.syntax": {
    ko: "{file}:{line}:{column}: 문법 오류: {error}",
    en: "{file}:{line}:{column}: syntax error: {error}",
  },
  "load.missingExport": {
    ko: "내보내야 할 이름이 없다: {names} ({file}). `export`를 지웠거나 이름을 바꾸지 않았는지 보자.",
    en: "{file} does not export {names}: check that the `export` is still there and the name unchanged.",
  },
  "load.threw": {
    ko: "불러오다가 오류가 났다 ({file}): {error}",
    en: "loading {file} failed: {error}",
  },
  "detail.given": { ko: "입력", en: "given" },
  "detail.expected": { ko: "참조 구현", en: "reference" },
  "detail.actual": { ko: "내 코드", en: "your code" },
} as const satisfies Record<string, Text>;

export type MessageKey = keyof typeof messages;

/** One message in one language, placeholders filled. */
export const msg = (key: MessageKey, lang: Lang, vars?: Readonly<Record<string, string | number>>): string =>
  render(messages[key], lang, vars);

/** One message in both languages, placeholders filled (for results that are rendered later). */
export const text = (key: MessageKey, vars?: Readonly<Record<string, string | number>>): Text => ({
  ko: render(messages[key], "ko", vars),
  en: render(messages[key], "en", vars),
});
