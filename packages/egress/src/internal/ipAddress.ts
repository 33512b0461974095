import { BlockList, isIP } from 'node:net';

/** An IP family as `node:net` names it. */
export type IpFamily = 'ipv4' | 'ipv6';

/**
 * Normalizes an IP literal: strips IPv6 brackets and zone ids, lowercases and canonicalizes
 * through the WHATWG URL parser (so `0:0:0:0:0:ffff:7f00:1` and `::ffff:127.0.0.1` compare equal).
 * @param value - the literal
 * @returns the canonical address and family, or undefined when it is not an IP literal
 */
export function parseIp(value: string): { readonly address: string; readonly family: IpFamily } | undefined {
  let text = value.trim();
  if (text.startsWith('[') && text.endsWith(']')) text = text.slice(1, -1);
  const kind = isIP(text);
  if (kind === 4) return { address: text, family: 'ipv4' };
  if (kind !== 6) return undefined;
  if (text.includes('%')) return undefined;
  try {
    return { address: new URL(`http://[${text}]/`).hostname.slice(1, -1), family: 'ipv6' };
  } catch {
    return undefined;
  }
}

/**
 * Expands an IPv6 address into its eight 16-bit groups.
 * @param address - a valid IPv6 address (dotted IPv4 tail allowed)
 * @returns the groups
 */
function ipv6Groups(address: string): number[] {
  let text = address.toLowerCase();
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted?.[1]) {
    const [a = 0, b = 0, c = 0, d = 0] = dotted[1].split('.').map(Number);
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const fill = tail === undefined ? [] : new Array<string>(8 - left.length - right.length).fill('0');
  return [...left, ...fill, ...right].map((g) => Number.parseInt(g, 16));
}

/**
 * The IPv4 address an IPv6 address embeds: IPv4-mapped (`::ffff:0:0/96`), IPv4-compatible
 * (`::/96`), NAT64 (`64:ff9b::/96`) and 6to4 (`2002::/16`).
 * @param address - a valid IPv6 address
 * @returns the embedded IPv4 address, or undefined
 */
export function embeddedIpv4(address: string): string | undefined {
  const g = ipv6Groups(address);
  if (g.length !== 8) return undefined;
  const v4 = (hi: number, lo: number): string => `${hi >> 8}.${hi & 0xff}.${lo >> 8}.${lo & 0xff}`;
  const zeros = (from: number, to: number): boolean => g.slice(from, to).every((x) => x === 0);
  const [g0 = 0, g1 = 0, g2 = 0, , , g5 = 0, g6 = 0, g7 = 0] = g;
  if (zeros(0, 5) && g5 === 0xffff) return v4(g6, g7);
  if (zeros(0, 6) && (g6 !== 0 || g7 > 1)) return v4(g6, g7);
  if (g0 === 0x64 && g1 === 0xff9b && zeros(2, 6)) return v4(g6, g7);
  if (g0 === 0x2002) return v4(g1, g2);
  return undefined;
}

/**
 * Why an address is not a public destination.
 * - `metadata`: a cloud instance-metadata endpoint;
 * - `loopback`, `link-local`, `private`, `unspecified`: the ranges of R-EGRESS-2;
 * - `reserved`: documentation, benchmarking, multicast and other special-use ranges.
 */
export type AddressCategory = 'metadata' | 'loopback' | 'link-local' | 'private' | 'unspecified' | 'reserved';

const METADATA_V4 = ['169.254.169.254', '169.254.170.2', '169.254.169.253', '100.100.100.200', '192.0.0.192'];
const METADATA_V6 = ['fd00:ec2::254', 'fd00:ec2::23'];

const RANGES: readonly (readonly [AddressCategory, string, number, IpFamily])[] = [
  ['unspecified', '0.0.0.0', 8, 'ipv4'],
  ['loopback', '127.0.0.0', 8, 'ipv4'],
  ['private', '10.0.0.0', 8, 'ipv4'],
  ['private', '172.16.0.0', 12, 'ipv4'],
  ['private', '192.168.0.0', 16, 'ipv4'],
  ['private', '100.64.0.0', 10, 'ipv4'],
  ['link-local', '169.254.0.0', 16, 'ipv4'],
  ['reserved', '192.0.0.0', 24, 'ipv4'],
  ['reserved', '192.0.2.0', 24, 'ipv4'],
  ['reserved', '198.18.0.0', 15, 'ipv4'],
  ['reserved', '198.51.100.0', 24, 'ipv4'],
  ['reserved', '203.0.113.0', 24, 'ipv4'],
  ['reserved', '224.0.0.0', 4, 'ipv4'],
  ['reserved', '240.0.0.0', 4, 'ipv4'],
  ['unspecified', '::', 128, 'ipv6'],
  ['loopback', '::1', 128, 'ipv6'],
  ['link-local', 'fe80::', 10, 'ipv6'],
  ['private', 'fc00::', 7, 'ipv6'],
  ['private', 'fec0::', 10, 'ipv6'],
  ['reserved', 'ff00::', 8, 'ipv6'],
  ['reserved', '2001:db8::', 32, 'ipv6'],
  ['reserved', '100::', 64, 'ipv6'],
];

const LISTS = new Map<AddressCategory, BlockList>();
for (const [category, network, prefix, family] of RANGES) {
  let list = LISTS.get(category);
  if (!list) {
    list = new BlockList();
    LISTS.set(category, list);
  }
  list.addSubnet(network, prefix, family);
}
const METADATA = new BlockList();
for (const a of METADATA_V4) METADATA.addAddress(a, 'ipv4');
for (const a of METADATA_V6) METADATA.addAddress(a, 'ipv6');

/**
 * Classifies a resolved address against the blocked ranges, looking through IPv6 forms that embed
 * an IPv4 address.
 * @param address - an IP address
 * @returns the category, or undefined for a public address
 */
export function classifyIp(address: string): AddressCategory | undefined {
  const ip = parseIp(address);
  if (!ip) return 'reserved';
  const candidates: [string, IpFamily][] = [[ip.address, ip.family]];
  if (ip.family === 'ipv6') {
    const v4 = embeddedIpv4(ip.address);
    if (v4) candidates.unshift([v4, 'ipv4']);
  }
  for (const [a, family] of candidates) {
    if (METADATA.check(a, family)) return 'metadata';
    for (const [category, list] of LISTS) if (list.check(a, family)) return category;
  }
  return undefined;
}

/**
 * Whether two addresses are the same, looking through IPv4-mapped IPv6.
 * @param a - an address
 * @param b - another
 * @returns true when they name the same host
 */
export function sameIp(a: string, b: string): boolean {
  const unwrap = (x: string): string | undefined => {
    const ip = parseIp(x);
    if (!ip) return undefined;
    return ip.family === 'ipv6' ? (embeddedIpv4(ip.address) ?? ip.address) : ip.address;
  };
  const ua = unwrap(a);
  return ua !== undefined && ua === unwrap(b);
}
