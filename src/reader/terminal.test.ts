import { describe, expect, it } from "vitest";
import { renderTerminal } from "./terminal.ts";
import { stripAnsi } from "./width.ts";

const plain = (md: string, width = 60): string => renderTerminal(md, { width, color: false });

const LESSON = `---
title: 의도한 상태
component: reconcile
---
# 1장. 의도한 상태

<a id="desired-vs-current"></a>
## 의도한 상태와 현재 상태

컨트롤러는 **의도한 상태**와 *현재 상태*를 비교한다. 이 단계를 \`reconcile\`이라 부른다.
[공식 문서](https://kubernetes.io/docs/concepts/architecture/controller/)를 참고한다.

> 디플로이먼트(Deployment)는 레플리카셋(ReplicaSet)을 통해 파드를 관리한다.

1. 관찰한다
2. 비교한다
   - 필드만 비교한다

| 구성 요소 | 포트 |
|:--|--:|
| **kube-apiserver** | \`6443\` |

\`\`\`yaml
apiVersion: apps/v1
kind: Deployment # 주석
\`\`\`

\`\`\`mermaid
graph LR
  A --> B
\`\`\`

---
`;

describe("renderTerminal without colour", () => {
  it("marks heading levels with # and puts a blank line around them", () => {
    expect(plain("# 제목\n본문\n## 소제목\n### 세부\n끝")).toBe("# 제목\n\n본문\n\n## 소제목\n\n### 세부\n\n끝\n");
  });

  it("does not render the front matter", () => {
    expect(plain("---\ntitle: 제목\n---\n본문\n")).toBe("본문\n");
  });

  it("wraps paragraphs to the width by display columns", () => {
    expect(plain("쿠버네티스의 컨트롤러는 의도한 상태를 향해 클러스터를 움직인다", 24)).toBe(
      "쿠버네티스의 컨트롤러는\n의도한 상태를 향해\n클러스터를 움직인다\n",
    );
  });

  it("shows nested lists with bullets and indentation", () => {
    expect(plain("- 하나\n  - 둘\n    - 셋\n- 넷\n")).toBe("• 하나\n  ◦ 둘\n    ▪ 셋\n• 넷\n");
  });

  it("aligns ordered list numbers and their wrapped continuation lines", () => {
    const items = Array.from({ length: 10 }, (_, i) => `${i + 1}. 항목`).join("\n");
    expect(plain(items).split("\n").slice(8, 10)).toEqual([" 9. 항목", "10. 항목"]);
    expect(plain("- 쿠버네티스는 의도한 상태를 향해 움직인다", 20)).toBe("• 쿠버네티스는\n  의도한 상태를 향해\n  움직인다\n");
  });

  it("separates the items of a loose list with blank lines", () => {
    expect(plain("1. 첫째\n\n2. 둘째\n")).toBe("1. 첫째\n\n2. 둘째\n");
  });

  it("draws block quotes with a bar, including their blank lines", () => {
    expect(plain("> 인용문\n>\n> 둘째 문단\n")).toBe("│ 인용문\n│\n│ 둘째 문단\n");
  });

  it("drops anchors and HTML comments without leaving blank lines", () => {
    expect(plain('<a id="desired-vs-current"></a>\n## 제목\n\n<!-- 번역 메모 -->\n\n본문\n')).toBe("## 제목\n\n본문\n");
    expect(plain('<a id="x"></a>\n본문\n')).toBe("본문\n");
  });

  it("shows links as text (url), and a bare url once", () => {
    expect(plain("[문서](https://k8s.io/docs) 와 <https://k8s.io>")).toBe("문서 (https://k8s.io/docs) 와 https://k8s.io\n");
  });

  it("keeps inline code in backticks and emphasis as its text", () => {
    expect(plain("**굵게** *기울임* `kubectl get pods`")).toBe("굵게 기울임 `kubectl get pods`\n");
  });

  it("keeps code blocks verbatim and never wraps them", () => {
    const line = "  return []; // 이 주석은 아주 길어서 폭을 넘지만 줄바꿈하지 않는다";
    expect(plain("```ts\nfunction f() {\n" + line + "\n}\n```\n", 20)).toBe(
      ["  ┌─ ts", "  │ function f() {", "  │ " + line, "  │ }", "  └─", ""].join("\n"),
    );
  });

  it("shows mermaid as code with the caller's note", () => {
    const out = renderTerminal("```mermaid\ngraph LR\n```\n", { width: 60, color: false, mermaidNote: "(다이어그램은 페이지에서)" });
    expect(out).toBe("  ┌─ mermaid\n  │ graph LR\n  └─\n  (다이어그램은 페이지에서)\n");
  });

  it("lines up tables with Korean cells and inline formatting", () => {
    expect(plain("| 구성 요소 | 포트 |\n|:--|--:|\n| **kube-apiserver** | `6443` |\n| 이티시디 | 2379 |\n")).toBe(
      ["구성 요소         포트", "──────────────  ──────", "kube-apiserver  `6443`", "이티시디          2379", ""].join("\n"),
    );
  });

  it("draws a horizontal rule across the width", () => {
    expect(plain("위\n\n---\n\n아래", 20)).toBe(`위\n\n${"─".repeat(20)}\n\n아래\n`);
  });
});

describe("renderTerminal with colour", () => {
  it("has no escape codes when colour is off", () => {
    expect(plain(LESSON)).not.toMatch(/\u001b/);
  });

  it("equals the plain render once escape codes are stripped", () => {
    for (const width of [30, 60, 100]) {
      const colored = renderTerminal(LESSON, { width, color: true });
      expect(colored).toMatch(/\u001b\[/);
      expect(stripAnsi(colored)).toBe(plain(LESSON, width));
    }
  });

  it("colours code by syntax", () => {
    const out = renderTerminal("```yaml\nkind: Pod\n```\n", { width: 60, color: true });
    expect(out).toContain("\u001b[36mkind:\u001b[39m");
  });
});
