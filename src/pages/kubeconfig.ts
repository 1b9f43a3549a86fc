/**
 * Where the cluster page finds the API server: the `clusterUrl` option, else the current context's server in
 * .workbook/kubeconfig (written by `npm run cluster`), with whatever credentials it carries (a CA, a client
 * certificate, a bearer token). A missing or unreadable kubeconfig means no cluster, never an error.
 */
import { readFileSync } from "node:fs";
import { parse } from "yaml";

export interface ClusterTarget {
  /** The API server's base URL, without a trailing slash. */
  url: string;
  ca?: string;
  cert?: string;
  key?: string;
  token?: string;
  insecure?: boolean;
}

type Named<T> = { name?: string } & T;
interface KubeConfig {
  "current-context"?: string;
  contexts?: Named<{ context?: { cluster?: string; user?: string } }>[];
  clusters?: Named<{ cluster?: { server?: string; "certificate-authority-data"?: string; "insecure-skip-tls-verify"?: boolean } }>[];
  users?: Named<{ user?: { token?: string; "client-certificate-data"?: string; "client-key-data"?: string } }>[];
}

const b64 = (s: string | undefined): string | undefined => (s ? Buffer.from(s, "base64").toString("utf8") : undefined);

/**
 * The target of a kubeconfig file's current context (or its first cluster), or undefined.
 * @example readKubeconfig(".workbook/kubeconfig")?.url // "http://127.0.0.1:6443"
 */
export function readKubeconfig(file: string): ClusterTarget | undefined {
  let config: KubeConfig;
  try {
    config = parse(readFileSync(file, "utf8")) as KubeConfig;
  } catch {
    return undefined;
  }
  if (!config || typeof config !== "object") return undefined;
  const context = config.contexts?.find((c) => c.name === config["current-context"])?.context ?? config.contexts?.[0]?.context;
  const cluster = (config.clusters?.find((c) => c.name === context?.cluster) ?? config.clusters?.[0])?.cluster;
  const user = (config.users?.find((u) => u.name === context?.user) ?? (context?.user ? undefined : config.users?.[0]))?.user;
  const server = cluster?.server;
  if (typeof server !== "string" || !/^https?:\/\//.test(server)) return undefined;
  const target: ClusterTarget = { url: server.replace(/\/+$/, "") };
  const ca = b64(cluster?.["certificate-authority-data"]);
  if (ca) target.ca = ca;
  if (cluster?.["insecure-skip-tls-verify"]) target.insecure = true;
  const cert = b64(user?.["client-certificate-data"]);
  const key = b64(user?.["client-key-data"]);
  if (cert && key) Object.assign(target, { cert, key });
  if (user?.token) target.token = user.token;
  return target;
}
