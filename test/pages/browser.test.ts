/**
 * The lesson pages in a real browser (Debian's chromium through playwright-core): progress on the index, the language
 * switch keeping the reader's place, a chapter's mermaid diagram drawn to SVG, a hint revealed by its button, and the
 * cluster page showing a pod created through the API (the real simulated cluster of src/cli/cluster.ts, or the fake
 * API when that cannot start). Screenshots go to test-artifacts/pages/.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPages, type Pages } from "../../src/pages/server.ts";
import { parseTrace, timelineDocument } from "../../src/pages/timeline.ts";
import { paths } from "../../src/workbook/paths.ts";
import { requireTool } from "../../src/workbook/tools.ts";
import { node, startFakeApi } from "./fake-api.ts";
import { makeRoot, type TestRoot } from "./helpers.ts";

const chromiumPath = requireTool("chromium", "apt-get install chromium");
const ARTIFACTS = join(paths.root, "test-artifacts", "pages");

describe.skipIf(!chromiumPath)("the lesson pages in chromium", () => {
  let wb: TestRoot;
  let pages: Pages;
  let context: BrowserContext;
  let userData: string;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    wb = makeRoot();
    wb.write("progress.json", JSON.stringify({
      lessons: { "desired-state": { status: "passed", passed: 9, total: 9, lastRun: "2026-01-01T00:00:00Z", hintsUsed: { "lists-whole": 1 } }, etcd: { status: "failing", passed: 2, total: 12, lastRun: "", hintsUsed: {} } },
    }));
    pages = await startPages({ root: wb.root });
    userData = mkdtempSync(join(tmpdir(), "pages-chromium-"));
    context = await chromium.launchPersistentContext(userData, {
      executablePath: chromiumPath!,
      headless: true,
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic"],
      viewport: { width: 1280, height: 900 },
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  });

  afterAll(async () => {
    await context?.close();
    await pages?.stop();
    wb?.cleanup();
    if (userData) rmSync(userData, { recursive: true, force: true });
  });

  it("loads the index with each chapter's state", async () => {
    await page.goto(`${pages.url}/?lang=en`);
    await expect.poll(() => page.locator("#chapters tbody tr").count()).toBe(4);
    expect(await page.locator('#chapters tr[data-chapter="1"] .status').textContent()).toBe("passed");
    expect(await page.locator('#chapters tr[data-chapter="2"] .status').textContent()).toBe("failing");
    expect(await page.locator('#chapters tr[data-chapter="1"] .hints-used').textContent()).toBe("1");
    expect(await page.locator('svg.cluster-diagram [data-part="kcm"] a[data-chapter="1"]').getAttribute("data-status")).toBe("passed");
    await page.goto(`${pages.url}/?lang=ko`);
    await page.screenshot({ path: join(ARTIFACTS, "index-ko.png"), fullPage: true });
  });

  it("draws a chapter's mermaid diagram to SVG", async () => {
    await page.goto(`${pages.url}/lesson-1?lang=ko#level-triggered`);
    await page.waitForSelector("body[data-mermaid=done]", { timeout: 30_000 });
    expect(await page.locator("pre.mermaid svg").count()).toBeGreaterThan(0);
    expect(await page.locator("pre.mermaid svg").first().innerHTML()).toContain("kube-apiserver");
    await page.locator("pre.mermaid").first().scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(ARTIFACTS, "chapter-ko-diagram.png") });
  });

  it("switches language and keeps the reader's place, and remembers the choice", async () => {
    await page.goto(`${pages.url}/lesson-1?lang=ko#level-triggered`);
    await page.waitForSelector("body[data-mermaid=done]", { timeout: 30_000 });
    await page.click("#lang-switch");
    await page.waitForURL(/\/lesson-1\?lang=en#level-triggered$/);
    expect(await page.getAttribute("html", "lang")).toBe("en");
    await page.waitForSelector("body[data-mermaid=done]", { timeout: 30_000 });
    const top = await page.locator("#level-triggered").evaluate((el) => el.getBoundingClientRect().top);
    expect(top).toBeGreaterThanOrEqual(-5);
    expect(top).toBeLessThan(200);
    await page.screenshot({ path: join(ARTIFACTS, "chapter-en-anchor.png") });

    // Scrolled to another section without following a link: the switch takes the section in view.
    await page.locator("#exercise").evaluate((el) => el.scrollIntoView());
    await page.click("#lang-switch");
    await page.waitForURL(/\/lesson-1\?lang=ko#exercise$/);
    expect(await page.getAttribute("html", "lang")).toBe("ko");

    // Remembered: the same page without ?lang= comes in the language last chosen.
    await page.goto(`${pages.url}/lesson-2`);
    expect(await page.getAttribute("html", "lang")).toBe("ko");
    await page.goto(`${pages.url}/lesson-2?lang=en`);
    await page.goto(`${pages.url}/lesson-6`);
    expect(await page.getAttribute("html", "lang")).toBe("en");
  });

  it("reveals a hint on click and counts it", async () => {
    await page.goto(`${pages.url}/lesson-1?lang=en#hints`);
    const ladder = page.locator('.hint-ladder[data-check="creates-missing"]');
    const hints = ladder.locator("li.hint");
    expect(await hints.nth(0).isVisible()).toBe(false);
    await ladder.locator("button.next-hint").click();
    expect(await hints.nth(0).isVisible()).toBe(true);
    expect(await hints.nth(1).isVisible()).toBe(false);
    expect(await ladder.locator("button.next-hint").textContent()).toBe("show the next hint (2 of 2)");
    await expect
      .poll(() => JSON.parse(readFileSync(join(wb.state, "progress.json"), "utf8")).lessons["desired-state"].hintsUsed)
      .toEqual({ "lists-whole": 1, "creates-missing": 1 });
    await ladder.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(ARTIFACTS, "chapter-hint.png") });
  });

  it("shows a pod created through the API on the cluster page, and why it is where it is", async () => {
    let cluster: { url: string; stop(): Promise<void> };
    let real = true;
    try {
      const { startCluster } = await import("../../src/cli/cluster.ts");
      cluster = await startCluster({ nodes: 2, kubeconfigPath: null, tracePath: null });
    } catch (error) {
      console.warn(`the real cluster could not start (${(error as Error).message}); using the fake API`);
      real = false;
      cluster = await startFakeApi({ nodes: [node("node-1"), node("node-2")] });
    }
    const livePages = await startPages({ root: wb.root, clusterUrl: cluster.url });
    try {
      await page.goto(`${livePages.url}/cluster?lang=en`);
      await page.waitForSelector('section.node[data-node="node-2"]');
      await page.waitForSelector("body[data-connected=true]");
      const created = await fetch(`${cluster.url}/api/v1/namespaces/default/pods`, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json" },
        body: JSON.stringify({
          apiVersion: "v1",
          kind: "Pod",
          metadata: { name: "from-the-test" },
          spec: { containers: [{ name: "web", image: "nginx:1.27", resources: { requests: { cpu: "100m", memory: "64Mi" } } }] },
        }),
      });
      expect(created.status).toBe(201);
      const pod = page.locator('button.pod[data-pod="default/from-the-test"]');
      await pod.waitFor();
      if (real) await page.waitForSelector('section.node[data-node^="node-"] button.pod[data-pod="default/from-the-test"].is-ready', { timeout: 20_000 });
      await pod.click();
      await page.waitForSelector("#explain table.explain-table");
      expect(await page.locator("#explain tbody tr").count()).toBe(2);
      expect(await page.locator('#explain thead th[title="NodeResourcesFit"]').count()).toBe(1);
      await page.screenshot({ path: join(ARTIFACTS, `cluster-${real ? "real" : "fake"}.png`), fullPage: true });
    } finally {
      await livePages.stop();
      await cluster.stop();
    }
  });

  it("draws a timeline the browser shows", async () => {
    const trace = readFileSync(join(paths.root, "test/pages/fixtures/rolling-update.jsonl"), "utf8");
    await page.setContent(timelineDocument(parseTrace(trace), "rolling-update.yaml", "ko"));
    expect(await page.locator("svg.timeline path.rs-area").count()).toBe(2);
    await page.screenshot({ path: join(ARTIFACTS, "timeline-ko.png"), fullPage: true });
  });

  it("ran without errors in the pages' scripts", () => {
    expect(errors).toEqual([]);
  });
});
