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
  // The lesson pages in the browser (src/pages).
  "pages.title": { ko: "쿠버네티스 워크북", en: "kube-workbook" },
  "pages.badPort": { ko: "--port에는 포트 번호를 준다: \"{value}\"", en: "--port takes a port number: \"{value}\"" },
  "pages.nav.index": { ko: "장 목록", en: "Chapters" },
  "pages.nav.cluster": { ko: "클러스터", en: "Cluster" },
  "pages.switchLang": { ko: "English", en: "한국어" },
  "pages.index.heading": { ko: "장 목록과 진행 상황", en: "Chapters and progress" },
  "pages.index.columns": { ko: "장|제목|구성 요소|상태|본 힌트", en: "#|title|component|state|hints used" },
  "pages.index.diagram": { ko: "클러스터의 부품과 각 장", en: "The parts of a cluster and their chapters" },
  "pages.index.diagramNote": {
    ko: "숫자는 장 번호다. 초록은 통과, 빨강은 실패 중, 회색은 시작 전이다. 숫자를 누르면 그 장으로 간다.",
    en: "Numbers are chapters: green passed, red failing, grey not started. Click a number to open its chapter.",
  },
  "pages.index.start": { ko: "이어서 할 장: {title}", en: "Continue with: {title}" },
  "pages.part.controlPlane": { ko: "컨트롤 플레인", en: "control plane" },
  "pages.part.workerNode": { ko: "워커 노드", en: "worker node" },
  "pages.part.runtime": { ko: "컨테이너 런타임", en: "container runtime" },
  "pages.chapter.missing": { ko: "이 장의 본문은 아직 쓰이지 않았다.", en: "This chapter's text is not written yet." },
  "pages.chapter.edit": { ko: "편집할 파일: {file}", en: "edit: {file}" },
  "pages.chapter.prev": { ko: "← 이전 장: {title}", en: "← previous: {title}" },
  "pages.chapter.next": { ko: "다음 장: {title} →", en: "next: {title} →" },
  "pages.commands.heading": { ko: "실행할 명령", en: "Commands to run" },
  "pages.commands.check": { ko: "검사한다", en: "run the checks" },
  "pages.commands.hint": { ko: "처음 실패한 검사의 다음 힌트", en: "the next hint for the first failing check" },
  "pages.commands.read": { ko: "터미널에서 읽는다", en: "read it in the terminal" },
  "pages.commands.compare": { ko: "통과한 뒤 참조 구현과 비교한다", en: "after passing, compare with the reference" },
  "pages.commands.watch": { ko: "저장할 때마다 검사한다", en: "check on every save" },
  "pages.hints.heading": { ko: "힌트", en: "Hints" },
  "pages.hints.intro": {
    ko: "검사마다 힌트가 가벼운 것부터 차례로 있다. 한 번에 하나씩 열어 보자.",
    en: "Each check has a ladder of hints, gentlest first. Open them one at a time.",
  },
  "pages.hints.next": { ko: "다음 힌트 보기 ({n}/{total})", en: "show the next hint ({n} of {total})" },
  "pages.hints.done": { ko: "힌트를 모두 보았다", en: "every hint shown" },
  "pages.result.heading": { ko: "마지막 검사 결과", en: "Last check result" },
  "pages.result.none": { ko: "아직 검사하지 않았다. 실행하자: {command}", en: "Not checked yet. Run: {command}" },
  "pages.result.summary": { ko: "{passed}/{total}개 검사 통과 · {when}", en: "{passed} of {total} checks passed · {when}" },
  "pages.result.passed": { ko: "통과", en: "passed" },
  "pages.result.failed": { ko: "실패", en: "failed" },
  "pages.result.loadError": { ko: "코드를 불러오지 못했다: {error}", en: "the code could not be loaded: {error}" },
  "pages.notFound": { ko: "그런 페이지는 없다.", en: "There is no such page." },
  "pages.cluster.heading": { ko: "클러스터의 지금 모습", en: "The cluster, live" },
  "pages.cluster.none": {
    ko: "연결할 클러스터가 없다. 먼저 시작하자: npm run cluster (.workbook/kubeconfig가 생기면 이 페이지가 연결한다)",
    en: "No cluster to connect to. Start one first: npm run cluster (this page connects once .workbook/kubeconfig exists)",
  },
  "pages.cluster.source": { ko: "API 서버: {url}", en: "API server: {url}" },
  "pages.cluster.connecting": { ko: "연결하는 중…", en: "connecting…" },
  "pages.cluster.live": { ko: "실시간으로 보는 중", en: "live" },
  "pages.cluster.lost": { ko: "연결이 끊겼다. 다시 연결하는 중…", en: "connection lost, reconnecting…" },
  "pages.cluster.pending": { ko: "노드에 배치되지 않은 파드", en: "Pods not on a node" },
  "pages.cluster.noPods": { ko: "파드 없음", en: "no pods" },
  "pages.cluster.ready": { ko: "준비됨", en: "ready" },
  "pages.cluster.notReady": { ko: "준비 안 됨", en: "not ready" },
  "pages.cluster.unschedulable": { ko: "스케줄 불가(cordon)", en: "unschedulable (cordoned)" },
  "pages.cluster.owner": { ko: "소유자: {owner}", en: "owner: {owner}" },
  "pages.cluster.pickPod": { ko: "파드를 누르면 스케줄러가 왜 그 노드를 골랐는지 보인다.", en: "Click a pod to see why the scheduler put it where it is." },
  "pages.explain.heading": { ko: "스케줄러의 판단: {pod}", en: "The scheduler's decision: {pod}" },
  "pages.explain.note": {
    ko: "지금의 노드와 (이 파드를 뺀) 파드로 참조 스케줄러(solutions/06-scheduler)를 다시 돌린 결과다.",
    en: "The reference scheduler (solutions/06-scheduler) run again on the current nodes and the other pods.",
  },
  "pages.explain.chosen": { ko: "고른 노드: {node}", en: "chosen node: {node}" },
  "pages.explain.boundTo": { ko: "실제로 바인딩된 노드: {node}", en: "actually bound to: {node}" },
  "pages.explain.unschedulable": { ko: "들어갈 노드가 없다: {message}", en: "fits no node: {message}" },
  "pages.explain.node": { ko: "노드", en: "node" },
  "pages.explain.filter": { ko: "필터", en: "filter" },
  "pages.explain.passed": { ko: "통과", en: "passed" },
  "pages.explain.total": { ko: "합계", en: "total" },
  "pages.explain.onlyOne": { ko: "들어갈 수 있는 노드가 하나뿐이라 점수를 매기지 않았다.", en: "Only one node fits, so nothing was scored." },
  "pages.explain.unavailable": { ko: "참조 스케줄러를 불러오지 못했다: {error}", en: "the reference scheduler could not be loaded: {error}" },
  "pages.cluster.timelineLink": { ko: "지금까지의 타임라인", en: "Timeline so far" },
  "pages.clusterTimeline.heading": { ko: "시간에 따른 클러스터", en: "The cluster over time" },
  "pages.clusterTimeline.note": {
    ko: "npm run cluster가 {file}에 쓰는 추적(trace)을 그린다. 시간은 클러스터가 뜬 뒤의 가상 시간이다. 새로 보려면 페이지를 다시 불러오자.",
    en: "Drawn from the trace npm run cluster writes to {file}; time is virtual time since the cluster started. Reload for the latest.",
  },
  "pages.clusterTimeline.none": {
    ko: "아직 추적이 없다. npm run cluster를 띄우면 {file}에 쓰기 시작한다.",
    en: "No trace yet. npm run cluster starts writing one to {file}.",
  },
  "pages.clusterTimeline.broken": { ko: "추적을 읽지 못했다: {error}", en: "The trace could not be read: {error}" },
  "pages.timeline.title": { ko: "타임라인: {name}", en: "Timeline: {name}" },
  "pages.timeline.pods": { ko: "레플리카셋별 파드 수", en: "Pods per ReplicaSet" },
  "pages.timeline.nodes": { ko: "노드 상태와 축출", en: "Node conditions and evictions" },
  "pages.timeline.axis": { ko: "가상 시간(초)", en: "virtual time (s)" },
  "pages.timeline.legend": {
    ko: "초록: Ready, 노랑: Unknown, 빨강: NotReady, ✕: 노드 중단, ▼: 축출·삭제된 파드",
    en: "green: Ready, amber: Unknown, red: NotReady, ✕: node stopped, ▼: pod evicted or deleted",
  },
  "pages.timeline.empty": { ko: "그릴 것이 없다", en: "nothing to draw" },
  // npm run cluster (src/cli/cluster.ts).
  "cluster.starting": {
    ko: "시뮬레이션 클러스터를 띄운다: 워커 노드 {nodes}개, 시드 {seed}, 속도 {speed}배",
    en: "Starting the simulated cluster: {nodes} worker nodes, seed {seed}, speed {speed}x",
  },
  "cluster.storeMemory": { ko: "저장소: 메모리 (2장의 저장소)", en: "storage: in memory (chapter 2's store)" },
  "cluster.storeEtcd": { ko: "저장소: etcd {url}", en: "storage: etcd at {url}" },
  "cluster.etcdNotEmpty": {
    ko: "etcd {url}에 이미 쿠버네티스 오브젝트가 있다(/registry/ 아래 키). 빈 etcd를 쓰거나, 지우고 시작하려면 --fresh를 붙이자.",
    en: "etcd at {url} already holds Kubernetes objects (keys under /registry/). Use an empty etcd, or add --fresh to delete them first.",
  },
  "cluster.slots": { ko: "각 자리에서 도는 구성 요소:", en: "What runs in each slot:" },
  "cluster.slotMine": { ko: "  {slot}: 내 코드 ({path})", en: "  {slot}: your code ({path})" },
  "cluster.slotReference": { ko: "  {slot}: 참조 구현 ({path})", en: "  {slot}: the reference ({path})" },
  "cluster.mineNone": {
    ko: "--mine: 아직 통과한 장이 없어 모든 자리에서 참조 구현이 돈다.",
    en: "--mine: no chapter has passed yet, so every slot runs the reference.",
  },
  "cluster.ready": { ko: "클러스터가 떴다: {url} (API 서버, 포트 {port})", en: "The cluster is up: {url} (API server on port {port})" },
  "cluster.kubeconfig": {
    ko: "kubeconfig를 {path}에 썼다. 다른 터미널에서:\n  export KUBECONFIG={path}",
    en: "Wrote the kubeconfig to {path}. In another terminal:\n  export KUBECONFIG={path}",
  },
  "cluster.try": {
    ko: "해 볼 명령:\n  kubectl get nodes\n  kubectl apply -f {manifest}\n  kubectl rollout status deployment/nginx-deployment\n  kubectl get pods -o wide\n  kubectl scale deployment/nginx-deployment --replicas=5\n  kubectl describe pod <파드 이름>\n  kubectl get events",
    en: "Things to try:\n  kubectl get nodes\n  kubectl apply -f {manifest}\n  kubectl rollout status deployment/nginx-deployment\n  kubectl get pods -o wide\n  kubectl scale deployment/nginx-deployment --replicas=5\n  kubectl describe pod <pod name>\n  kubectl get events",
  },
  "cluster.noKubectl": {
    ko: "PATH에 kubectl이 없다. https://kubernetes.io/docs/tasks/tools/ 에서 받거나 Debian/Ubuntu라면 apt-get install kubernetes-client로 설치하자. 그동안에도 클러스터는 돈다: curl {url}/api/v1/nodes",
    en: "kubectl is not on the PATH. Get one from https://kubernetes.io/docs/tasks/tools/ (or apt-get install kubernetes-client on Debian/Ubuntu). The cluster serves anyway: curl {url}/api/v1/nodes",
  },
  "cluster.trace": {
    ko: "일어나는 일을 {path}에 추적(trace)으로 쓴다. npm start(또는 npm run pages)의 /cluster 페이지에서 실시간 모습과 타임라인을 볼 수 있다.",
    en: "Writing what happens to {path} as a trace. The /cluster page of npm start (or npm run pages) shows the cluster live and as a timeline.",
  },
  "cluster.nodeFailure": {
    ko: "노드 장애를 일으키려면 그 노드의 kubelet을 멈춘다. 50초 뒤 노드가 Unknown이 되고, 다시 300초 뒤 파드가 축출된다(시간은 --speed 배로 흐른다):\n  kubectl annotate node {node} {annotation}=stopped\n다시 띄우려면:\n  kubectl annotate node {node} {annotation}-",
    en: "To cause a node failure, stop a node's kubelet; the node goes Unknown after 50 s and its pods are evicted 300 s later (time runs at --speed):\n  kubectl annotate node {node} {annotation}=stopped\nTo start it again:\n  kubectl annotate node {node} {annotation}-",
  },
  "cluster.stopHint": { ko: "Ctrl-C로 멈춘다.", en: "Ctrl-C stops it." },
  "cluster.stopped": { ko: "클러스터를 멈췄다.", en: "The cluster has stopped." },
  "cluster.badNumber": { ko: "--{flag}에는 양수를 준다: \"{value}\"", en: "--{flag} takes a positive number: \"{value}\"" },
  "cluster.componentError": { ko: "구성 요소에서 오류가 났다 ({label}): {error}", en: "a component failed ({label}): {error}" },
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
