import { createHash } from 'node:crypto';
import { webhookDisableId, webhookMessageId, webhookMessageOutboxRef } from '@fixstream/db';
import {
  defineFunction,
  type EventEnvelope,
  type WebhookEventName,
  webhookDeliveryDue,
  webhookEvents,
} from '@fixstream/events';
import { isDuplicateKey, owedBy } from '@fixstream/run-storage';
import type { FunctionDeps } from '../function-deps.ts';
import type { WebhookDeps } from './webhook-deps.ts';

/**
 * The id of the delivery event of one source event and endpoint, the `webhook-id` receivers see: derived, so a
 * fan-out repeated after a crash names the same message. `<source id>_<endpoint id>` when it fits an event id.
 */
export function deliveryEventId(sourceEventId: string, endpointId: string): string {
  const plain = `${sourceEventId}_${endpointId}`;
  if (plain.length <= 64) return plain;
  return `msg_${createHash('sha256').update(`${sourceEventId}:${endpointId}`).digest('hex').slice(0, 40)}`;
}

/** `webhooks-fan-out-request-created` for `maintenance/request.created`. */
function fanOutId(eventName: WebhookEventName): string {
  return `webhooks-fan-out-${eventName.split('/')[1]?.replace(/[^a-z0-9]+/g, '-')}`;
}

/**
 * One function per event endpoints may subscribe to: for each enabled endpoint of the event's company that
 * subscribed to it, writes a message (`webhook_messages`, inserted on `<event id>:<endpoint id>`) whose outbox
 * holds the `webhooks/delivery.due` event, then publishes it. The source event stays owed until this run has
 * finished, and each message's event is owed from before its insert until `deliver-webhook` has finished it, so
 * nothing is lost if the worker or Redis dies in between; a repeated run finds the messages it wrote and skips them.
 */
export function webhookFanOuts(deps: FunctionDeps, webhooks: WebhookDeps) {
  return webhookEvents.map((source) =>
    defineFunction({
      id: fanOutId(source.name),
      event: source,
      async handler({ event, logger }) {
        const { WebhookEndpoint, WebhookEndpointDisable, WebhookMessage } = deps.db.models;
        const companyId = event.data.companyId;
        const endpoints = await WebhookEndpoint.find(
          { company: companyId, enabled: true },
          { events: 1, enabledAt: 1 },
        )
          .hint({ company: 1, enabled: 1, _id: -1 })
          .lean();
        const subscribed = endpoints.filter((endpoint) => endpoint.events.includes(event.name));
        await Promise.all(
          subscribed.map(async (endpoint) => {
            const endpointId = String(endpoint._id);
            const messageId = webhookMessageId(event.id, endpointId);
            const [written, disabled] = await Promise.all([
              WebhookMessage.exists({ _id: messageId }),
              WebhookEndpointDisable.exists({ _id: webhookDisableId(endpointId, endpoint.enabledAt) }),
            ]);
            if (written || disabled) return;
            const due = webhookDeliveryDue.create(
              { endpointId, companyId, source: sourceOf(event) },
              { id: deliveryEventId(event.id, endpointId) },
            );
            try {
              await webhooks.outbox.write(owedBy(webhookMessageOutboxRef(messageId), [due]), async () => {
                await WebhookMessage.create({
                  _id: messageId,
                  company: companyId,
                  endpoint: endpointId,
                  outbox: [due],
                });
                return true;
              });
            } catch (error) {
              // Another run of this event wrote it meanwhile (a duplicate entry): its rows and document stand.
              if (!isDuplicateKey(error)) throw error;
            }
            logger.info({ eventId: event.id, endpointId, messageId: due.id }, 'webhook message written');
          }),
        );
      },
    }),
  );
}

function sourceOf(event: EventEnvelope<WebhookEventName, Record<string, unknown>>) {
  return { id: event.id, name: event.name, occurredAt: event.occurredAt, data: event.data };
}
