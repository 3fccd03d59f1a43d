import { describe, expect, it } from 'vitest';
import { addressKey } from './address-key.ts';

describe('addressKey', () => {
  it('keys an IPv6 address by its /64 network, however it is written', () => {
    const key = '2001:db8:0:7::/64';
    for (const ip of [
      '2001:db8:0:7::1',
      '2001:0db8:0000:0007:ffff:1:2:3',
      '2001:DB8:0:7:a::',
      '2001:db8::7:0:0:0:9',
    ]) {
      expect(addressKey(ip), ip).toBe(key);
    }
    expect(addressKey('2001:db8:0:8::1')).toBe('2001:db8:0:8::/64');
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
    expect(addressKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(addressKey('64:ff9b::192.0.2.1')).toBe('64:ff9b:0:0::/64');
  });

  it('keeps IPv4 addresses, also when a dual-stack socket reports them IPv4-mapped', () => {
    expect(addressKey('192.0.2.1')).toBe('192.0.2.1');
    expect(addressKey('::ffff:192.0.2.1')).toBe('192.0.2.1');
    expect(addressKey('::ffff:c000:201')).toBe('192.0.2.1');
  });

  it('leaves anything that is not an IP address as it is', () => {
    expect(addressKey('unknown')).toBe('unknown');
  });
});
