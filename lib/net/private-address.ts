import { config } from "@/lib/config";
import { lookup } from "node:dns/promises";
import net from "node:net";

/**
 * Outbound safety: which addresses Nahook refuses to send to unless
 * NAHOOK_ALLOW_PRIVATE_NETWORKS=true. Used when an endpoint is created (its host is resolved)
 * and by the sender on the address it actually connects to (DNS-rebinding safe).
 */

export function privateNetworksAllowed(): boolean {
  return config().allowPrivateNetworks;
}

const blockedV4 = new net.BlockList();
for (const [addr, prefix] of [
  ["0.0.0.0", 8], // "this" network
  ["10.0.0.0", 8], // private
  ["100.64.0.0", 10], // CGNAT
  ["127.0.0.0", 8], // loopback
  ["169.254.0.0", 16], // link-local, cloud metadata (169.254.169.254)
  ["172.16.0.0", 12], // private
  ["192.0.0.0", 24], // IETF protocol assignments
  ["192.0.2.0", 24], // TEST-NET-1
  ["192.88.99.0", 24], // 6to4 relay anycast
  ["192.168.0.0", 16], // private
  ["198.18.0.0", 15], // benchmarking
  ["198.51.100.0", 24], // TEST-NET-2
  ["203.0.113.0", 24], // TEST-NET-3
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved, broadcast
] as const) {
  blockedV4.addSubnet(addr, prefix, "ipv4");
}

const blockedV6 = new net.BlockList();
for (const [addr, prefix] of [
  ["::", 128], // unspecified
  ["::1", 128], // loopback
  ["64:ff9b:1::", 48], // local-use NAT64
  ["100::", 64], // discard
  ["2001:db8::", 32], // documentation
  ["fc00::", 7], // unique local
  ["fe80::", 10], // link-local
  ["fec0::", 10], // site-local (deprecated)
  ["ff00::", 8], // multicast
] as const) {
  blockedV6.addSubnet(addr, prefix, "ipv6");
}

/** A valid IPv6 address as its eight 16-bit groups, whatever the spelling (::, a dotted tail). */
function groupsOf(address: string): number[] {
  let text = address.toLowerCase();
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number);
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.includes("::") ? text.split("::") : [text, null];
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const zeros = tail === null ? [] : new Array(8 - left.length - right.length).fill("0");
  return [...left, ...zeros, ...right].map((group) => parseInt(group, 16));
}

const v4Of = (hi: number, lo: number) => `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;

/**
 * The IPv4 address embedded in an IPv4-mapped (::ffff:0:0/96), SIIT (::ffff:0:0:0/96),
 * -compatible (::/96), NAT64 (64:ff9b::/96) or 6to4 (2002::/16) IPv6 address, if any.
 */
function embeddedV4(address: string): string | null {
  const g = groupsOf(address);
  const zeroUpTo = (n: number) => g.slice(0, n).every((x) => x === 0);
  if (zeroUpTo(5) && g[5] === 0xffff) return v4Of(g[6], g[7]);
  if (zeroUpTo(4) && g[4] === 0xffff && g[5] === 0) return v4Of(g[6], g[7]);
  if (zeroUpTo(6) && (g[6] !== 0 || g[7] > 1)) return v4Of(g[6], g[7]);
  if (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0)) return v4Of(g[6], g[7]);
  if (g[0] === 0x2002) return v4Of(g[1], g[2]);
  return null;
}

/** True for loopback, private, link-local, CGNAT, multicast, reserved and documentation ranges. */
export function isPrivateAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, "").replace(/%.*$/, "");
  const family = net.isIP(bare);
  if (family === 4) return blockedV4.check(bare, "ipv4");
  if (family === 6) {
    const v4 = embeddedV4(bare);
    if (v4 !== null) return blockedV4.check(v4, "ipv4");
    return blockedV6.check(bare, "ipv6");
  }
  return true; // not an IP at all: refuse rather than guess
}

export class BlockedDestinationError extends Error {}

/**
 * Resolves a URL's host and refuses it when any address it resolves to is private (unless
 * allowed). Returns the resolved addresses. Throws BlockedDestinationError or a DNS error.
 */
export async function assertPublicHost(hostname: string): Promise<string[]> {
  const host = hostname.replace(/^\[|\]$/g, "");
  const addresses = net.isIP(host) ? [host] : (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);
  if (!privateNetworksAllowed()) {
    const blocked = addresses.find(isPrivateAddress);
    if (blocked) throw new BlockedDestinationError(`destination ${hostname} resolves to a private or reserved address (${blocked})`);
  }
  return addresses;
}
