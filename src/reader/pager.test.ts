import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { page } from "./pager.ts";

/** A stdout stand-in that records what is written. */
function fakeOut(isTTY: boolean, rows: number) {
  const chunks: string[] = [];
  const out = Object.assign(
    new Writable({
      write(chunk: Buffer, _enc, done) {
        chunks.push(chunk.toString());
        done();
      },
    }),
    { isTTY, rows },
  );
  return { out, text: () => chunks.join("") };
}

const tall = Array.from({ length: 50 }, (_, i) => `줄 ${i}`).join("\n");

describe("page", () => {
  it("writes directly when stdout is not a terminal", async () => {
    const { out, text } = fakeOut(false, 0);
    await page(tall, { out, env: {} });
    expect(text()).toBe(tall + "\n");
  });

  it("writes directly when the text fits on the screen", async () => {
    const { out, text } = fakeOut(true, 24);
    await page("짧은 글", { out, env: { PAGER: "definitely-not-a-pager-kwb" } });
    expect(text()).toBe("짧은 글\n");
  });

  it("falls back to printing when the pager cannot be started", async () => {
    const { out, text } = fakeOut(true, 24);
    await page(tall, { out, env: { PAGER: "definitely-not-a-pager-kwb" } });
    expect(text()).toBe(tall + "\n");
  });

  it("hands tall text to the pager and resolves when it exits, even if it quits without reading", async () => {
    const { out, text } = fakeOut(true, 24);
    await page(tall.repeat(2000), { out, env: { PAGER: "true" } });
    expect(text()).toBe("");
  });
});
