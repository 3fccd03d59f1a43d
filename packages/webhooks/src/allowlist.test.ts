import ipaddr from 'ipaddr.js';
import { describe, expect, it } from 'vitest';
import { allowsAddress, allowsHost, InvalidAllowlistError, parseDestinationAllowlist } from './allowlist.ts';

function allows(list: string, address: string): boolean {
  return allowsAddress(parseDestinationAllowlist(list), ipaddr.parse(address));
}

describe('parseDestinationAllowlist', () => {
  it('reads hosts, addresses and CIDRs, comma-separated', () => {
    const allowlist = parseDestinationAllowlist('127.0.0.1,10.0.0.0/8,hooks.internal');
    expect([...allowlist.hosts]).toEqual(['hooks.internal']);
    expect(allowlist.ranges.map(([network, prefix]) => `${network.toString()}/${prefix}`)).toEqual([
      '127.0.0.1/32',
      '10.0.0.0/8',
    ]);
  });

  it('is empty for an empty or blank setting, and ignores blanks and empty entries', () => {
    for (const text of ['', '  ', ',', ' , ,']) {
      const allowlist = parseDestinationAllowlist(text);
      expect(allowlist.hosts.size).toBe(0);
      expect(allowlist.ranges).toHaveLength(0);
    }
    const allowlist = parseDestinationAllowlist(' hooks.internal , ,10.0.0.0/8 ,');
    expect([...allowlist.hosts]).toEqual(['hooks.internal']);
    expect(allowlist.ranges).toHaveLength(1);
  });

  it.each([
    ['10.0.0.0/33', 'entry 1 ("10.0.0.0/33") is not a valid CIDR'],
    ['hooks.internal,10.0.0.0/', 'entry 2 ("10.0.0.0/") is not a valid CIDR'],
    ['fd00::/129', 'entry 1 ("fd00::/129") is not a valid CIDR'],
    ['300.1.2.3/8', 'entry 1 ("300.1.2.3/8") is not a valid CIDR'],
    ['127.1', 'entry 1 ("127.1") is not a dotted-quad IPv4 address'],
    ['a.b,2130706433', 'entry 2 ("2130706433") is not a dotted-quad IPv4 address'],
    ['http://hooks.internal', 'entry 1 ("http://hooks.internal") is not a valid CIDR'],
    [
      'hooks.internal:8080',
      'entry 1 ("hooks.internal:8080") is neither an IP address, a CIDR nor a host name',
    ],
    ['*.internal', 'entry 1 ("*.internal") is neither an IP address, a CIDR nor a host name'],
    ['[::1]', 'entry 1 ("[::1]") is neither an IP address, a CIDR nor a host name'],
    ['hooks internal', 'entry 1 ("hooks internal") is neither an IP address, a CIDR nor a host name'],
    ['-hooks.internal', 'entry 1 ("-hooks.internal") is neither an IP address, a CIDR nor a host name'],
    [
      `${'a'.repeat(64)}.internal`,
      `entry 1 ("${'a'.repeat(64)}.internal") is neither an IP address, a CIDR nor a host name`,
    ],
  ])('refuses %j with a message naming the entry', (text, message) => {
    expect(() => parseDestinationAllowlist(text)).toThrow(InvalidAllowlistError);
    expect(() => parseDestinationAllowlist(text)).toThrow(`Webhook allowlist ${message}`);
  });
});

describe('allowsAddress', () => {
  it('matches single addresses exactly', () => {
    expect(allows('127.0.0.1', '127.0.0.1')).toBe(true);
    expect(allows('127.0.0.1', '127.0.0.2')).toBe(false);
    expect(allows('::1', '::1')).toBe(true);
    expect(allows('::1', '127.0.0.1')).toBe(false);
  });

  it('matches every address of a CIDR and none outside it', () => {
    expect(allows('10.0.0.0/8', '10.0.0.0')).toBe(true);
    expect(allows('10.0.0.0/8', '10.255.255.255')).toBe(true);
    expect(allows('10.0.0.0/8', '11.0.0.0')).toBe(false);
    expect(allows('fd00::/8', 'fd12:3456::1')).toBe(true);
    expect(allows('fd00::/8', 'fc00::1')).toBe(false);
  });

  it('matches an IPv4-mapped IPv6 address against IPv4 entries', () => {
    expect(allows('10.0.0.0/8', '::ffff:10.1.2.3')).toBe(true);
    expect(allows('127.0.0.1', '::ffff:127.0.0.1')).toBe(true);
    expect(allows('127.0.0.1', '::ffff:127.0.0.2')).toBe(false);
  });

  it('allows nothing when empty, and host entries allow no address', () => {
    expect(allows('', '127.0.0.1')).toBe(false);
    expect(allows('localhost', '127.0.0.1')).toBe(false);
  });
});

describe('allowsHost', () => {
  it('matches host names case-insensitively and ignoring a trailing dot, exactly (no subdomains)', () => {
    const allowlist = parseDestinationAllowlist('Hooks.Internal.,10.0.0.0/8');
    expect(allowsHost(allowlist, 'hooks.internal')).toBe(true);
    expect(allowsHost(allowlist, 'HOOKS.internal.')).toBe(true);
    expect(allowsHost(allowlist, 'a.hooks.internal')).toBe(false);
    expect(allowsHost(allowlist, 'hooks.internal.evil.example')).toBe(false);
    expect(allowsHost(allowlist, '10.0.0.1')).toBe(false);
  });
});
