import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';
import { refusedRange } from './address-ranges.ts';
import { allowsAddress, allowsHost, type DestinationAllowlist } from './allowlist.ts';

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Every address a host name resolves to (an empty list or a rejection when it resolves to none). */
export type ResolveHost = (hostname: string) => Promise<readonly ResolvedAddress[]>;

/** The system resolver (getaddrinfo: /etc/hosts, then DNS), as the connection itself would use it. */
export const resolveWithSystem: ResolveHost = async (hostname) => {
  const found = await lookup(hostname, { all: true });
  return found.map(({ address, family }) => ({ address, family: family === 6 ? 6 : 4 }));
};

export interface DestinationPolicy {
  allowlist: DestinationAllowlist;
  /** Name resolution; the system's by default. Replaced only where a test needs names that DNS lacks. */
  resolve?: ResolveHost;
}

export type RefusalReason = 'invalid-url' | 'scheme' | 'credentials' | 'address';

/**
 * The guard will not let a webhook go to this URL. Permanent: the same URL is refused on every attempt until the
 * admin changes it (or an operator allowlists it), so a retry policy should not retry it.
 */
export class DestinationRefusedError extends Error {
  override name = 'DestinationRefusedError';

  constructor(
    readonly reason: RefusalReason,
    message: string,
  ) {
    super(message);
  }
}

/** The host name did not resolve. Usually passing (DNS trouble), so it is worth retrying, unlike a refusal. */
export class DestinationLookupError extends Error {
  override name = 'DestinationLookupError';
}

/** A destination the guard accepted, with the only addresses a connection to it may use. */
export interface CheckedDestination {
  url: URL;
  /** The host to connect to: the host name, or the IP literal without IPv6 brackets. */
  host: string;
  addresses: readonly ResolvedAddress[];
}

/**
 * Decides whether a user-supplied URL may receive a webhook, so that nobody can make fixstream's workers send
 * requests into its own network (SSRF): only http and https, no credentials in the URL, and every address the
 * host resolves to must be public unicast or allowlisted, since a connection may use any of them. Connect only
 * to the returned addresses: resolving the name again would let a DNS answer that changed in between (DNS
 * rebinding) reach an address nobody checked.
 *
 * Messages name the URL's origin only: a path may carry a token.
 */
export async function checkDestination(
  target: string | URL,
  policy: DestinationPolicy,
): Promise<CheckedDestination> {
  const url = parseUrl(target);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new DestinationRefusedError(
      'scheme',
      `Refused ${url.protocol} URL: webhooks go over http or https only`,
    );
  }
  if (url.username !== '' || url.password !== '') {
    throw new DestinationRefusedError(
      'credentials',
      `Refused ${url.origin}: the URL carries credentials; authenticate receivers by the webhook signature`,
    );
  }

  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  const family = isIP(host);
  if (family !== 0) {
    refuseUnlessAllowed(url, host, policy.allowlist);
    return { url, host, addresses: [{ address: host, family: family === 6 ? 6 : 4 }] };
  }

  const addresses = await resolveAll(url, host, policy.resolve ?? resolveWithSystem);
  if (!allowsHost(policy.allowlist, host)) {
    for (const { address } of addresses) refuseUnlessAllowed(url, address, policy.allowlist);
  }
  return { url, host, addresses };
}

function parseUrl(target: string | URL): URL {
  if (target instanceof URL) return new URL(target.href);
  try {
    return new URL(target);
  } catch {
    throw new DestinationRefusedError('invalid-url', 'Refused a webhook URL that is not an absolute URL');
  }
}

async function resolveAll(url: URL, host: string, resolve: ResolveHost): Promise<readonly ResolvedAddress[]> {
  let addresses: readonly ResolvedAddress[];
  try {
    addresses = await resolve(host);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const why = typeof code === 'string' ? code : error instanceof Error ? error.message : String(error);
    throw new DestinationLookupError(`Could not resolve ${url.origin}: ${why}`, { cause: error });
  }
  if (addresses.length === 0) throw new DestinationLookupError(`Could not resolve ${url.origin}: no address`);
  return addresses;
}

function refuseUnlessAllowed(url: URL, address: string, allowlist: DestinationAllowlist): void {
  const parsed = ipaddr.parse(address);
  if (allowsAddress(allowlist, parsed)) return;
  const range = refusedRange(parsed);
  if (range === null) return;
  const via =
    url.hostname === address || url.hostname === `[${address}]` ? '' : ` (${url.hostname} resolves to it)`;
  throw new DestinationRefusedError(
    'address',
    `Refused ${url.origin}: ${address} is ${range}${via}, not a public address; allowlist it to deliver there`,
  );
}
