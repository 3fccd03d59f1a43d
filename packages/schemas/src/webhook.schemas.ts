import { z } from 'zod';
import { objectIdString as objectId } from './ids.schemas.ts';
import { optionalText, text, withChanges } from './text.schemas.ts';

/**
 * The events a webhook endpoint may subscribe to, as plain names so browser forms can offer them; the event
 * catalog (`@fixstream/events`) owns the events themselves, and a test there keeps the two lists equal.
 */
export const webhookEventNames = [
  'maintenance/request.created',
  'maintenance/request.status-changed',
  'maintenance/request.assigned',
] as const;
export type WebhookEventName = (typeof webhookEventNames)[number];

const eventNames = z
  .array(z.enum(webhookEventNames))
  .min(1, 'subscribe to at least one event')
  .refine((names) => new Set(names).size === names.length, 'must not repeat an event');

/** The URL as typed; whether webhooks may go there is the API's SSRF guard's decision. */
const endpointUrl = text(2048);

export const createWebhookInput = z.strictObject({
  url: endpointUrl,
  description: optionalText(500),
  events: eventNames,
});

export const updateWebhookInput = withChanges(
  z.strictObject({
    id: objectId,
    url: endpointUrl.optional(),
    description: optionalText(500),
    events: eventNames.optional(),
    /** false stops deliveries; true starts them again with a fresh failure count, also after failures disabled it. */
    enabled: z.boolean().optional(),
  }),
);
