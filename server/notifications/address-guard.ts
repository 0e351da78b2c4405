/**
 * Which IP addresses a fan-supplied URL (webhook, push endpoint) may reach. A fan controls those URLs, so
 * without this check they could make our servers call the cloud metadata service (169.254.169.254), the
 * database on 10.x, or anything on loopback. Ranges follow the IANA special-purpose registries (RFC 6890
 * and its updates); IPv4 addresses embedded in IPv6 (mapped, NAT64, 6to4) are judged as the IPv4 address.
 */
import { isIP } from "node:net";

export type RefusalReason =
  | "metadata"
  | "loopback"
  | "private"
  | "link-local"
  | "unique-local"
  | "carrier-grade-nat"
  | "multicast"
  | "unspecified"
  | "documentation"
  | "reserved"
  | "not-an-ip";

interface Range {
  bytes: number[];
  bits: number;
  reason: RefusalReason;
}

function v4(cidr: string, reason: RefusalReason): Range {
  const [address, bits] = cidr.split("/");
  return { bytes: address!.split(".").map(Number), bits: Number(bits), reason };
}

function v6(cidr: string, reason: RefusalReason): Range {
  const [address, bits] = cidr.split("/");
  return { bytes: parseIpv6(address!)!, bits: Number(bits), reason };
}

// Order matters: the first match names the reason (metadata before link-local).
const IPV4_RANGES: Range[] = [
  v4("169.254.169.254/32", "metadata"), // AWS, GCP, Azure, OpenStack instance metadata
  v4("169.254.170.2/32", "metadata"), // AWS ECS task metadata
  v4("100.100.100.200/32", "metadata"), // Alibaba Cloud metadata
  v4("0.0.0.0/8", "unspecified"),
  v4("10.0.0.0/8", "private"),
  v4("100.64.0.0/10", "carrier-grade-nat"),
  v4("127.0.0.0/8", "loopback"),
  v4("169.254.0.0/16", "link-local"),
  v4("172.16.0.0/12", "private"),
  v4("192.0.0.0/24", "reserved"),
  v4("192.0.2.0/24", "documentation"),
  v4("192.88.99.0/24", "reserved"),
  v4("192.168.0.0/16", "private"),
  v4("198.18.0.0/15", "reserved"),
  v4("198.51.100.0/24", "documentation"),
  v4("203.0.113.0/24", "documentation"),
  v4("224.0.0.0/4", "multicast"),
  v4("240.0.0.0/4", "reserved"),
];

const IPV6_RANGES: Range[] = [
  v6("fd00:ec2::254/128", "metadata"), // AWS metadata over IPv6
  v6("::/128", "unspecified"),
  v6("::1/128", "loopback"),
  v6("::/96", "reserved"), // deprecated IPv4-compatible addresses
  v6("64:ff9b:1::/48", "reserved"),
  v6("100::/64", "reserved"),
  v6("2001:db8::/32", "documentation"),
  v6("2001::/23", "reserved"), // Teredo, benchmarking, ORCHID
  v6("fc00::/7", "unique-local"),
  v6("fe80::/10", "link-local"),
  v6("fec0::/10", "private"), // deprecated site-local
  v6("ff00::/8", "multicast"),
];

/** 16 bytes of an IPv6 address (with `::` and a trailing dotted quad allowed), or null. */
export function parseIpv6(text: string): number[] | null {
  let address = text.replace(/^\[|\]$/g, "").split("%")[0]!.toLowerCase();
  const quad = /(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  if (quad) {
    const parts = quad[1]!.split(".").map(Number);
    if (parts.some((part) => part > 255)) return null;
    address = address.slice(0, -quad[1]!.length) + `${((parts[0]! << 8) | parts[1]!).toString(16)}:${((parts[2]! << 8) | parts[3]!).toString(16)}`;
  }
  const halves = address.split("::");
  if (halves.length > 2) return null;
  const head = halves[0] ? halves[0].split(":") : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(":") : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill("0"), ...tail];
  const bytes: number[] = [];
  for (const group of groups) {
    if (!/^[0-9a-f]{1,4}$/.test(group)) return null;
    const value = parseInt(group, 16);
    bytes.push(value >> 8, value & 0xff);
  }
  return bytes;
}

function matches(bytes: number[], range: Range): boolean {
  for (let bit = 0; bit < range.bits; bit += 8) {
    const remaining = Math.min(8, range.bits - bit);
    const mask = (0xff << (8 - remaining)) & 0xff;
    const index = bit / 8;
    if (((bytes[index] ?? 0) & mask) !== ((range.bytes[index] ?? 0) & mask)) return false;
  }
  return true;
}

/** The IPv4 address an IPv6 address stands for (mapped ::ffff:a.b.c.d, NAT64 64:ff9b::/96, 6to4 2002::/16). */
function embeddedIpv4(bytes: number[]): number[] | null {
  const isMapped = bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
  const isNat64 = bytes[0] === 0x00 && bytes[1] === 0x64 && bytes[2] === 0xff && bytes[3] === 0x9b && bytes.slice(4, 12).every((b) => b === 0);
  if (isMapped || isNat64) return bytes.slice(12, 16);
  if (bytes[0] === 0x20 && bytes[1] === 0x02) return bytes.slice(2, 6);
  return null;
}

/** Why an address must not be contacted, or null when it is a public unicast address. */
export function findRefusalReason(address: string): RefusalReason | null {
  const family = isIP(address.replace(/^\[|\]$/g, "").split("%")[0]!);
  if (family === 4) {
    const bytes = address.split(".").map(Number);
    return IPV4_RANGES.find((range) => matches(bytes, range))?.reason ?? null;
  }
  if (family !== 6) return "not-an-ip";
  const bytes = parseIpv6(address);
  if (!bytes) return "not-an-ip";
  const inner = embeddedIpv4(bytes);
  if (inner) return IPV4_RANGES.find((range) => matches(inner, range))?.reason ?? null;
  return IPV6_RANGES.find((range) => matches(bytes, range))?.reason ?? null;
}

/** Decides per resolved address; inject a permissive one only in tests that talk to fakes on 127.0.0.1. */
export type AddressCheck = (address: string) => RefusalReason | null;

export const refuseNonPublicAddresses: AddressCheck = findRefusalReason;

/** For tests: allows exactly these addresses (e.g. 127.0.0.1 for a local fake) and judges the rest as usual. */
export function allowAddressesForTests(addresses: readonly string[]): AddressCheck {
  const allowed = new Set(addresses);
  return (address) => (allowed.has(address) ? null : findRefusalReason(address));
}
