/**
 * Syntax colouring for fenced code in the terminal.
 *
 * highlight.js only emits HTML, so its `<span class="hljs-...">` output is turned back into text with ANSI colours.
 * Each line is coloured on its own (styles never cross a newline), so a gutter can be put in front of any line and a
 * pager can start a screen on any line.
 */
import hljs from "highlight.js/lib/core";
import bash from "highlight.js/lib/languages/bash";
import go from "highlight.js/lib/languages/go";
import javascript from "highlight.js/lib/languages/javascript";
import json from "highlight.js/lib/languages/json";
import shell from "highlight.js/lib/languages/shell";
import typescript from "highlight.js/lib/languages/typescript";
import yaml from "highlight.js/lib/languages/yaml";
import type { Style } from "./theme.ts";

// Only the languages lessons use: the core build with these loads in a fraction of the time of the full bundle.
for (const [name, lang] of Object.entries({ bash, go, javascript, json, shell, typescript, yaml })) {
  hljs.registerLanguage(name, lang);
}
hljs.registerAliases(["sh", "zsh"], { languageName: "bash" });

const TAG = /<span class="([^"]*)">|<\/span>|[^<]+/g;
const ENTITIES: Record<string, string> = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#x27;": "'" };
const unescape = (s: string): string => s.replace(/&(?:amp|lt|gt|quot|#x27);/g, (e) => ENTITIES[e]!);

/**
 * Colours `code` as `lang`, returning one string per source line (the code's text is unchanged).
 * Unknown languages, and `syntax` with no styles, give the lines uncoloured.
 * @example highlightLines("a: 1", "yaml", {}) // ["a: 1"]
 */
export function highlightLines(code: string, lang: string, syntax: Readonly<Record<string, Style>>): string[] {
  const source = code.replace(/\n$/, "");
  if (!lang || !hljs.getLanguage(lang) || Object.keys(syntax).length === 0) return source.split("\n");
  const html = hljs.highlight(source, { language: lang, ignoreIllegals: true }).value;

  const lines: string[] = [""];
  const stack: (Style | undefined)[] = [];
  for (const [piece, cls] of html.matchAll(TAG)) {
    if (cls !== undefined) {
      // "hljs-title function_" -> "title"; nested spans without a style of their own inherit the enclosing one
      const scope = cls.split(" ")[0]!.replace(/^hljs-/, "");
      stack.push(syntax[scope] ?? stack.at(-1));
    } else if (piece === "</span>") stack.pop();
    else {
      const style = stack.at(-1);
      unescape(piece)
        .split("\n")
        .forEach((part, i) => {
          if (i > 0) lines.push("");
          if (part) lines[lines.length - 1] += style ? style(part) : part;
        });
    }
  }
  return lines;
}
