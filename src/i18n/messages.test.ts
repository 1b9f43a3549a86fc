import { describe, expect, it } from "vitest";
import { messages } from "./messages.ts";
import { LANGS, placeholders, render } from "./text.ts";

describe("the message catalogue", () => {
  const entries = Object.entries(messages);

  it("has every message in both languages, neither empty", () => {
    for (const [key, text] of entries) for (const lang of LANGS) expect(text[lang].trim(), `${key}.${lang}`).not.toBe("");
  });

  it("uses the same placeholders in both languages", () => {
    for (const [key, text] of entries) expect(placeholders(text.ko), key).toEqual(placeholders(text.en));
  });

  it("writes the Korean side in Korean", () => {
    for (const [key, text] of entries) {
      if (/[A-Za-z]{3,}/.test(text.en.replace(/\{\w+\}/g, "")) && !/^[-+ |#\w{}.·—:()\/]*$/.test(text.ko)) {
        expect(text.ko, key).toMatch(/[가-힣]/);
      }
    }
  });

  it("fills placeholders and leaves unknown ones visible", () => {
    expect(render({ ko: "{n}장 {x}", en: "chapter {n} {x}" }, "en", { n: 2 })).toBe("chapter 2 {x}");
  });
});
