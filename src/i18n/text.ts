/**
 * Bilingual text: every word the workbook shows exists in Korean (the default) and English, side by side, so the
 * two can never drift apart silently: a `Text` without one of them does not typecheck.
 */

export const LANGS = ["ko", "en"] as const;
export type Lang = (typeof LANGS)[number];
export const DEFAULT_LANG: Lang = "ko";

export type Text = Readonly<Record<Lang, string>>;

export const isLang = (value: unknown): value is Lang => LANGS.includes(value as Lang);

/**
 * Picks one language of a text and fills its `{name}` placeholders.
 * @example render({ ko: "{n}장", en: "chapter {n}" }, "en", { n: 2 }) === "chapter 2"
 */
export function render(text: Text, lang: Lang, vars: Readonly<Record<string, string | number>> = {}): string {
  return text[lang].replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

/** The `{name}` placeholders a string uses, sorted: both languages of a text must use the same ones. */
export function placeholders(s: string): string[] {
  return [...new Set([...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!))].sort();
}
