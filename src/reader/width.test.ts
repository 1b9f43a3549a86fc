import { describe, expect, it } from "vitest";
import { displayWidth, padEndDisplay, renderTable, stripAnsi, truncateDisplay, wrapDisplay } from "./width.ts";

const BOLD = "\u001b[1m";
const UNBOLD = "\u001b[22m";

describe("displayWidth", () => {
  it("counts a Hangul syllable as two columns and ignores escape codes", () => {
    expect(displayWidth("파드 pod")).toBe(8);
    expect(displayWidth(`${BOLD}파드${UNBOLD}`)).toBe(4);
  });
});

describe("padEndDisplay and truncateDisplay", () => {
  it("pads to display width, not string length", () => {
    expect(padEndDisplay("이름", 6)).toBe("이름  ");
    expect(padEndDisplay("name", 2)).toBe("name");
  });

  it("truncates to display width with an ellipsis, never half a syllable", () => {
    expect(truncateDisplay("쿠버네티스", 5)).toBe("쿠버…");
    expect(truncateDisplay("쿠버네티스", 10)).toBe("쿠버네티스");
  });

  it("keeps escape codes when truncating and resets a style left open", () => {
    expect(truncateDisplay(`${BOLD}kubernetes${UNBOLD}`, 5)).toBe(`${BOLD}kube\u001b[0m…`);
  });
});

describe("wrapDisplay", () => {
  it("wraps Korean at spaces by display width", () => {
    expect(wrapDisplay("쿠버네티스는 의도한 상태를 향해 움직인다", 14)).toEqual(["쿠버네티스는", "의도한 상태를", "향해 움직인다"]);
  });

  it("wraps Latin text at spaces", () => {
    expect(wrapDisplay("the quick brown fox", 10)).toEqual(["the quick", "brown fox"]);
  });

  it("never produces a line wider than the width when words fit", () => {
    const text = "컨트롤러는 관찰하고 비교하고 행동한다. The controller observes, diffs and acts, 반복한다.";
    for (const line of wrapDisplay(text, 17)) expect(displayWidth(line)).toBeLessThanOrEqual(17);
  });

  it("splits a word wider than the line between syllables", () => {
    expect(wrapDisplay("가나다라마바사", 6)).toEqual(["가나다", "라마바", "사"]);
  });

  it("breaks at newlines and drops trailing blanks", () => {
    expect(wrapDisplay("one\ntwo   ", 10)).toEqual(["one", "two"]);
  });

  it("does not count escape codes and reopens a style cut by a wrap", () => {
    const lines = wrapDisplay(`a ${BOLD}bold words here${UNBOLD} end`, 8);
    expect(lines).toEqual([`a ${BOLD}bold\u001b[0m`, `${BOLD}words\u001b[0m`, `${BOLD}here${UNBOLD} end`]);
    expect(lines.map(stripAnsi)).toEqual(wrapDisplay("a bold words here end", 8));
  });
});

describe("renderTable", () => {
  it("lines up Korean and English cells by display width", () => {
    const lines = renderTable(
      [
        ["이름", "상태", "설명"],
        ["web-1", "Running", "웹 서버"],
        ["디비", "Pending", "db"],
      ],
      { align: ["left", "right"] },
    );
    expect(lines).toEqual([
      "이름      상태  설명", //
      "web-1  Running  웹 서버",
      "디비   Pending  db",
    ]);
  });

  it("draws a header rule and styles the header without breaking alignment", () => {
    const lines = renderTable(
      [
        ["키", "값"],
        ["replicas", "3"],
      ],
      { headerRule: true, headerStyle: (s) => `${BOLD}${s}${UNBOLD}` },
    );
    expect(lines).toEqual([`${BOLD}키${UNBOLD}        ${BOLD}값${UNBOLD}`, "────────  ──", "replicas  3"]);
  });

  it("wraps the widest column to fit maxWidth", () => {
    const lines = renderTable(
      [
        ["#", "무엇을"],
        ["1", "의도한 상태와 현재 상태를 비교한다"],
      ],
      { maxWidth: 20 },
    );
    expect(lines).toEqual(["#  무엇을", "1  의도한 상태와", "   현재 상태를", "   비교한다"]);
    for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(20);
  });
});
