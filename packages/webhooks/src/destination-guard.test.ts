import { describe, expect, it } from 'vitest';
import { EMPTY_ALLOWLIST, parseDestinationAllowlist } from './allowlist.ts';
import {
  checkDestination,
  DestinationLookupError,
  type DestinationPolicy,
  DestinationRefusedError,
  type ResolvedAddress,
  type ResolveHost,
} from './destination-guard.ts';

/** Name resolution from a table: these tests are about the decision, for names no real DNS has. */
function resolverOf(table: Record<string, string[]>): ResolveHost {
  return async (hostname) => {
    // Like DNS, a trailing dot (a fully qualified name) names the same host.
    const found = table[hostname.replace(/\.$/, '')];
    if (!found) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return found.map((address): ResolvedAddress => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
}

const resolve = resolverOf({
  'public.example': ['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c'],
  'private.example': ['10.0.0.5'],
  'metadata.example': ['169.254.169.254'],
  'public-then-private.example': ['93.184.215.14', '192.168.1.10'],
  'private-then-public.example': ['fd00::1', '93.184.215.14'],
  'mapped.example': ['::ffff:127.0.0.1'],
  'hooks.internal': ['10.1.2.3'],
  'empty.example': [],
});
const policy: DestinationPolicy = { allowlist: EMPTY_ALLOWLIST, resolve };

async function refusal(url: string, withPolicy = policy): Promise<DestinationRefusedError> {
  const error = await checkDestination(url, withPolicy).then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(DestinationRefusedError);
  return error as DestinationRefusedError;
}

describe('checkDestination', () => {
  it('accepts a host whose every address is public, and returns those addresses to connect to', async () => {
    const checked = await checkDestination('https://public.example/hooks?x=1', policy);
    expect(checked.host).toBe('public.example');
    expect(checked.url.href).toBe('https://public.example/hooks?x=1');
    expect(checked.addresses).toEqual([
      { address: '93.184.215.14', family: 4 },
      { address: '2606:2800:21f:cb07:6820:80da:af6b:8b2c', family: 6 },
    ]);
  });

  it.each([
    'ftp://public.example/',
    'file:///etc/passwd',
    'gopher://public.example/',
    'ws://public.example/',
  ])('refuses the scheme of %s', async (url) => {
    const error = await refusal(url);
    expect(error.reason).toBe('scheme');
    expect(error.message).toMatch(/webhooks go over http or https only/);
  });

  it('refuses what is not an absolute URL', async () => {
    expect((await refusal('/relative/path')).reason).toBe('invalid-url');
    expect((await refusal('not a url')).reason).toBe('invalid-url');
  });

  it('refuses credentials in the URL without repeating them', async () => {
    const error = await refusal('https://admin:hunter2@public.example/hooks');
    expect(error.reason).toBe('credentials');
    expect(error.message).toContain('https://public.example');
    expect(error.message).not.toContain('hunter2');
    expect((await refusal('https://admin@public.example/')).reason).toBe('credentials');
  });

  it.each([
    ['http://127.0.0.1:8080/', '127.0.0.1 is loopback'],
    ['http://0x7f.1/', '127.0.0.1 is loopback'],
    ['http://2130706433/', '127.0.0.1 is loopback'],
    ['http://[::1]/', '::1 is loopback'],
    ['http://[::ffff:127.0.0.1]/', '::ffff:7f00:1 is loopback (IPv4-mapped IPv6)'],
    ['http://169.254.169.254/latest/meta-data/', '169.254.169.254 is link-local'],
    ['http://10.0.0.1/', '10.0.0.1 is private (RFC 1918)'],
    ['http://0.0.0.0/', '0.0.0.0 is unspecified'],
    ['http://[fd00::1]/', 'fd00::1 is unique-local (fc00::/7)'],
  ])('refuses the IP literal in %s', async (url, message) => {
    const error = await refusal(url);
    expect(error.reason).toBe('address');
    expect(error.message).toContain(message);
  });

  it('accepts a public IP literal without resolving anything', async () => {
    const neverResolves: ResolveHost = () => Promise.reject(new Error('must not be called'));
    const checked = await checkDestination('http://[2606:4700:4700::1111]:8443/x', {
      ...policy,
      resolve: neverResolves,
    });
    expect(checked.host).toBe('2606:4700:4700::1111');
    expect(checked.addresses).toEqual([{ address: '2606:4700:4700::1111', family: 6 }]);
  });

  it.each([
    ['http://private.example/', '10.0.0.5 is private (RFC 1918) (private.example resolves to it)'],
    ['http://metadata.example/', '169.254.169.254 is link-local (metadata.example resolves to it)'],
    [
      'http://mapped.example/',
      '::ffff:127.0.0.1 is loopback (IPv4-mapped IPv6) (mapped.example resolves to it)',
    ],
  ])('refuses %s, a name that resolves to a non-public address', async (url, message) => {
    const error = await refusal(url);
    expect(error.reason).toBe('address');
    expect(error.message).toContain(message);
    expect(error.message).toContain('allowlist it to deliver there');
  });

  it('checks every address a name resolves to, not just the first', async () => {
    expect((await refusal('http://public-then-private.example/')).message).toContain(
      '192.168.1.10 is private',
    );
    expect((await refusal('http://private-then-public.example/')).message).toContain(
      'fd00::1 is unique-local',
    );
  });

  it('refuses names that resolve to loopback with the system resolver', async () => {
    const error = await refusal('http://localhost:1/', { allowlist: EMPTY_ALLOWLIST });
    expect(error.reason).toBe('address');
    expect(error.message).toMatch(/is loopback \(localhost resolves to it\)/);
  });

  it('names only the origin in its messages, never the path or query', async () => {
    const error = await refusal('http://private.example/hooks/secret-token?key=abc');
    expect(error.message).toContain('http://private.example');
    expect(error.message).not.toContain('secret-token');
    expect(error.message).not.toContain('abc');
  });

  it('lets allowlisted addresses and CIDRs through, and only those', async () => {
    const allowlist = parseDestinationAllowlist('127.0.0.1,10.0.0.0/8');
    const withAllowlist = { allowlist, resolve };
    expect((await checkDestination('http://127.0.0.1:9000/', withAllowlist)).addresses).toHaveLength(1);
    expect((await checkDestination('http://private.example/', withAllowlist)).addresses).toEqual([
      { address: '10.0.0.5', family: 4 },
    ]);
    expect((await refusal('http://127.0.0.2/', withAllowlist)).message).toContain('127.0.0.2 is loopback');
    expect((await refusal('http://public-then-private.example/', withAllowlist)).message).toContain(
      '192.168.1.10',
    );
  });

  it('lets an allowlisted host name through whatever it resolves to, and pins what it resolved', async () => {
    const withAllowlist = { allowlist: parseDestinationAllowlist('hooks.internal'), resolve };
    const checked = await checkDestination('https://Hooks.Internal./events', withAllowlist);
    expect(checked.addresses).toEqual([{ address: '10.1.2.3', family: 4 }]);
    expect((await refusal('http://private.example/', withAllowlist)).reason).toBe('address');
  });

  it('reports a name that does not resolve as a lookup failure, not a refusal', async () => {
    await expect(checkDestination('http://unknown.example/', policy)).rejects.toThrow(DestinationLookupError);
    await expect(checkDestination('http://unknown.example/', policy)).rejects.toThrow(
      'Could not resolve http://unknown.example: ENOTFOUND',
    );
    await expect(checkDestination('http://empty.example/', policy)).rejects.toThrow('no address');
  });
});
