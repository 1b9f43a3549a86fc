import { readFileSync, rmSync } from "node:fs";
import { request } from "node:http";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { paths } from "../../src/workbook/paths.ts";
import { safePath, startPages, type Pages } from "../../src/pages/server.ts";
import { makeRoot, type TestRoot } from "./helpers.ts";

/** A raw GET: the path goes on the wire exactly as written (fetch would normalise `..` and `%2e%2e` away). */
function rawGet(pages: Pages, path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port: pages.address.port, path, method: "GET", headers }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (d: string) => (body += d));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on("error", reject);
    req.end();
  });
}

let wb: TestRoot;
let pages: Pages;
const get = async (path: string, init?: RequestInit) => {
  const res = await fetch(pages.url + path, init);
  return { status: res.status, body: await res.text(), headers: res.headers };
};
const anchorsOf = (file: string) => [...readFileSync(file, "utf8").matchAll(/^<a id="([^"]+)"><\/a>$/gm)].map((m) => m[1]);

beforeAll(async () => {
  wb = makeRoot();
  pages = await startPages({ root: wb.root });
});
afterAll(async () => {
  await pages.stop();
  wb.cleanup();
});
beforeEach(() => {
  wb.write("progress.json", JSON.stringify({ lessons: {} }));
});

describe("the page server", () => {
  it("listens on the loopback address only", () => {
    expect(pages.address.address).toBe("127.0.0.1");
    expect(pages.url).toBe(`http://127.0.0.1:${pages.address.port}`);
  });

  it("refuses a request whose Host is not the server itself (DNS rebinding)", async () => {
    expect((await rawGet(pages, "/", { host: "evil.example:80" })).status).toBe(403);
    expect((await rawGet(pages, "/", { host: `localhost:${pages.address.port}` })).status).toBe(200);
  });

  it.each([
    "/../package.json",
    "/assets/../package.json",
    "/assets/..%2fpackage.json",
    "/assets/%2e%2e/package.json",
    "/assets/%2E%2E%2Fpackage.json",
    "/assets/%252e%252e/package.json",
    "/assets/..\\package.json",
    "/lessons/01-desired-state/../../package.json",
    "/lessons/01-desired-state/%2e%2e%2flesson.yaml",
    "/lessons/01-desired-state%2f..%2f..%2fpackage.json",
    "/lessons/01-desired-state/lesson.yaml",
    "/lessons/01-desired-state/reconcile.ts",
    "//etc/passwd",
    "/etc/passwd",
    `${paths.root}/package.json`,
    "/node_modules/mermaid/package.json",
    "/assets/package.json",
    "/assets/",
  ])("answers 404 for %s", async (path) => {
    const res = await rawGet(pages, path);
    expect(res.status).toBe(404);
    expect(res.body).not.toContain('"name": "kube-workbook"');
  });

  it("refuses paths with traversal, encodings, backslashes or doubled slashes before routing", () => {
    for (const p of ["/a/../b", "/a/%2e", "/a\\b", "//a", "a", "/a//b", "/a/%2F"]) expect(safePath(p), p).toBe(false);
    for (const p of ["/", "/lesson-1", "/assets/pages.css", "/lessons/01-desired-state/map.svg"]) expect(safePath(p), p).toBe(true);
  });

  it("serves its own assets, mermaid's bundle and images in a chapter's folder", async () => {
    expect((await get("/assets/pages.css")).headers.get("content-type")).toContain("text/css");
    const mermaid = await get("/assets/mermaid.min.js");
    expect(mermaid.status).toBe(200);
    expect(mermaid.body.length).toBeGreaterThan(1_000_000);
    wb.write("../lessons/01-desired-state/loop.svg", '<svg xmlns="http://www.w3.org/2000/svg"/>');
    const image = await get("/lessons/01-desired-state/loop.svg");
    expect(image.status).toBe(200);
    expect(image.headers.get("content-type")).toBe("image/svg+xml");
  });
});

describe("the index", () => {
  it("lists every chapter with its state and the hints used", async () => {
    wb.write("progress.json", JSON.stringify({
      lessons: {
        "desired-state": { status: "passed", passed: 9, total: 9, lastRun: "x", hintsUsed: { "creates-missing": 2, "lists-whole": 1 } },
        etcd: { status: "failing", passed: 3, total: 10, lastRun: "x", hintsUsed: {} },
      },
    }));
    const { body } = await get("/?lang=en");
    expect(body).toMatch(/<tr data-chapter="1" data-status="passed">[\s\S]*?<td class="hints-used">3<\/td>/);
    expect(body).toMatch(/<tr data-chapter="2" data-status="failing">[\s\S]*?3\/10/);
    expect(body).toMatch(/<tr data-chapter="6" data-status="not-started">/);
    expect(body).toContain("1 of 4 chapters passed");
  });

  it("marks each chapter's component on the picture of the cluster", async () => {
    wb.write("progress.json", JSON.stringify({ lessons: { "desired-state": { status: "passed", passed: 1, total: 1, lastRun: "", hintsUsed: {} } } }));
    const { body } = await get("/");
    expect(body).toMatch(/<g class="part" data-part="kcm">.*data-chapter="1" data-status="passed".*data-chapter="7" data-status="not-started"/);
    expect(body).toMatch(/data-part="etcd">.*data-chapter="2"/);
    expect(body).toMatch(/data-part="scheduler">.*href="\/lesson-6"/);
  });

  it.each([
    ["a broken file", "{ not json"],
    ["a list", "[1, 2]"],
    ["lessons of the wrong shape", '{"lessons": {"desired-state": "passed", "etcd": {"status": "done"}}}'],
  ])("still renders with %s as progress.json", async (_, text) => {
    wb.write("progress.json", text);
    const { status, body } = await get("/");
    expect(status).toBe(200);
    expect(body.match(/<tr data-chapter="\d+" data-status="not-started">/g)).toHaveLength(4);
  });
});

describe("a chapter page", () => {
  it("keeps every explicit anchor of the chapter, in both languages", async () => {
    for (const lang of ["ko", "en"] as const) {
      const { body } = await get(`/lesson-1?lang=${lang}`);
      const anchors = anchorsOf(join(wb.root, "lessons/01-desired-state", `${lang}.md`));
      expect(anchors.length).toBeGreaterThan(5);
      for (const id of anchors) expect(body).toContain(`<a id="${id}"></a>`);
    }
  });

  it("links the language switch to the same chapter in the other language, marked to carry the hash", async () => {
    const { body } = await get("/lesson-1?lang=ko");
    expect(body).toContain('<html lang="ko">');
    expect(body).toMatch(/<a class="lang-switch" id="lang-switch" data-keep-hash data-lang="en"[^>]* href="\/lesson-1\?lang=en">English<\/a>/);
    const script = (await get("/assets/pages.js")).body;
    expect(script).toContain('switcher.setAttribute("href", base + place())');
    expect(script).toContain("location.hash");
  });

  it("remembers the language asked for with ?lang= in a cookie", async () => {
    const first = await get("/lesson-1?lang=en");
    expect(first.headers.get("set-cookie")).toBe("lang=en; Path=/; Max-Age=31536000; SameSite=Lax");
    expect((await get("/lesson-1", { headers: { cookie: "lang=en" } })).body).toContain('<html lang="en">');
    expect((await get("/lesson-1")).body).toContain('<html lang="ko">');
  });

  it("highlights code on the server and leaves mermaid blocks for the browser", async () => {
    const { body } = await get("/lesson-1?lang=en");
    expect(body).toMatch(/<pre><code class="hljs language-ts"><span class="hljs-keyword">export<\/span>/);
    expect(body).toMatch(/<code class="hljs language-yaml"><span class="hljs-attr">apiVersion:<\/span>/);
    expect(body).toMatch(/<pre class="mermaid">flowchart LR\n/);
    expect(body).toContain('kubelet[&quot;kubelet · 5&quot;]');
    expect(body).toContain('<script src="/assets/mermaid.min.js"></script>');
  });

  it("renders every hint hidden, with one button per check's ladder", async () => {
    const { body } = await get("/lesson-1?lang=en");
    const ladders = body.match(/<div class="hint-ladder"/g) ?? [];
    const hints = body.match(/<li class="hint"[^>]*>/g) ?? [];
    expect(ladders.length).toBeGreaterThan(3);
    expect(hints.length).toBeGreaterThan(ladders.length);
    for (const li of hints) expect(li).toBe('<li class="hint" hidden>');
    expect(body.match(/<button type="button" class="next-hint">show the next hint \(1 of \d\)<\/button>/g)).toHaveLength(ladders.length);
  });

  it("opens the hints progress.json says were shown, and counts a hint shown in the page", async () => {
    wb.write("progress.json", JSON.stringify({ lessons: { "desired-state": { status: "failing", passed: 0, total: 9, lastRun: "", hintsUsed: { "creates-missing": 1 } } } }));
    const { body } = await get("/lesson-1?lang=en");
    expect(body).toMatch(/data-check="creates-missing" data-shown="1" data-total="2">[\s\S]*?<ol><li class="hint">[^<]*Map[\s\S]*?<li class="hint" hidden>/);
    const post = await get("/hints/lesson-1/creates-missing", { method: "POST" });
    expect(JSON.parse(post.body)).toEqual({ shown: 2 });
    const progress = JSON.parse(readFileSync(join(wb.state, "progress.json"), "utf8"));
    expect(progress.lessons["desired-state"].hintsUsed).toEqual({ "creates-missing": 2 });
  });

  it("refuses to count a hint for another site's page or an unknown check", async () => {
    expect((await get("/hints/lesson-1/creates-missing", { method: "POST", headers: { origin: "http://evil.example" } })).status).toBe(403);
    expect((await get("/hints/lesson-1/no-such-check", { method: "POST" })).status).toBe(404);
  });

  it("shows the last check result per check, or the command to run when there is none", async () => {
    expect((await get("/lesson-2?lang=en")).body).toContain("Not checked yet. Run: npm run check lesson-2");
    wb.write("results/lesson-2.json", JSON.stringify({
      lesson: "lesson-2", slug: "etcd", number: 2, status: "failed", seed: 1, lang: "en", implementation: "x", finishedAt: "2026-01-01T00:00:00Z", durationMs: 5,
      checks: [
        { id: "put-get", names: { ko: "넣고 읽는다", en: "puts and gets" }, status: "passed", seed: 1 },
        { id: "watch", names: { ko: "감시한다", en: "watches" }, status: "failed", seed: 1, message: "expected <3> events" },
      ],
    }));
    const { body } = await get("/lesson-2?lang=en");
    expect(body).toContain("1 of 2 checks passed");
    expect(body).toMatch(/<li class="check check-passed" data-check="put-get">.*puts and gets/);
    expect(body).toMatch(/<li class="check check-failed" data-check="watch">.*watches.*expected &lt;3&gt; events/);
  });

  it("gives the commands to run and links to the chapters around it", async () => {
    const { body } = await get("/lesson-2?lang=en");
    for (const cmd of ["npm run check lesson-2", "npm run hint lesson-2", "npm run read lesson-2", "npm run compare lesson-2"]) {
      expect(body.replace(/<[^>]+>/g, "")).toContain(cmd);
    }
    expect(body).toMatch(/<a rel="prev" href="\/lesson-1">/);
    expect(body).toMatch(/<a rel="next" href="\/lesson-6">/);
    expect(body).toContain("edit: lessons/02-etcd/mvcc-store.ts");
  });

  it("says so when a chapter's text is not written yet, and 404s for a chapter that does not exist", async () => {
    for (const lang of ["ko", "en"]) rmSync(join(wb.root, "lessons/07-replicaset", `${lang}.md`), { force: true });
    expect((await get("/lesson-7?lang=en")).body).toContain("This chapter&#39;s text is not written yet.");
    expect((await get("/lesson-99")).status).toBe(404);
  });
});
