import { z } from 'zod';
import { defineEvent, eventIdSchema } from '../event.ts';
import { objectIdString } from './ids.schema.ts';
import { webhookEventNames } from './webhook-events.ts';

/**
 * One webhook message owed to one endpoint: an event of `webhookEvents` for an endpoint subscribed to it. The
 * fan-out writes it, with a deterministic id (`<source event id>_<endpoint id>`), into the outbox of a
 * `webhook_messages` document, and `deliver-webhook` sends it. It carries the source event itself (ids only, as
 * every event), so the delivery needs no other document to build the body, and the id receivers see in
 * `webhook-id` is the same on every attempt and every replay.
 */
export const webhookDeliveryDue = defineEvent({
  name: 'webhooks/delivery.due',
  version: 1,
  data: z.object({
    endpointId: objectIdString,
    companyId: objectIdString,
    source: z.object({
      id: eventIdSchema,
      name: z.enum(webhookEventNames),
      occurredAt: z.iso.datetime({ offset: true }),
      data: z.record(z.string(), z.unknown()),
    }),
  }),
});
