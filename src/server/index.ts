/**
 * The workbook's Kubernetes-compatible HTTP API server (`npm run cluster` serves the simulated cluster with it).
 * Entry point: `startApiServer({ api })`; the modules beside this one are its parts (routes, discovery, tables,
 * OpenAPI, handlers, watch streams, wire helpers).
 */
export { startApiServer, type ApiHttpServer, type ApiHttpServerOptions } from "./server.ts";
export type { LogSource } from "./handlers.ts";
export { humanDuration, podRow, toTable } from "./tables.ts";
export { MAX_BODY_BYTES } from "./wire.ts";
