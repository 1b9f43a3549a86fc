/**
 * What the page server sends besides pages, and nothing else: its own files in src/pages/static/, the one
 * node_modules file named here (mermaid's browser bundle), and images inside a chapter's own folder. No request path
 * is ever joined onto a folder unchecked: assets are looked up by exact name, and a chapter image's name must be a
 * plain file name of a listed kind whose resolved path stays inside that chapter's folder.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { extname, join, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { paths } from "../workbook/paths.ts";

const TYPES: Record<string, string> = {
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
};

const own = (name: string): string => fileURLToPath(new URL(`./static/${name}`, import.meta.url));

/** `/assets/<name>` -> the file it is. */
export const ASSETS: Readonly<Record<string, string>> = {
  "pages.css": own("pages.css"),
  "pages.js": own("pages.js"),
  "cluster.js": own("cluster.js"),
  "mermaid.min.js": join(paths.root, "node_modules", "mermaid", "dist", "mermaid.min.js"),
};

export interface Asset {
  body: Buffer;
  type: string;
}

const cache = new Map<string, Asset>();

function load(file: string): Asset | undefined {
  const hit = cache.get(file);
  if (hit) return hit;
  if (!existsSync(file) || !statSync(file).isFile()) return undefined;
  const asset = { body: readFileSync(file), type: TYPES[extname(file).toLowerCase()] ?? "application/octet-stream" };
  // The workbook's own assets do not change while it runs; chapter images may, so they are read each time.
  if (Object.values(ASSETS).includes(file)) cache.set(file, asset);
  return asset;
}

export const asset = (name: string): Asset | undefined => (Object.hasOwn(ASSETS, name) ? load(ASSETS[name]!) : undefined);

const IMAGE = /^[A-Za-z0-9_][A-Za-z0-9_.-]*\.(?:svg|png|jpe?g|gif|webp)$/;

/**
 * An image in a chapter's folder (`lessons/<dir>/<file>`), or undefined.
 * @param lessonDir the chapter's folder, from the catalogue
 * @param name the file name from the request, already decoded
 */
export function chapterImage(lessonDir: string, name: string): Asset | undefined {
  if (!IMAGE.test(name) || name.includes("..")) return undefined;
  const base = resolve(lessonDir);
  const file = resolve(base, name);
  if (!file.startsWith(base + sep)) return undefined;
  return load(file);
}
