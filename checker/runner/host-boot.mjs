// The checker process's entry point: the CLI forks this file with plain node, and it loads checker/host.ts.
// Most of a check's time is its worker thread's start-up (tsx's loader, the checker's modules, the chapter), so when a
// check is coming (`--prepare`), the worker starts here, first, and only then does this process register tsx for its
// own TypeScript; host.ts takes the worker over and gives it its chapter once it has read the catalogue.
import { Worker } from "node:worker_threads";

if (process.argv[2] === "--prepare") {
  // The layout CheckWorker in run.ts uses: 4 bytes of length, then the call in progress.
  const tracker = new SharedArrayBuffer(4 + 4096);
  const workerData = { entry: new URL("./worker.ts", import.meta.url).href, tracker };
  const worker = new Worker(new URL("./boot.mjs", import.meta.url), { workerData, stdout: true, stderr: true });
  // Until host.ts takes it over, what the worker says and does is kept, then handed on (and an error in it does not
  // crash this process).
  const kept = [];
  let handlers;
  const on = (event) => (value) => (handlers ? handlers[event](value) : kept.push([event, value]));
  for (const event of ["message", "error", "exit"]) worker.on(event, on(event));
  const attach = (next) => {
    handlers = next;
    for (const [event, value] of kept.splice(0)) handlers[event](value);
  };
  const early = { worker, tracker, attach };
  globalThis[Symbol.for("kube-workbook.early-worker")] = early;
}

const { register } = await import("tsx/esm/api");
register();
process.setSourceMapsEnabled(true);
await import("../host.ts");
