/**
 * Addresses: pod IPs from each node's podCIDR (10.244.N.0/24, as kube-controller-manager's node IPAM hands out
 * /24s of the cluster CIDR 10.244.0.0/16), allocated like the host-local CNI plugin (sequentially after the last one
 * given, skipping the network, the gateway .1 and broadcast); Service ClusterIPs from the service CIDR 10.96.0.0/12,
 * at random offsets as pkg/registry/core/service/ipallocator does, with 10.96.0.1 kept for the `kubernetes` Service.
 */
import type { Random } from "./random.ts";

export const CLUSTER_CIDR = "10.244.0.0/16";
export const SERVICE_CIDR = "10.96.0.0/12";

/** `10.244.<index>.0/24`: the podCIDR of the index-th node (0-based). */
export const podCIDRFor = (index: number): string => `10.244.${index}.0/24`;

export class PodIpam {
  #byUid = new Map<string, string>();
  #used = new Set<number>();
  #last = 1;

  constructor(readonly podCIDR: string) {}

  #prefix(): string {
    return this.podCIDR.replace(/\.0\/24$/, ".");
  }

  /** The pod's IP, allocating one the first time. Throws when the /24 is full. */
  allocate(uid: string): string {
    const had = this.#byUid.get(uid);
    if (had) return had;
    for (let i = 0; i < 253; i++) {
      const host = ((this.#last - 1 + i) % 253) + 2; // .2 .. .254
      if (this.#used.has(host)) continue;
      this.#used.add(host);
      this.#last = host;
      const ip = this.#prefix() + host;
      this.#byUid.set(uid, ip);
      return ip;
    }
    throw new Error(`no IP addresses available in range set: ${this.podCIDR}`);
  }

  release(uid: string): void {
    const ip = this.#byUid.get(uid);
    if (!ip) return;
    this.#byUid.delete(uid);
    this.#used.delete(Number(ip.split(".")[3]));
  }
}

export class ClusterIpAllocator {
  #used = new Set<number>([1]);
  constructor(private readonly random: Random) {}

  /** 10.96.0.1, the `kubernetes` Service's address. */
  static readonly KUBERNETES = "10.96.0.1";

  /** A free address of 10.96.0.0/12 (offsets 2 .. 2^20 - 2). */
  allocate(): string {
    const size = 1 << 20;
    for (;;) {
      const offset = 2 + this.random.int(size - 3);
      if (this.#used.has(offset)) continue;
      this.#used.add(offset);
      const base = (10 << 24) | (96 << 16);
      const n = base + offset;
      return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join(".");
    }
  }

  /** Marks an address as taken (a Service created with its clusterIP set). */
  reserve(ip: string): void {
    const [a, b, c, d] = ip.split(".").map(Number);
    this.#used.add(((a! << 24) | (b! << 16) | (c! << 8) | d!) - ((10 << 24) | (96 << 16)));
  }
}
