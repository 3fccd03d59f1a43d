import { type WebhookDeliveryOutcome, webhookState } from '@fixstream/db';
import { defineFunction, PermanentError, webhookDeliveryDue } from '@fixstream/events';
import { type DeliveryResult, deliverWebhook } from '@fixstream/webhooks';
import { uuidv7 } from 'uuidv7';
import type { FunctionDeps } from '../function-deps.ts';
import { disableEndpoint, finishDisabling } from './disable-endpoint.ts';
import type { WebhookDeps } from './webhook-deps.ts';

/** Time a run gets beyond its attempt's budget: reading the endpoint, logging the attempt, mailing admins. */
const runMarginMs = 30_000;

/**
 * The body receivers get, in the Standard Webhooks shape: the event's name as `type`, when it happened, and its
 * data (ids only, as every event: a receiver asks the API for what it needs, with its own credentials).
 */
export function webhookPayload(source: { name: string; occurredAt: string; data: unknown }): string {
  return JSON.stringify({ type: source.name, timestamp: source.occurredAt, data: source.data });
}

/**
 * Sends one message to its endpoint: one attempt per run attempt, signed with the endpoint's secret and the
 * message's stable id, through the SSRF guard, logged in the deliveries log. The runtime does the rest: one
 * delivery at a time per endpoint (`concurrency`), retries with backoff and full jitter, the dead letter after
 * the last retry or a permanent refusal, and `pnpm ops replay`. After `disableAfterFailures` failed attempts in
 * a row (or a 410 Gone) the endpoint is disabled and its company's admins are mailed, once.
 */
export function deliverWebhookFunction(deps: FunctionDeps, webhooks: WebhookDeps) {
  return defineFunction({
    id: 'deliver-webhook',
    event: webhookDeliveryDue,
    concurrency: { key: 'data.endpointId', limit: webhooks.concurrencyPerEndpoint },
    retries: webhooks.retries,
    timeoutMs: webhooks.timeoutMs + runMarginMs,
    async handler(run) {
      const { event, attempt, logger, signal } = run;
      const { WebhookDelivery, WebhookEndpoint } = deps.db.models;
      const { endpointId, companyId, source } = event.data;
      const endpoint = await WebhookEndpoint.findOne({ _id: endpointId, company: companyId })
        .select('+secret')
        .lean();
      if (!endpoint) {
        logger.info({ messageId: event.id, endpointId }, 'webhook endpoint was deleted; message dropped');
        return;
      }
      const countUpTo = webhooks.disableAfterFailures;
      const log = (
        result: Pick<DeliveryResult, 'status' | 'durationMs' | 'error'>,
        outcome: WebhookDeliveryOutcome,
      ) =>
        WebhookDelivery.create({
          _id: uuidv7(),
          company: companyId,
          endpoint: endpointId,
          messageId: event.id,
          eventId: source.id,
          eventName: source.name,
          attempt,
          outcome,
          status: result.status,
          durationMs: Math.round(result.durationMs),
          error: result.error ?? null,
          at: new Date(),
        });

      const before = await webhookState(deps.db, endpoint, { countUpTo });
      if (!before.active) {
        if (before.disabledByRun === run.runKey) await finishDisabling(deps, run, endpoint);
        const reason = before.disabled?.reason ?? 'disabled';
        await log({ status: null, durationMs: 0, error: `endpoint disabled: ${reason}` }, 'disabled');
        throw new PermanentError(
          `webhook endpoint ${endpointId} is disabled (${reason}); replay this run once an admin enables it`,
        );
      }

      const result = await deliverWebhook({
        url: endpoint.url,
        id: event.id,
        payload: webhookPayload(source),
        secret: endpoint.secret,
        policy: webhooks.policy,
        timeoutMs: webhooks.timeoutMs,
        signal,
      });
      await log(result, result.outcome);
      const fields = {
        messageId: event.id,
        endpointId,
        attempt,
        status: result.status,
        outcome: result.outcome,
      };
      if (result.ok) {
        logger.info({ ...fields, durationMs: result.durationMs }, 'webhook delivered');
        return;
      }
      logger.warn({ ...fields, error: result.error }, 'webhook attempt failed');
      const after = await webhookState(deps.db, endpoint, { countUpTo });
      if (result.outcome === 'gone' || after.consecutiveFailures >= webhooks.disableAfterFailures) {
        await disableEndpoint(deps, run, endpoint, {
          failures: after.consecutiveFailures,
          lastError: result.error ?? result.outcome,
          gone: result.outcome === 'gone',
        });
      }
      const error = `webhook to ${new URL(endpoint.url).origin} failed: ${result.error ?? result.outcome}`;
      if (result.outcome === 'retryable') throw new Error(error);
      throw new PermanentError(error);
    },
  });
}
