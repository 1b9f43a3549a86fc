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
  // The commands.
  "cli.usage": {
    ko: "사용법: npm run <명령> [레슨] [-- 옵션]\n\n명령:\n  start                지켜보기 모드: 저장할 때마다 검사한다\n  list                 장 목록과 상태\n  read <레슨>          장을 터미널에서 읽는다\n  check <레슨>         검사한다 (--seed N, --lang en)\n  hint <레슨>          첫 번째로 실패한 검사의 다음 힌트\n  compare <레슨>       내 코드와 참조 구현을 비교한다 (--force)\n  reset <레슨>         스텁을 처음 상태로 되돌린다 (백업을 남긴다)\n  lang <ko|en>         언어를 고른다\n\n레슨은 lesson-2, 2, 02, etcd처럼 쓴다.",
    en: "usage: npm run <command> [lesson] [-- options]\n\ncommands:\n  start                watch mode: checks on every save\n  list                 the chapters and their state\n  read <lesson>        read a chapter in the terminal\n  check <lesson>       run its checks (--seed N, --lang en)\n  hint <lesson>        the next hint for the first failing check\n  compare <lesson>     compare your code with the reference (--force)\n  reset <lesson>       restore the pristine stub (a backup is kept)\n  lang <ko|en>         choose the language\n\nA lesson is written lesson-2, 2, 02 or etcd.",
  },
  "cli.unknownCommand": { ko: "알 수 없는 명령이다: \"{command}\"", en: "unknown command \"{command}\"" },
  "cli.unknownLesson": {
    ko: "그런 레슨은 없다: \"{name}\". 있는 레슨: {valid}",
    en: "Unknown lesson \"{name}\": the lessons are {valid}",
  },
  "cli.needLesson": { ko: "레슨을 정해 주자. 예: npm run {command} lesson-1", en: "name a lesson, e.g. npm run {command} lesson-1" },
  "cli.badSeed": { ko: "--seed에는 정수를 준다: \"{value}\"", en: "--seed takes a whole number: \"{value}\"" },
  "cli.badLang": { ko: "언어는 ko 또는 en이다: \"{value}\"", en: "the language is ko or en: \"{value}\"" },
  "cli.langSaved": { ko: "이제 한국어로 말한다.", en: "The workbook now speaks English." },
  "cli.badLessonFile": { ko: "레슨 정의에 오류가 있다: {error}", en: "a lesson definition is broken: {error}" },
  "cli.checkerFailed": { ko: "검사기를 실행하지 못했다: {error}", en: "the checker could not run: {error}" },
  "list.header": { ko: "장|제목|구성 요소|상태|힌트", en: "#|title|component|state|hints" },
  "status.not-started": { ko: "시작 전", en: "not started" },
  "status.failing": { ko: "실패 중", en: "failing" },
  "status.passed": { ko: "통과", en: "passed" },
  "list.summary": { ko: "{passed}/{total}장 통과", en: "{passed} of {total} chapters passed" },
  "report.title": { ko: "{id} · {title} — {file}", en: "{id} · {title} — {file}" },
  "report.passed": {
    ko: "모든 검사를 통과했다 ({passed}/{total}, {ms} ms). 참조 구현과 비교해 보자: npm run compare {id}",
    en: "Every check passed ({passed}/{total}, {ms} ms). Compare with the reference: npm run compare {id}",
  },
  "report.failed": { ko: "{passed}/{total}개 검사 통과 ({ms} ms)", en: "{passed} of {total} checks passed ({ms} ms)" },
  "report.firstFailure": { ko: "처음 실패한 검사: {name}", en: "first failing check: {name}" },
  "report.seed": { ko: "시드: {seed}   다시 실행: {command}", en: "seed: {seed}   replay: {command}" },
  "report.hintLine": { ko: "막혔다면: npm run hint {id}", en: "stuck? npm run hint {id}" },
  "report.loadError": { ko: "코드를 불러오지 못해 검사를 실행하지 않았다:", en: "your code could not be loaded, so no check ran:" },
  "hint.header": { ko: "힌트 {n}/{total} — {name}", en: "hint {n} of {total} — {name}" },
  "hint.last": { ko: "이것이 마지막 힌트다. 그래도 막히면 장의 본문을 다시 읽어 보자: npm run read {id}", en: "This is the last hint. If you are still stuck, reread the chapter: npm run read {id}" },
  "hint.allPassed": { ko: "모든 검사를 통과했다. 힌트가 필요 없다!", en: "Every check passes: no hint needed!" },
  "hint.none": { ko: "이 검사에는 힌트가 없다: {id}", en: "there is no hint for this check: {id}" },
  "compare.spoiler": {
    ko: "아직 이 장을 통과하지 않았다. 참조 구현을 보면 연습의 재미가 사라진다. 그래도 볼까? (y/N) ",
    en: "You have not passed this chapter yet, and the reference spoils the exercise. Show it anyway? (y/N) ",
  },
  "compare.refused": {
    ko: "비교하지 않았다. 통과하기 전에 보려면 --force를 붙이자: npm run compare {id} -- --force",
    en: "Not shown. To see it before passing, add --force: npm run compare {id} -- --force",
  },
  "compare.same": { ko: "내 코드가 참조 구현과 똑같다.", en: "Your code is identical to the reference." },
  "compare.legend": { ko: "- 내 코드   + 참조 구현", en: "- your code   + reference" },
  "reset.confirm": { ko: "{file}을 처음 상태로 되돌릴까? 지금 내용은 백업한다. (y/N) ", en: "Restore {file} to its pristine state? Its current content is backed up. (y/N) " },
  "reset.done": { ko: "처음 상태로 되돌렸다: {file}\n백업: {backup}", en: "Restored {file}\nbackup: {backup}" },
  "reset.cancelled": { ko: "되돌리지 않았다.", en: "Nothing was changed." },
  "reset.noPristine": {
    ko: "처음 상태의 스텁을 git에서 찾지 못했다({error}). 파일은 그대로 두었다.",
    en: "the pristine stub could not be found in git ({error}); the file was left as it is.",
  },
  "reset.unchanged": { ko: "이미 처음 상태다: {file}", en: "already pristine: {file}" },
  "read.mermaid": { ko: "(다이어그램: 레슨 페이지에서 그림으로 보인다)", en: "(diagram: drawn in the lesson pages)" },
  "watch.keys": {
    ko: "[h] 힌트  [l] 목록  [n] 다음 장  [r] 되돌리기  [q] 끝내기   파일을 저장하면 다시 검사한다",
    en: "[h] hint  [l] list  [n] next chapter  [r] reset  [q] quit   saving the file re-checks it",
  },
  "watch.opening": { ko: "{id}: {title}\n  편집할 파일: {file}\n  읽기: npm run read {id}", en: "{id}: {title}\n  edit: {file}\n  read: npm run read {id}" },
  "watch.allDone": {
    ko: "모든 장을 통과했다! 여기까지 만든 부품으로 클러스터를 돌려 보자.",
    en: "Every chapter passes! Now run a cluster on the parts you built.",
  },
  "watch.lastChapter": { ko: "마지막 장이다.", en: "This is the last chapter." },
  "watch.checking": { ko: "검사 중…", en: "checking…" },
  "watch.resetConfirm": { ko: "되돌리려면 y를, 그만두려면 다른 키를 누르자.", en: "Press y to reset, any other key to cancel." },
  "watch.bye": { ko: "다음에 또 보자.", en: "See you next time." },
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
