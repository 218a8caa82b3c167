// Where a webhook may be sent. Pure: DNS comes in through `resolve`, so every rule here is tested
// without a network. The transport (transport.ts) runs the same check at connect time and connects
// only to the address it vetted.
import { lookup } from "node:dns/promises";
import ipaddr from "ipaddr.js";

/** Every address a hostname resolves to (A and AAAA). */
export type Resolver = (hostname: string) => Promise<string[]>;

export const systemResolver: Resolver = async (hostname) =>
  (await lookup(hostname, { all: true, verbatim: true })).map((a) => a.address);

export type TargetPolicy = {
  /** WEBHOOK_ALLOW_PRIVATE_TARGETS: http and private addresses allowed (local work and tests only). */
  allowPrivate: boolean;
  resolve: Resolver;
};

/** A target refused by policy; the message is written for the dashboard to show inline. */
export class WebhookTargetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "WebhookTargetError";
  }
}

const RANGE_NAMES: Record<string, string> = {
  unspecified: "an unspecified address (0.0.0.0/8, ::)",
  broadcast: "the broadcast address",
  multicast: "a multicast address",
  linkLocal: "a link-local address (169.254.0.0/16, fe80::/10; includes cloud metadata services)",
  loopback: "a loopback address",
  private: "a private-network address",
  carrierGradeNat: "a carrier-grade NAT address (100.64.0.0/10)",
  reserved: "a reserved address",
  uniqueLocal: "a unique-local address (fc00::/7)",
  ipv4Mapped: "an IPv4-compatible address",
  rfc6052: "a NAT64 address",
  rfc6145: "an IPv4-translated address",
  "6to4": "a 6to4 address",
  teredo: "a Teredo address",
  benchmarking: "a benchmarking address",
  amt: "an AMT address",
  as112: "an AS112 address",
  as112v6: "an AS112 address",
  deprecated: "a deprecated address",
  orchid2: "an ORCHIDv2 address",
  droneRemoteIdProtocolEntityTags: "a reserved address",
};

export type AddressVerdict =
  | { allowed: true; address: string }
  | { allowed: false; address: string; range: string; reason: string };

/**
 * Whether one IP address is a public unicast address. IPv4-mapped IPv6 (`::ffff:127.0.0.1`) is judged
 * as the IPv4 address it carries; anything ipaddr.js does not call `unicast` is refused.
 */
export function classifyAddress(raw: string): AddressVerdict {
  const text = raw.replace(/^\[|\]$/g, "");
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    parsed = ipaddr.parse(text);
  } catch {
    return { allowed: false, address: raw, range: "invalid", reason: "not an IP address" };
  }
  if (parsed.kind() === "ipv6" && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) {
    parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  }
  const address = parsed.toString();
  const range = parsed.range();
  if (range === "unicast") return { allowed: true, address };
  return { allowed: false, address, range, reason: RANGE_NAMES[range] ?? `a ${range} address` };
}

function isIpLiteral(hostname: string): boolean {
  return ipaddr.isValid(hostname.replace(/^\[|\]$/g, ""));
}

function isLocalhostName(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/\.$/, "");
  return h === "localhost" || h.endsWith(".localhost");
}

function refused(hostname: string, verdict: Extract<AddressVerdict, { allowed: false }>): WebhookTargetError {
  const literal = hostname.replace(/^\[|\]$/g, "");
  const shown = literal === verdict.address ? literal : `${literal} (${verdict.address})`;
  const where = isIpLiteral(literal) ? `${shown} is` : `${hostname} resolves to ${verdict.address},`;
  return new WebhookTargetError(`${where} ${verdict.reason}: webhook URLs must point to a public address`);
}

/**
 * The address to connect to for `hostname`: a literal IP as is, else the first address it resolves
 * to — and only when every address it resolves to is public (a name with one private address among
 * public ones is refused, so the choice of address cannot be steered).
 */
export async function vetHost(hostname: string, policy: TargetPolicy): Promise<string> {
  const host = hostname.replace(/^\[|\]$/g, "");
  if (isIpLiteral(host)) {
    const verdict = classifyAddress(host);
    if (!verdict.allowed && !policy.allowPrivate) throw refused(host, verdict);
    return host;
  }
  if (!policy.allowPrivate && isLocalhostName(host)) {
    throw new WebhookTargetError(`${host} is a loopback name: webhook URLs must point to a public address`);
  }
  let addresses: string[];
  try {
    addresses = await policy.resolve(host);
  } catch {
    addresses = [];
  }
  if (addresses.length === 0) {
    throw new WebhookTargetError(`${host} does not resolve to any address: check the host name`);
  }
  if (!policy.allowPrivate) {
    for (const address of addresses) {
      const verdict = classifyAddress(address);
      if (!verdict.allowed) throw refused(host, verdict);
    }
  }
  return addresses[0]!;
}

export const MAX_WEBHOOK_URL_LENGTH = 2048;

/**
 * The URL rules that need no DNS: a valid absolute URL, `https:` (or `http:` when private targets
 * are allowed), no credentials, no literal IP outside public unicast, no localhost name.
 */
export function checkWebhookUrlShape(raw: string, policy: Pick<TargetPolicy, "allowPrivate">): URL {
  if (raw.length > MAX_WEBHOOK_URL_LENGTH) {
    throw new WebhookTargetError(`must be at most ${MAX_WEBHOOK_URL_LENGTH} characters`);
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new WebhookTargetError("must be a full URL, e.g. https://example.com/webhooks/retentbase");
  }
  const protocols = policy.allowPrivate ? ["https:", "http:"] : ["https:"];
  if (!protocols.includes(url.protocol)) {
    throw new WebhookTargetError(
      policy.allowPrivate ? "must start with https:// or http://" : "must start with https://",
    );
  }
  if (url.username || url.password) {
    throw new WebhookTargetError("must not contain a username or password");
  }
  if (!url.hostname) throw new WebhookTargetError("must include a host name");
  if (!policy.allowPrivate) {
    if (isLocalhostName(url.hostname)) {
      throw new WebhookTargetError(
        `${url.hostname} is a loopback name: webhook URLs must point to a public address`,
      );
    }
    if (isIpLiteral(url.hostname)) {
      const verdict = classifyAddress(url.hostname);
      if (!verdict.allowed) throw refused(url.hostname, verdict);
    }
  }
  return url;
}

/**
 * The full check at save time: the URL rules, then DNS — every address the host resolves to must be
 * public. Send time repeats it at connect time (DNS may have changed since).
 */
export async function checkWebhookUrl(raw: string, policy: TargetPolicy): Promise<URL> {
  const url = checkWebhookUrlShape(raw, policy);
  // Private targets allowed: no DNS needed to decide, and tests never resolve names.
  if (!policy.allowPrivate) await vetHost(url.hostname, policy);
  return url;
}
