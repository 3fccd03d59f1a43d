import { DestinationRefusedError } from './destination-guard.ts';

const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);

/**
 * What to do with a response, as far as redirects go:
 * - `final`: not a redirect; its status decides the outcome;
 * - `follow`: POST again to `url` (which still has to pass the guard);
 * - `rejected`: a redirect that cannot be followed (too many, or an unusable Location);
 * - `refused`: a redirect the delivery must not follow whatever its address.
 */
export type RedirectStep =
  | { kind: 'final' }
  | { kind: 'follow'; url: URL }
  | { kind: 'rejected'; error: string }
  | { kind: 'refused'; error: DestinationRefusedError };

/**
 * Decides about a redirect from `from` after `followed` redirects already. A redirect from https to http is
 * refused: it would send the signed payload, and the receiver's answer, in clear.
 */
export function redirectStep(
  response: { status: number; location: string | undefined },
  from: URL,
  followed: number,
  maxRedirects: number,
): RedirectStep {
  const { status, location } = response;
  if (!REDIRECT_STATUSES.has(status) || location === undefined) return { kind: 'final' };
  if (followed >= maxRedirects) {
    return {
      kind: 'rejected',
      error: `Gave up after ${maxRedirects} redirects (the next one was ${status})`,
    };
  }
  const url = URL.parse(location, from.href);
  if (url === null) return { kind: 'rejected', error: `Redirect ${status} has an unusable Location header` };
  if (from.protocol === 'https:' && url.protocol === 'http:') {
    const message = `Refused the redirect from ${from.origin} to ${url.origin}: it leaves https`;
    return { kind: 'refused', error: new DestinationRefusedError('scheme', message) };
  }
  return { kind: 'follow', url };
}
