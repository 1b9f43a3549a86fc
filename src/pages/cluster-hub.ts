/**
 * The page server's one connection to the cluster, opened when a browser first asks for it: the `clusterUrl` option,
 * else the server in .workbook/kubeconfig, read again on each request so that a cluster started (or restarted on
 * another port) after the pages are up is found. Browsers follow it over server-sent events; when the cluster
 * changes, their streams are ended and EventSource reconnects to the new one.
 */
import type { ServerResponse } from "node:http";
import { changeEvent, openEventStream } from "./cluster-page.ts";
import { ClusterWatch } from "./cluster-watch.ts";
import { readKubeconfig, type ClusterTarget } from "./kubeconfig.ts";

export class ClusterHub {
  #watch: ClusterWatch | undefined;
  #clients = new Set<ServerResponse>();
  #ping: NodeJS.Timeout;

  constructor(private readonly options: { clusterUrl?: string; kubeconfig: string }) {
    this.#ping = setInterval(() => {
      for (const res of this.#clients) res.write(": ping\n\n");
    }, 15_000);
    this.#ping.unref();
  }

  target(): ClusterTarget | undefined {
    const url = this.options.clusterUrl;
    return url ? { url: url.replace(/\/+$/, "") } : readKubeconfig(this.options.kubeconfig);
  }

  /** The watch on the current cluster, started on first use; undefined when there is no cluster to watch. */
  watch(): ClusterWatch | undefined {
    const target = this.target();
    if (this.#watch && target && this.#watch.target.url === target.url) return this.#watch;
    this.#close();
    if (target) this.#watch = new ClusterWatch(target).start();
    return this.#watch;
  }

  /** Streams the cluster to one browser until it goes away. */
  follow(res: ServerResponse): void {
    const watch = this.watch();
    openEventStream(res, watch);
    if (!watch) {
      res.end();
      return;
    }
    this.#clients.add(res);
    const unsubscribe = watch.subscribe((change) => res.write(changeEvent(change, watch)));
    res.on("close", () => {
      unsubscribe();
      this.#clients.delete(res);
    });
  }

  #close(): void {
    this.#watch?.stop();
    this.#watch = undefined;
    for (const res of this.#clients) res.end();
    this.#clients.clear();
  }

  stop(): void {
    clearInterval(this.#ping);
    this.#close();
  }
}
