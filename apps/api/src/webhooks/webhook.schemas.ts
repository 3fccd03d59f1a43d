import { z } from 'zod';
import { idString, isoString, objectId, pageFields } from '../shared/schemas.ts';

// The input rules live in @fixstream/schemas, which the web app's forms load too.
export { createWebhookInput, updateWebhookInput } from '@fixstream/schemas';

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
export const webhookDeliveriesInput = z.strictObject({
  id: objectId,
  /** The `nextCursor` of the previous page. */
  cursor: z.uuid('must be a cursor from the previous page').optional(),
  limit: pageFields.limit,
});
