import ipaddr from 'ipaddr.js';

/** Every routable public IPv6 address is in 2000::/3; anything outside it is special-purpose or unassigned. */
const GLOBAL_UNICAST_V6 = ipaddr.IPv6.parseCIDR('2000::/3');

export type IpAddress = ipaddr.IPv4 | ipaddr.IPv6;

/** What ipaddr.js's range names stand for, for refusal messages an admin can act on. */
const RANGE_DESCRIPTIONS: Readonly<Record<string, string>> = {
  unspecified: 'unspecified',
  broadcast: 'broadcast',
  multicast: 'multicast',
  linkLocal: 'link-local',
  loopback: 'loopback',
  carrierGradeNat: 'carrier-grade NAT (100.64.0.0/10)',
  private: 'private (RFC 1918)',
  reserved: 'reserved (documentation, benchmarking or future use)',
  as112: 'AS112 (DNS sink)',
  as112v6: 'AS112 (DNS sink)',
  amt: 'AMT (multicast tunnelling)',
  uniqueLocal: 'unique-local (fc00::/7)',
  deprecatedSiteLocal: 'site-local (fec0::/10)',
  discard: 'discard-only (100::/64)',
  rfc6145: 'IPv4-translated (::ffff:0:0:0/96)',
  rfc6052: 'NAT64 (64:ff9b::/96, 64:ff9b:1::/48)',
  '6to4': '6to4 (2002::/16)',
  teredo: 'Teredo (2001::/32)',
  benchmarking: 'benchmarking',
  deprecatedOrchid: 'ORCHID',
  orchid2: 'ORCHIDv2',
  droneRemoteIdProtocolEntityTags: 'drone remote ID tags',
  segmentRouting: 'segment routing (5f00::/16)',
};

/**
 * The address as it will be reached: an IPv4-mapped IPv6 address (`::ffff:127.0.0.1`) connects to its IPv4
 * address, so it is judged and allowlisted as that address.
 */
export function effectiveAddress(address: IpAddress): IpAddress {
  return address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress()
    ? (address as ipaddr.IPv6).toIPv4Address()
    : address;
}

/**
 * Why a webhook may not be sent to this address, or null if it is an ordinary public unicast address.
 *
 * Only what ipaddr.js calls `unicast` passes, so every special range it knows is refused (loopback, RFC 1918,
 * carrier-grade NAT, link-local, unique-local, unspecified, multicast, broadcast, documentation, benchmarking,
 * 6to4, Teredo, NAT64, …), and an IPv6 address must also be in 2000::/3: an address from a range neither
 * lists (IPv4-compatible `::7f00:1`, for one) is unassigned space, not somewhere a receiver lives.
 */
export function refusedRange(address: IpAddress): string | null {
  const reached = effectiveAddress(address);
  const range = reached.range();
  const mapped = reached !== address ? ' (IPv4-mapped IPv6)' : '';
  if (range !== 'unicast') return `${RANGE_DESCRIPTIONS[range] ?? range}${mapped}`;
  if (reached.kind() === 'ipv6' && !reached.match(GLOBAL_UNICAST_V6))
    return 'outside global unicast 2000::/3';
  return null;
}
