import { webhookEventNames } from '@fixstream/events';
import { z } from 'zod';
import {
  idString,
  isoString,
  objectId,
  optionalText,
  pageFields,
  text,
  withChanges,
} from '../shared/schemas.ts';

const eventNames = z
  .array(z.enum(webhookEventNames))
  .min(1, 'subscribe to at least one event')
  .refine((names) => new Set(names).size === names.length, 'must not repeat an event');

/** The URL as typed; whether webhooks may go there is the SSRF guard's decision (`webhook.service.ts`). */
const endpointUrl = text(2048);

export const webhookOutput = z.object({
  id: idString,
  url: z.string(),
  description: z.string(),
  events: z.array(z.string()),
  /** Whether deliveries go to it now. */
  active: z.boolean(),
  /** Whether its admins enabled it; an enabled endpoint is still inactive once failures disabled it. */
  enabled: z.boolean(),
  disabled: z.object({ reason: z.string(), at: isoString, by: z.enum(['admin', 'failures']) }).nullable(),
  consecutiveFailures: z.number(),
  createdAt: isoString,
  updatedAt: isoString,
});
export type WebhookOutput = z.output<typeof webhookOutput>;

/** `create` and `rotateSecret` alone return the secret: it is shown once, and never read back. */
export const webhookWithSecretOutput = webhookOutput.extend({ secret: z.string() });

export const webhookDeliveryOutput = z.object({
  id: z.string(),
  messageId: z.string(),
  eventId: z.string(),
  eventName: z.string(),
  attempt: z.number(),
  outcome: z.string(),
  status: z.number().nullable(),
  durationMs: z.number(),
  error: z.string().nullable(),
  at: isoString,
});
export type WebhookDeliveryOutput = z.output<typeof webhookDeliveryOutput>;

export const listWebhooksInput = z.strictObject({ ...pageFields }).default({ limit: 20 });
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
export const webhookDeliveriesInput = z.strictObject({
  id: objectId,
  /** The `nextCursor` of the previous page. */
  cursor: z.uuid('must be a cursor from the previous page').optional(),
  limit: pageFields.limit,
});
