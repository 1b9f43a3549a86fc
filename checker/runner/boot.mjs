// Worker threads do not inherit tsx's loader from the parent, so each worker registers it before loading TypeScript.
import { register } from "tsx/esm/api";
import { workerData } from "node:worker_threads";
register();
process.setSourceMapsEnabled(true);
await import(workerData.entry);
