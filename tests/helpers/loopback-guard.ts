// Import this first in tests that send webhooks: from then on, in this process, opening a TCP
// connection to anything but loopback fails, and so does resolving any name but localhost. A test
// that would reach the network by mistake fails loudly instead. The database and Redis named by the
// environment stay reachable (they are the operator's infrastructure, not a test target).
import dns from "node:dns";
import dnsPromises from "node:dns/promises";
import { syncBuiltinESMExports } from "node:module";
import net from "node:net";
import ipaddr from "ipaddr.js";

const flag = Symbol.for("retentbase.loopbackGuard");
type Guarded = typeof globalThis & { [flag]?: boolean };

function infrastructureHosts(): Set<string> {
  const hosts = new Set<string>();
  for (const v of [process.env.TEST_DATABASE_URL, process.env.DATABASE_URL, process.env.REDIS_URL]) {
    try {
      if (v) hosts.add(new URL(v).hostname.replace(/^\[|\]$/g, ""));
    } catch {}
  }
  return hosts;
}

export function isLoopbackHost(host: string | undefined): boolean {
  if (!host) return true; // Node's default host is localhost
  const h = host.replace(/^\[|\]$/g, "");
  if (h === "localhost") return true;
  if (!ipaddr.isValid(h)) return false;
  let addr = ipaddr.parse(h);
  if (addr.kind() === "ipv6" && (addr as ipaddr.IPv6).isIPv4MappedAddress()) {
    addr = (addr as ipaddr.IPv6).toIPv4Address();
  }
  return addr.range() === "loopback";
}

type ConnectTarget = { host?: string; port?: number | string; path?: string };

function targetOf(args: unknown[]): ConnectTarget | null {
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  if (first && typeof first === "object") return first as ConnectTarget;
  if (typeof first === "number" || (typeof first === "string" && /^\d+$/.test(first))) {
    return { port: first, host: typeof args[1] === "string" ? args[1] : undefined };
  }
  if (typeof first === "string") return { path: first };
  return null;
}

function refuse(what: string): Error {
  return Object.assign(new Error(`loopback guard: tests may not reach ${what}`), { code: "ELOOPBACKGUARD" });
}

export function installLoopbackGuard(): void {
  const g = globalThis as Guarded;
  if (g[flag]) return;
  g[flag] = true;
  const allowed = infrastructureHosts();

  const connect = net.Socket.prototype.connect;
  net.Socket.prototype.connect = function guardedConnect(this: net.Socket, ...args: unknown[]) {
    const target = targetOf(args);
    if (target && !target.path && !isLoopbackHost(target.host) && !allowed.has(target.host ?? "")) {
      const error = refuse(`${target.host}:${target.port}`);
      process.nextTick(() => this.destroy(error));
      return this;
    }
    return (connect as (...a: unknown[]) => net.Socket).apply(this, args);
  } as typeof connect;

  const lookup = dns.lookup;
  dns.lookup = function guardedLookup(hostname: string, ...rest: unknown[]) {
    if (!isLoopbackHost(hostname) && !allowed.has(hostname)) {
      const callback = rest.at(-1) as (err: Error) => void;
      process.nextTick(() => callback(refuse(`DNS for ${hostname}`)));
      return;
    }
    return (lookup as (...a: unknown[]) => void)(hostname, ...rest);
  } as typeof dns.lookup;

  const lookupPromise = dnsPromises.lookup;
  const guardedPromise = ((hostname: string, ...rest: unknown[]) => {
    if (!isLoopbackHost(hostname) && !allowed.has(hostname)) {
      return Promise.reject(refuse(`DNS for ${hostname}`));
    }
    return (lookupPromise as (...a: unknown[]) => Promise<unknown>)(hostname, ...rest);
  }) as typeof dnsPromises.lookup;
  dnsPromises.lookup = guardedPromise;
  dns.promises.lookup = guardedPromise;
  syncBuiltinESMExports();
}

installLoopbackGuard();
