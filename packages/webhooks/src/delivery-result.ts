/**
 * What a retry policy does with an attempt:
 * - `delivered`: a 2xx; done.
 * - `retryable`: 429, 5xx, a timeout, a connection or DNS failure, a cancelled attempt; try again later.
 * - `gone`: 410, the receiver asks to be sent nothing more; disable the endpoint.
 * - `rejected`: any other answer (4xx, a 3xx that is not a usable redirect, too many redirects); trying the same
 *   message again would get the same answer.
 * - `refused`: the SSRF guard refused the URL or a redirect's target; nothing was sent there. Permanent until
 *   the endpoint's URL or the allowlist changes.
 */
export type DeliveryOutcome = 'delivered' | 'retryable' | 'gone' | 'rejected' | 'refused';

export interface DeliveryResult {
  /** True exactly when the outcome is `delivered`. */
  ok: boolean;
  outcome: DeliveryOutcome;
  /** The last response's status; null when no response came (refused, timeout, connection error). */
  status: number | null;
  /** From the call to the result, redirects and the read of the response body included. */
  durationMs: number;
  /** Why it is not ok: for the endpoint's delivery log and for operators. */
  error?: string;
  /** The start of the last response's body, decoded as UTF-8, for the endpoint's delivery log. */
  responseBodySnippet?: string;
}

/** The outcome of a final (not followed) response, by status. */
export function outcomeOfStatus(status: number): Exclude<DeliveryOutcome, 'refused'> {
  if (status >= 200 && status <= 299) return 'delivered';
  if (status === 410) return 'gone';
  if (status === 429 || (status >= 500 && status <= 599)) return 'retryable';
  return 'rejected';
}
