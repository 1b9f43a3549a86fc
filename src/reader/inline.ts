/**
 * Inline markdown (markdown-it's inline token children) to one styled string, before wrapping.
 *
 * Styles nest with a stack of buffers: an opening token starts a buffer, its closing token styles the buffer and
 * appends it to the enclosing one, so `**bold *and italic***` closes each style where the markdown does.
 */
import type { Token } from "markdown-it";
import { stripAnsi } from "./width.ts";
import type { Theme } from "./theme.ts";

interface Frame {
  text: string;
  close: (inner: string) => string;
}

const HTML_BREAK = /^<br\s*\/?>$/i;

/** Renders inline tokens; `\n` marks hard breaks. Raw inline HTML is dropped (anchors), except `<br>`. */
export function renderInline(tokens: readonly Token[], theme: Theme): string {
  const stack: Frame[] = [{ text: "", close: (s) => s }];
  const top = (): Frame => stack[stack.length - 1]!;
  const open = (close: (inner: string) => string): void => void stack.push({ text: "", close });
  const closeFrame = (): void => {
    if (stack.length === 1) return; // unbalanced input: keep the text rather than throw
    const frame = stack.pop()!;
    top().text += frame.close(frame.text);
  };

  for (const t of tokens) {
    switch (t.type) {
      case "text":
        top().text += t.content;
        break;
      case "code_inline":
        // Backticks stay (dimmed) so inline code is still visible without colour.
        top().text += theme.codeMark("`") + theme.code(t.content) + theme.codeMark("`");
        break;
      case "softbreak":
        // Not at the very start: a dropped anchor line before the text must not leave a leading space.
        if (stack.some((f) => f.text !== "")) top().text += " ";
        break;
      case "hardbreak":
        top().text += "\n";
        break;
      case "html_inline":
        if (HTML_BREAK.test(t.content.trim())) top().text += "\n";
        break;
      case "strong_open":
        open(theme.strong);
        break;
      case "em_open":
        open(theme.em);
        break;
      case "s_open":
        open(theme.strike);
        break;
      case "link_open":
        open((inner) => link(inner, String(t.attrGet("href") ?? ""), theme));
        break;
      case "image":
        top().text += link(renderInline(t.children ?? [], theme) || "image", String(t.attrGet("src") ?? ""), theme);
        break;
      case "strong_close":
      case "em_close":
      case "s_close":
      case "link_close":
        closeFrame();
        break;
      default:
        top().text += t.content; // unknown inline tokens (plugins): their text is better than nothing
    }
  }
  while (stack.length > 1) closeFrame();
  return top().text;
}

/** `text (url)`, or only the url when the text is the url (autolinks). */
function link(text: string, href: string, theme: Theme): string {
  const plain = stripAnsi(text);
  if (!href || plain === href || `mailto:${plain}` === href) return theme.link(text);
  return `${theme.link(text)} ${theme.url(`(${href})`)}`;
}
