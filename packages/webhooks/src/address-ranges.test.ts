import ipaddr from 'ipaddr.js';
import { describe, expect, it } from 'vitest';
import { refusedRange } from './address-ranges.ts';

function refused(address: string): string | null {
  return refusedRange(ipaddr.parse(address));
}

describe('refusedRange: IPv4', () => {
  it.each([
    ['0.0.0.0', 'unspecified'],
    ['0.255.255.255', 'unspecified'],
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['10.0.0.0', 'private (RFC 1918)'],
    ['10.255.255.255', 'private (RFC 1918)'],
    ['172.16.0.1', 'private (RFC 1918)'],
    ['172.31.255.255', 'private (RFC 1918)'],
    ['192.168.0.1', 'private (RFC 1918)'],
    ['192.168.255.255', 'private (RFC 1918)'],
    ['100.64.0.1', 'carrier-grade NAT (100.64.0.0/10)'],
    ['100.127.255.255', 'carrier-grade NAT (100.64.0.0/10)'],
    ['169.254.0.1', 'link-local'],
    ['169.254.169.254', 'link-local'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.255', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['192.0.0.1', 'reserved (documentation, benchmarking or future use)'],
    ['192.0.2.1', 'reserved (documentation, benchmarking or future use)'],
    ['198.18.0.1', 'reserved (documentation, benchmarking or future use)'],
    ['198.19.255.255', 'reserved (documentation, benchmarking or future use)'],
    ['198.51.100.1', 'reserved (documentation, benchmarking or future use)'],
    ['203.0.113.1', 'reserved (documentation, benchmarking or future use)'],
    ['192.88.99.1', 'reserved (documentation, benchmarking or future use)'],
    ['240.0.0.1', 'reserved (documentation, benchmarking or future use)'],
    ['255.255.255.254', 'reserved (documentation, benchmarking or future use)'],
    ['192.175.48.1', 'AS112 (DNS sink)'],
    ['192.52.193.1', 'AMT (multicast tunnelling)'],
  ])('refuses %s as %s', (address, range) => {
    expect(refused(address)).toBe(range);
  });

  it.each([
    '8.8.8.8',
    '1.1.1.1',
    '9.255.255.255',
    '11.0.0.0',
    '100.63.255.255',
    '100.128.0.0',
    '126.255.255.255',
    '128.0.0.0',
    '169.253.255.255',
    '169.255.0.0',
    '172.15.255.255',
    '172.32.0.0',
    '192.167.255.255',
    '192.169.0.0',
    '223.255.255.255',
  ])('lets the public address %s through', (address) => {
    expect(refused(address)).toBeNull();
  });
});

describe('refusedRange: IPv6', () => {
  it.each([
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['fe80::1', 'link-local'],
    ['febf:ffff::1', 'link-local'],
    ['fc00::1', 'unique-local (fc00::/7)'],
    ['fdff:ffff::1', 'unique-local (fc00::/7)'],
    ['ff02::1', 'multicast'],
    ['ff0e::1', 'multicast'],
    ['fec0::1', 'site-local (fec0::/10)'],
    ['100::1', 'discard-only (100::/64)'],
    ['::ffff:0:7f00:1', 'IPv4-translated (::ffff:0:0:0/96)'],
    ['64:ff9b::7f00:1', 'NAT64 (64:ff9b::/96, 64:ff9b:1::/48)'],
    ['64:ff9b:1::a00:1', 'NAT64 (64:ff9b::/96, 64:ff9b:1::/48)'],
    ['2002:7f00:1::', '6to4 (2002::/16)'],
    ['2001::1', 'Teredo (2001::/32)'],
    ['2001:2::1', 'benchmarking'],
    ['2001:db8::1', 'reserved (documentation, benchmarking or future use)'],
    ['3fff::1', 'reserved (documentation, benchmarking or future use)'],
    ['2001:3::1', 'AMT (multicast tunnelling)'],
    ['2001:4:112::1', 'AS112 (DNS sink)'],
    ['2001:10::1', 'ORCHID'],
    ['2001:20::1', 'ORCHIDv2'],
    ['5f00::1', 'segment routing (5f00::/16)'],
    ['::7f00:1', 'outside global unicast 2000::/3'],
    ['::a00:1', 'outside global unicast 2000::/3'],
    ['4000::1', 'outside global unicast 2000::/3'],
    ['e000::1', 'outside global unicast 2000::/3'],
  ])('refuses %s as %s', (address, range) => {
    expect(refused(address)).toBe(range);
  });

  it.each([
    ['::ffff:127.0.0.1', 'loopback (IPv4-mapped IPv6)'],
    ['::ffff:7f00:1', 'loopback (IPv4-mapped IPv6)'],
    ['::ffff:10.1.2.3', 'private (RFC 1918) (IPv4-mapped IPv6)'],
    ['::ffff:172.16.0.1', 'private (RFC 1918) (IPv4-mapped IPv6)'],
    ['::ffff:192.168.0.1', 'private (RFC 1918) (IPv4-mapped IPv6)'],
    ['::ffff:100.64.0.1', 'carrier-grade NAT (100.64.0.0/10) (IPv4-mapped IPv6)'],
    ['::ffff:169.254.169.254', 'link-local (IPv4-mapped IPv6)'],
    ['::ffff:0.0.0.0', 'unspecified (IPv4-mapped IPv6)'],
    ['::ffff:224.0.0.1', 'multicast (IPv4-mapped IPv6)'],
    ['::ffff:255.255.255.255', 'broadcast (IPv4-mapped IPv6)'],
  ])('judges the IPv4-mapped %s by its IPv4 address: %s', (address, range) => {
    expect(refused(address)).toBe(range);
  });

  it.each(['2606:4700:4700::1111', '2001:4860:4860::8888', '2a00:1450:4001::1', '::ffff:8.8.8.8'])(
    'lets the public address %s through',
    (address) => {
      expect(refused(address)).toBeNull();
    },
  );
});
