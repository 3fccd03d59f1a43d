import ipaddr from 'ipaddr.js';
import { effectiveAddress, type IpAddress } from './address-ranges.ts';

/** RFC 1123 host names: dot-separated labels of letters, digits and inner hyphens, 253 characters at most. */
const HOST_NAME =
  /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/;

/**
 * Destinations a webhook may reach although the SSRF guard would refuse them: tests' local receivers and
 * receivers on the operator's own network. A host name lets that name through whatever it resolves to; an
 * address or CIDR lets those addresses through whatever name led to them.
 */
export interface DestinationAllowlist {
  readonly hosts: ReadonlySet<string>;
  readonly ranges: readonly (readonly [IpAddress, number])[];
}

export const EMPTY_ALLOWLIST: DestinationAllowlist = { hosts: new Set(), ranges: [] };

/** An allowlist setting that cannot be read: the message names the entry and what is wrong with it. */
export class InvalidAllowlistError extends Error {
  override name = 'InvalidAllowlistError';
}

/** Lower case without the trailing dot, so `Hooks.Internal.` and `hooks.internal` are one host. */
export function normalizeHostName(host: string): string {
  const lower = host.toLowerCase();
  return lower.endsWith('.') ? lower.slice(0, -1) : lower;
}

/**
 * Reads an env-style allowlist: comma-separated host names, IP addresses and CIDRs, e.g.
 * `127.0.0.1,10.0.0.0/8,hooks.internal`. Blanks around entries and empty entries are ignored, so an unset or
 * empty variable is an empty allowlist. Anything else that is not a valid entry throws: a typo in a security
 * setting must stop the process, not silently allow or refuse something else.
 */
export function parseDestinationAllowlist(text: string): DestinationAllowlist {
  const hosts = new Set<string>();
  const ranges: (readonly [IpAddress, number])[] = [];
  const entries = text.split(',').map((entry) => entry.trim());
  entries.forEach((entry, index) => {
    if (entry === '') return;
    const where = `Webhook allowlist entry ${index + 1} (${JSON.stringify(entry)})`;
    if (entry.includes('/')) {
      if (!ipaddr.isValidCIDR(entry)) {
        throw new InvalidAllowlistError(
          `${where} is not a valid CIDR: expected an address, "/" and a prefix length`,
        );
      }
      const [address, prefix] = ipaddr.parseCIDR(entry);
      ranges.push([address, prefix]);
      return;
    }
    if (ipaddr.isValid(entry)) {
      if (!ipaddr.IPv4.isValidFourPartDecimal(entry) && !ipaddr.IPv6.isValid(entry)) {
        throw new InvalidAllowlistError(`${where} is not a dotted-quad IPv4 address (write all four parts)`);
      }
      const address = ipaddr.parse(entry);
      ranges.push([address, address.kind() === 'ipv4' ? 32 : 128]);
      return;
    }
    const host = normalizeHostName(entry);
    if (!HOST_NAME.test(host)) {
      throw new InvalidAllowlistError(
        `${where} is neither an IP address, a CIDR nor a host name (no scheme, port, path or wildcard)`,
      );
    }
    hosts.add(host);
  });
  return { hosts, ranges };
}

/** Whether the allowlist names this host (a URL's host name; compared after normalizing). */
export function allowsHost(allowlist: DestinationAllowlist, host: string): boolean {
  return allowlist.hosts.has(normalizeHostName(host));
}

/** Whether an allowlisted address or CIDR covers this address (IPv4-mapped IPv6 counts as its IPv4 address). */
export function allowsAddress(allowlist: DestinationAllowlist, address: IpAddress): boolean {
  const reached = effectiveAddress(address);
  return allowlist.ranges.some(
    ([network, prefix]) => network.kind() === reached.kind() && reached.match(network, prefix),
  );
}
