import { outboxEventSchema } from '@fixstream/run-storage';
import { type Connection, type InferSchemaType, Schema } from 'mongoose';

/**
 * One message owed to one endpoint, inserted by the fan-out on `_id` `<source event id>:<endpoint id>`: the insert
 * decides once, whatever retries or workers repeat the fan-out, and its `outbox` holds the `webhooks/delivery.due`
 * event the relay publishes again should Redis lose it. Nobody writes it after; the retention sweep deletes it.
 */
export const webhookMessageSchema = new Schema(
  {
    _id: { type: String, required: true },
    company: { type: Schema.Types.ObjectId, ref: 'Company', required: true },
    endpoint: { type: Schema.Types.ObjectId, ref: 'WebhookEndpoint', required: true },
    outbox: { type: [outboxEventSchema], default: [] },
  },
  { timestamps: { createdAt: true, updatedAt: false }, versionKey: false },
);
// the retention sweep
webhookMessageSchema.index({ createdAt: 1 });

export type WebhookMessageFields = InferSchemaType<typeof webhookMessageSchema>;

export function webhookMessageModel(connection: Connection) {
  return connection.model('WebhookMessage', webhookMessageSchema, 'webhook_messages');
}
