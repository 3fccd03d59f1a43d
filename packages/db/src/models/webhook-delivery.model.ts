import { type Connection, type InferSchemaType, Schema } from 'mongoose';

/** What became of one attempt: the outcomes of `deliverWebhook`, and `disabled` for a message not sent because its endpoint was. */
export const webhookDeliveryOutcomes = [
  'delivered',
  'retryable',
  'gone',
  'rejected',
  'refused',
  'disabled',
] as const;
export type WebhookDeliveryOutcome = (typeof webhookDeliveryOutcomes)[number];

/**
 * The deliveries log: one document per attempt, inserted by `deliver-webhook` and never changed. `_id` is a
 * UUIDv7 (time-ordered to the millisecond, so newest first is `_id` descending, across worker processes too); the
 * consecutive failures of an endpoint are the failed attempts at the head of its log since its `enabledAt`.
 */
export const webhookDeliverySchema = new Schema(
  {
    _id: { type: String, required: true },
    company: { type: Schema.Types.ObjectId, ref: 'Company', required: true },
    endpoint: { type: Schema.Types.ObjectId, ref: 'WebhookEndpoint', required: true },
    /** The message id (`webhook-id`), the same on every attempt of one message. */
    messageId: { type: String, required: true },
    eventId: { type: String, required: true },
    eventName: { type: String, required: true },
    attempt: { type: Number, required: true },
    outcome: { type: String, required: true, enum: webhookDeliveryOutcomes },
    status: { type: Number, default: null },
    durationMs: { type: Number, required: true },
    error: { type: String, default: null },
    at: { type: Date, required: true },
  },
  { versionKey: false },
);
// webhooks.deliveries (newest first, by cursor) and the failure count (the head of the log)
webhookDeliverySchema.index({ endpoint: 1, _id: -1 });
// the retention sweep
webhookDeliverySchema.index({ at: 1 });

export type WebhookDeliveryFields = InferSchemaType<typeof webhookDeliverySchema>;

export function webhookDeliveryModel(connection: Connection) {
  return connection.model('WebhookDelivery', webhookDeliverySchema, 'webhook_deliveries');
}
