/**
 * The lesson pages over HTTP, on 127.0.0.1 only: `startPages({ port?, clusterUrl? })` -> `{ url, stop() }`.
 *
 *   /                       every chapter with its state, and the cluster's parts (index-page.ts)
 *   /lesson-N               a chapter (chapter-page.ts); `?lang=ko|en` switches and remembers the language
 *   /cluster                nodes and pods, live (cluster-page.ts); /cluster/events, /cluster/explain?pod=ns/name
 *   /assets/NAME            the pages' own files and mermaid's bundle (assets.ts); /lessons/NN-slug/IMAGE
 *   POST /hints/lesson-N/ID counts a hint shown, as `npm run hint` does
 *
 * Everything is read on each request (chapters, progress, results), so the pages follow the learner's work without a
 * restart. A request path with `..`, a backslash, a percent-encoding, a doubled slash or no leading slash is refused
 * with 404 before any routing, and a Host header other than this server's is refused (DNS rebinding).
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { loadCatalogue, type Lesson } from "../catalogue/catalogue.ts";
import { msg } from "../i18n/messages.ts";
import { DEFAULT_LANG, isLang, type Lang } from "../i18n/text.ts";
import { CLUSTER_TRACE_FILE, paths } from "../workbook/paths.ts";
import { readPreferredLang, readProgress, recordHint } from "../workbook/state.ts";
import { YamlFileError } from "../workbook/yaml-file.ts";
import { asset, chapterImage } from "./assets.ts";
import { chapterPage, readResult } from "./chapter-page.ts";
import { ClusterHub } from "./cluster-hub.ts";
import { clusterPage, clusterTimelinePage, readTrace } from "./cluster-page.ts";
import { explain, loadScheduler } from "./explain.ts";
import { escapeHtml, page, t } from "./html.ts";
import { indexPage } from "./index-page.ts";

export interface PagesOptions {
  /** 0 or absent: any free port. */
  port?: number;
  /** The API server to show on /cluster; else the server in `<stateDir>/kubeconfig`, when there is one. */
  clusterUrl?: string;
  /** The workbook whose chapters are shown (tests use a copy). */
  root?: string;
  /** The learner's state folder: progress.json, results/, preferences.json, kubeconfig. */
  stateDir?: string;
}

export interface Pages {
  url: string;
  address: AddressInfo;
  stop(): Promise<void>;
}

const HOST = "127.0.0.1";

/** Whether a raw request path may be routed at all. */
export function safePath(raw: string): boolean {
  return raw.startsWith("/") && !raw.startsWith("//") && !/\.\.|\\|%|\/\/|\0/.test(raw);
}

function cookieLang(req: IncomingMessage): Lang | undefined {
  const m = /(?:^|;\s*)lang=(ko|en)(?:;|$)/.exec(req.headers.cookie ?? "");
  return m ? (m[1] as Lang) : undefined;
}

export async function startPages(options: PagesOptions = {}): Promise<Pages> {
  const root = options.root ?? paths.root;
  const stateDir = options.stateDir ?? (options.root ? join(options.root, ".workbook") : paths.state);
  const files = {
    progress: join(stateDir, "progress.json"),
    results: join(stateDir, "results"),
    preferences: join(stateDir, "preferences.json"),
    clusterTrace: join(stateDir, CLUSTER_TRACE_FILE),
  };
  const hub = new ClusterHub({ ...(options.clusterUrl ? { clusterUrl: options.clusterUrl } : {}), kubeconfig: join(stateDir, "kubeconfig") });
  let port = 0;

  const send = (res: ServerResponse, status: number, type: string, body: string | Buffer, headers: Record<string, string> = {}): void => {
    res.writeHead(status, {
      "content-type": type,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
      "content-security-policy": "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; base-uri 'none'",
      ...headers,
    });
    res.end(body);
  };
  const html = (res: ServerResponse, body: string, status = 200, headers: Record<string, string> = {}) => send(res, status, "text/html; charset=utf-8", body, headers);
  const json = (res: ServerResponse, value: unknown, status = 200) => send(res, status, "application/json; charset=utf-8", JSON.stringify(value));
  const notFound = (res: ServerResponse, lang: Lang) =>
    html(res, page({ lang, title: msg("pages.notFound", lang), path: "/", body: `<h1>404</h1><p>${t("pages.notFound", lang)}</p>` }), 404);

  const catalogue = (): Lesson[] => loadCatalogue(root);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = req.url ?? "/";
    const q = raw.indexOf("?");
    const rawPath = q < 0 ? raw : raw.slice(0, q);
    const query = new URLSearchParams(q < 0 ? "" : raw.slice(q + 1));
    const asked = query.get("lang");
    const lang: Lang = isLang(asked) ? asked : cookieLang(req) ?? readPreferredLang(files.preferences) ?? DEFAULT_LANG;
    const langCookie: Record<string, string> = isLang(asked) ? { "set-cookie": `lang=${asked}; Path=/; Max-Age=31536000; SameSite=Lax` } : {};

    const host = req.headers.host ?? "";
    if (host !== `${HOST}:${port}` && host !== `localhost:${port}`) return send(res, 403, "text/plain; charset=utf-8", "forbidden host\n");
    if (!safePath(rawPath)) return notFound(res, lang);

    if (req.method === "POST") {
      const m = /^\/hints\/(lesson-\d+)\/([a-z0-9-]+)$/.exec(rawPath);
      const origin = req.headers.origin;
      if (origin !== undefined && origin !== `http://${host}`) return send(res, 403, "text/plain; charset=utf-8", "forbidden origin\n");
      const lesson = m && catalogue().find((l) => l.id === m[1]);
      if (!m || !lesson || !lesson.hints[m[2]!]) return notFound(res, lang);
      return json(res, { shown: recordHint(lesson.slug, m[2]!, files.progress) });
    }
    if (req.method !== "GET" && req.method !== "HEAD") return send(res, 405, "text/plain; charset=utf-8", "method not allowed\n", { allow: "GET, HEAD, POST" });

    if (rawPath === "/") return html(res, indexPage(catalogue(), readProgress(files.progress), lang), 200, langCookie);
    const chapter = /^\/lesson-(\d{1,2})$/.exec(rawPath);
    if (chapter) {
      const lessons = catalogue();
      const lesson = lessons.find((l) => l.number === Number(chapter[1]));
      if (!lesson) return notFound(res, lang);
      const result = readResult(join(files.results, `${lesson.id}.json`));
      return html(res, chapterPage({ lessons, lesson, lang, progress: readProgress(files.progress), result, root }), 200, langCookie);
    }
    if (rawPath === "/cluster") return html(res, clusterPage(lang, hub.target()?.url), 200, langCookie);
    if (rawPath === "/cluster/events") return hub.follow(res);
    if (rawPath === "/cluster/timeline") return html(res, clusterTimelinePage(lang, readTrace(files.clusterTrace)), 200, langCookie);
    if (rawPath === "/cluster/explain") return json(res, await explainPod(query.get("pod") ?? ""));
    const assetMatch = /^\/assets\/([A-Za-z0-9_.-]+)$/.exec(rawPath);
    if (assetMatch) {
      const found = asset(assetMatch[1]!);
      return found ? send(res, 200, found.type, found.body) : notFound(res, lang);
    }
    const image = /^\/lessons\/([0-9]{2}-[a-z0-9-]+)\/([^/]+)$/.exec(rawPath);
    if (image) {
      const lesson = catalogue().find((l) => l.dir === image[1]);
      const found = lesson && chapterImage(join(root, "lessons", lesson.dir), image[2]!);
      return found ? send(res, 200, found.type, found.body) : notFound(res, lang);
    }
    return notFound(res, lang);
  }

  async function explainPod(key: string): Promise<unknown> {
    const watch = hub.watch();
    if (!watch) return { error: "no cluster" };
    await watch.synced();
    const [namespace, name] = key.includes("/") ? key.split("/", 2) : ["default", key];
    const target = watch.pods().find((p) => p.metadata?.namespace === namespace && p.metadata?.name === name);
    if (!target) return { error: `pod ${namespace}/${name} not found` };
    try {
      return explain(await loadScheduler(root), target, watch.nodes(), watch.pods());
    } catch (error) {
      return { error: error instanceof Error ? error.message : String(error) };
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent) return void res.end();
      const lang = cookieLang(req) ?? DEFAULT_LANG;
      // A chapter being written with a broken lesson.yaml: say so, as the CLI does, instead of a bare 500.
      const text = error instanceof YamlFileError ? msg("cli.badLessonFile", lang, { error: error.message }) : error instanceof Error ? error.message : String(error);
      html(res, page({ lang, title: "500", path: "/", body: `<h1>500</h1><pre class="load-error">${escapeHtml(text)}</pre>` }), 500);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, HOST, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  port = address.port;
  return {
    url: `http://${HOST}:${port}`,
    address,
    stop: () =>
      new Promise<void>((resolve) => {
        hub.stop();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
