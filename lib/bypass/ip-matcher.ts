import * as ipaddr from 'ipaddr.js';
import { optionError } from '../maintenance.messages';

/** Tells whether a client address falls in one of the configured ranges. */
export type IpMatcher = (address: string | undefined) => boolean;

type Range = [ipaddr.IPv4 | ipaddr.IPv6, number];

/**
 * Compiles `bypass.ips` (addresses and CIDR ranges, IPv4 and IPv6) with ipaddr.js. IPv4-mapped IPv6
 * addresses (`::ffff:10.0.0.1`, what a dual-stack socket reports) are matched as IPv4, on both sides.
 */
export function compileIpMatcher(entries: readonly string[] | undefined, option = 'bypass.ips'): IpMatcher {
  if (entries === undefined) return () => false;
  if (!Array.isArray(entries)) throw optionError(option, 'must be an array of addresses or CIDR ranges');
  const ranges: Range[] = entries.map((entry, index) => parseRange(entry, `${option}[${index}]`));
  if (ranges.length === 0) return () => false;
  const matches = (address: string): boolean => {
    let parsed: ipaddr.IPv4 | ipaddr.IPv6;
    try {
      parsed = ipaddr.process(address);
    } catch {
      return false;
    }
    const kind = parsed.kind();
    for (const range of ranges) {
      if (range[0].kind() === kind && parsed.match(range)) return true;
    }
    return false;
  };
  // Answers per address, remembered: a keep-alive connection sends request after request from one address,
  // and parsing it is most of what this check costs. Bounded, so a flood of forwarded addresses (trustProxy)
  // cannot grow it without end.
  const known = new Map<string, boolean>();
  return (address) => {
    if (!address) return false;
    let answer = known.get(address);
    if (answer === undefined) {
      answer = matches(address);
      if (known.size >= IP_ANSWERS_KEPT) known.clear();
      known.set(address, answer);
    }
    return answer;
  };
}

/** How many addresses' answers the matcher keeps. */
export const IP_ANSWERS_KEPT = 1024;

function parseRange(entry: unknown, name: string): Range {
  if (typeof entry !== 'string' || entry.trim() === '') throw optionError(name, 'must be an IP address or CIDR range');
  const text = entry.trim();
  const address = text.split('/')[0];
  // ipaddr.js also accepts legacy forms such as "1.2.3"; configuration must be written in full.
  if (!ipaddr.IPv4.isValidFourPartDecimal(address) && !ipaddr.IPv6.isValid(address)) {
    throw optionError(name, `"${text}" is not an IP address or CIDR range`);
  }
  try {
    if (text.includes('/')) {
      const [address, bits] = ipaddr.parseCIDR(text);
      return normaliseMapped(address, bits);
    }
    const address = ipaddr.parse(text);
    return normaliseMapped(address, address.kind() === 'ipv4' ? 32 : 128);
  } catch {
    throw optionError(name, `"${text}" is not an IP address or CIDR range`);
  }
}

function normaliseMapped(address: ipaddr.IPv4 | ipaddr.IPv6, bits: number): Range {
  if (address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress() && bits >= 96) {
    return [(address as ipaddr.IPv6).toIPv4Address(), bits - 96];
  }
  return [address, bits];
}
