/**
 * Optimistic concurrency over HTTP: 50 writers update one ConfigMap at once, each PUT carrying the resourceVersion
 * it read. Every successful update is in the final object, every refusal is a 409 Conflict, nothing is lost; a
 * watcher sees every change in order, with no gap.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testCluster, type TestCluster } from "./helpers.ts";

interface ConfigMap {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; resourceVersion?: string };
  data?: Record<string, string>;
}

describe("50 concurrent writers on one object", () => {
  let c: TestCluster;
  beforeAll(async () => {
    c = await testCluster({ nodes: 1, speed: 1 });
  });
  afterAll(async () => {
    await c?.close();
  });

  it("loses no update, answers every lost race with a 409, and a watcher sees every change in order", async () => {
    const url = `${c.url}/api/v1/namespaces/default/configmaps`;
    const created = (await (
      await fetch(url, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "counter" }, data: {} }) })
    ).json()) as ConfigMap;
    const startRv = created.metadata.resourceVersion!;

    // The watcher: every change after the create, as the raw lines of the stream.
    const controller = new AbortController();
    const events: { type: string; object: ConfigMap }[] = [];
    const watching = (async () => {
      const res = await fetch(`${url}?watch=true&resourceVersion=${startRv}&fieldSelector=metadata.name%3Dcounter`, { signal: controller.signal });
      const decoder = new TextDecoder();
      let buffer = "";
      try {
        for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
          buffer += decoder.decode(chunk, { stream: true });
          let nl;
          while ((nl = buffer.indexOf("\n")) >= 0) {
            events.push(JSON.parse(buffer.slice(0, nl)));
            buffer = buffer.slice(nl + 1);
          }
        }
      } catch {
        // aborted at the end of the test
      }
    })();

    const WRITERS = 50;
    let conflicts = 0;
    const otherFailures: number[] = [];
    const writer = async (i: number): Promise<void> => {
      for (;;) {
        const current = (await (await fetch(`${url}/counter`)).json()) as ConfigMap;
        const next = { ...current, data: { ...current.data, [`w${i}`]: String(i) } };
        const res = await fetch(`${url}/counter`, { method: "PUT", headers: { "Content-Type": "application/json" }, body: JSON.stringify(next) });
        const body = (await res.json()) as { reason?: string; code?: number };
        if (res.status === 200) return;
        if (res.status === 409 && body.reason === "Conflict" && body.code === 409) conflicts++;
        else otherFailures.push(res.status);
      }
    };
    await Promise.all(Array.from({ length: WRITERS }, (_, i) => writer(i)));

    const final = (await (await fetch(`${url}/counter`)).json()) as ConfigMap;
    expect(otherFailures).toEqual([]);
    expect(Object.keys(final.data ?? {})).toHaveLength(WRITERS);
    for (let i = 0; i < WRITERS; i++) expect(final.data?.[`w${i}`]).toBe(String(i));
    expect(conflicts).toBeGreaterThan(0); // 50 writers at once do collide

    const deadline = Date.now() + 10_000;
    while (events.length < WRITERS && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    controller.abort();
    await watching;
    expect(events).toHaveLength(WRITERS);
    expect(events.every((e) => e.type === "MODIFIED")).toBe(true);
    // In order and without a gap: each event's resourceVersion is higher, and adds exactly one key to the last.
    for (let i = 0; i < events.length; i++) {
      const rv = Number(events[i]!.object.metadata.resourceVersion);
      const prevRv = i === 0 ? Number(startRv) : Number(events[i - 1]!.object.metadata.resourceVersion);
      expect(rv).toBeGreaterThan(prevRv);
      expect(Object.keys(events[i]!.object.data ?? {})).toHaveLength(i + 1);
    }
    expect(events.at(-1)!.object.metadata.resourceVersion).toBe(final.metadata.resourceVersion);
  });
});
