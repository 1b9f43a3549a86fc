import { describe, expect, it } from "vitest";
import { FrontMatterError, splitFrontMatter } from "./frontmatter.ts";

describe("splitFrontMatter", () => {
  it("parses the YAML and returns the body with the line it starts on", () => {
    const text = "---\ntitle: 의도한 상태\ncomponent: reconcile\n---\n# 제목\n\n본문\n";
    expect(splitFrontMatter(text)).toEqual({
      data: { title: "의도한 상태", component: "reconcile" },
      body: "# 제목\n\n본문\n",
      bodyLine: 5,
    });
  });

  it("returns the whole text as body from line 1 when there is no front matter", () => {
    expect(splitFrontMatter("# 제목\n")).toEqual({ data: {}, body: "# 제목\n", bodyLine: 1 });
  });

  it("accepts CRLF line endings and a byte order mark", () => {
    expect(splitFrontMatter("\uFEFF---\r\ntitle: a\r\n---\r\nbody\r\n")).toEqual({
      data: { title: "a" },
      body: "body\r\n",
      bodyLine: 4,
    });
  });

  it("reports bad YAML at its line and column in the file", () => {
    const text = "---\ntitle: a\ncomponent: b: c\n---\nbody\n";
    let error: unknown;
    try {
      splitFrontMatter(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(FrontMatterError);
    expect(error).toMatchObject({ name: "FrontMatterError", line: 3, column: 12 });
    expect(String(error)).toMatch(/^FrontMatterError: 3:12: /);
  });

  it("refuses front matter that is never closed", () => {
    expect(() => splitFrontMatter("---\ntitle: a\n# 제목\n")).toThrow(/never closed/);
  });

  it("refuses front matter that is not a mapping", () => {
    expect(() => splitFrontMatter("---\n- a\n---\n")).toThrow(/must be a mapping/);
  });
});
