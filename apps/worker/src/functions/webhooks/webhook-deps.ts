import type { RetryPolicy } from '@fixstream/events';
import type { Outbox } from '@fixstream/run-storage';
import type { DestinationPolicy } from '@fixstream/webhooks';

/** What the webhook functions need besides the shared function deps (docs/webhooks.md). */
export interface WebhookDeps {
  /** Writes each message with its delivery event, and publishes it (an outbox with a publisher). */
  outbox: Outbox;
  /** Where deliveries may go: the SSRF guard's allowlist (WEBHOOK_ALLOWED_DESTINATIONS). */
  policy: DestinationPolicy;
  /** One attempt's budget (WEBHOOK_TIMEOUT_MS). */
  timeoutMs: number;
  /** Failed attempts in a row that disable an endpoint (WEBHOOK_DISABLE_AFTER_FAILURES). */
  disableAfterFailures: number;
  /** Deliveries in flight per endpoint (WEBHOOK_CONCURRENCY_PER_ENDPOINT). */
  concurrencyPerEndpoint: number;
  /** Retries of one message (WEBHOOK_RETRIES and the delays). */
  retries: RetryPolicy;
}
