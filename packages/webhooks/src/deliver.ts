import packageJson from '../package.json' with { type: 'json' };
import { type DeliveryResult, outcomeOfStatus } from './delivery-result.ts';
import {
  type CheckedDestination,
  checkDestination,
  DestinationLookupError,
  type DestinationPolicy,
  DestinationRefusedError,
} from './destination-guard.ts';
import { type ExchangeResponse, postOnce } from './http-exchange.ts';
import { redirectStep } from './redirect.ts';
import { signWebhook } from './sign.ts';

const USER_AGENT = `fixstream-webhooks/${packageJson.version}`;

export interface DeliverWebhookInput {
  /** The endpoint's URL, as the admin registered it. */
  url: string;
  /** The message id: the same on every attempt, so the receiver can drop a message it already has. */
  id: string;
  /** The JSON body, already serialised: these exact characters are signed and sent. */
  payload: string;
  /** The endpoint's secret, or its old and new secrets while one is rotated. */
  secret: string | readonly string[];
  policy: DestinationPolicy;
  /** The whole attempt's budget: DNS, connecting, every redirect and reading the answer. */
  timeoutMs: number;
  /** Cancels the attempt (a stopping worker); the result is then `retryable`. */
  signal?: AbortSignal;
  /** When this attempt is signed; now by default. */
  timestamp?: Date;
  /** Redirects followed at most; 3 by default. */
  maxRedirects?: number;
  /** Bytes of the response body kept; 4 kB by default. */
  snippetBytes?: number;
}

/**
 * Makes one delivery attempt: POSTs the signed payload and reports what happened as a {@link DeliveryResult}.
 * Never throws for anything the network or the receiver does; only for invalid input (a bad secret or id).
 *
 * Every destination, the first and each redirect's, passes the SSRF guard, and the connection goes only to the
 * addresses the guard checked. Redirects are followed by hand, up to `maxRedirects`, each re-sending the same
 * signed POST (a webhook without its body is no webhook, whatever 301/302/303 mean for browsers); a redirect
 * from https to http is refused, as it would send the signed payload in clear.
 */
export async function deliverWebhook(input: DeliverWebhookInput): Promise<DeliveryResult> {
  const started = performance.now();
  const maxRedirects = input.maxRedirects ?? 3;
  const snippetBytes = input.snippetBytes ?? 4096;
  if (!Number.isFinite(input.timeoutMs) || input.timeoutMs <= 0) {
    throw new RangeError(`timeoutMs must be > 0, got ${input.timeoutMs}`);
  }
  const signed = signWebhook({
    id: input.id,
    timestamp: input.timestamp ?? new Date(),
    payload: input.payload,
    secret: input.secret,
  });
  const headers = { ...signed, 'content-type': 'application/json', 'user-agent': USER_AGENT };
  const timeout = AbortSignal.timeout(input.timeoutMs);
  const signal = input.signal ? AbortSignal.any([timeout, input.signal]) : timeout;
  const result = (fields: Omit<DeliveryResult, 'durationMs'>): DeliveryResult => ({
    ...fields,
    durationMs: performance.now() - started,
  });
  const failure = (error: unknown): DeliveryResult => {
    if (error instanceof DestinationRefusedError) {
      return result({ ok: false, outcome: 'refused', status: null, error: error.message });
    }
    if (timeout.aborted) {
      return result({
        ok: false,
        outcome: 'retryable',
        status: null,
        error: `Timed out after ${input.timeoutMs} ms`,
      });
    }
    if (signal.aborted) {
      return result({
        ok: false,
        outcome: 'retryable',
        status: null,
        error: `Cancelled: ${describe(signal.reason)}`,
      });
    }
    const why =
      error instanceof DestinationLookupError ? error.message : `Connection failed: ${describe(error)}`;
    return result({ ok: false, outcome: 'retryable', status: null, error: why });
  };

  let target = input.url;
  for (let followed = 0; ; followed++) {
    let destination: CheckedDestination;
    let response: ExchangeResponse;
    try {
      destination = await untilAborted(checkDestination(target, input.policy), signal);
      response = await postOnce(destination, headers, input.payload, signal, snippetBytes);
    } catch (error) {
      return failure(error);
    }

    const { status, bodySnippet } = response;
    const snippet = bodySnippet === '' ? {} : { responseBodySnippet: bodySnippet };
    const step = redirectStep(response, destination.url, followed, maxRedirects);
    if (step.kind === 'follow') {
      target = step.url.href;
      continue;
    }
    if (step.kind === 'refused') return failure(step.error);
    if (step.kind === 'rejected')
      return result({ ok: false, outcome: 'rejected', status, error: step.error, ...snippet });

    const outcome = outcomeOfStatus(status);
    if (outcome === 'delivered') return result({ ok: true, outcome, status, ...snippet });
    return result({ ok: false, outcome, status, error: `The receiver answered ${status}`, ...snippet });
  }
}

/** Stops waiting when the signal aborts: a DNS lookup cannot be cancelled, but the attempt need not wait for it. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && !error.message.includes(code)
    ? `${code} ${error.message}`
    : error.message;
}
