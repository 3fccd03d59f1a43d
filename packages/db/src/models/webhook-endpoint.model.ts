import { webhookEventNames } from '@fixstream/events';
import { type Connection, type InferSchemaType, Schema } from 'mongoose';

/**
 * A company's webhook endpoint: where its admins want request events POSTed. Only the API writes it (on FerretDB
 * every write is a read and a whole-document replace, so a worker writing it could revert an admin's change):
 * what deliveries learn (failures, the automatic disabling) is kept in documents of their own, the deliveries
 * log and `webhook_endpoint_disables`, inserted, never updated. `enabledAt` starts the endpoint's current enabled
 * period: failures before it do not count, and a disable claim names it, so enabling again gives a fresh start.
 */
export const webhookEndpointSchema = new Schema(
  {
    company: { type: Schema.Types.ObjectId, ref: 'Company', required: true },
    url: { type: String, required: true, maxlength: 2048 },
    description: { type: String, default: '', maxlength: 500 },
    events: { type: [{ type: String, enum: webhookEventNames }], required: true },
    /** `whsec_…`, shown once (by `webhooks.create` and `rotateSecret`); never read by lists. */
    secret: { type: String, required: true, select: false },
    enabled: { type: Boolean, required: true, default: true },
    enabledAt: { type: Date, required: true },
    /** Set when an admin disabled the endpoint; the worker's disabling is a `webhook_endpoint_disables` claim. */
    disabledAt: { type: Date, default: null },
    disabledReason: { type: String, default: null, maxlength: 500 },
  },
  { timestamps: true },
);
// webhooks.list: newest first, a page at a time
webhookEndpointSchema.index({ company: 1, _id: -1 });
// the fan-out: the company's enabled endpoints (the event names are checked in memory: FerretDB cannot index
// inside arrays, and a company has a handful of endpoints)
webhookEndpointSchema.index({ company: 1, enabled: 1, _id: -1 });

export type WebhookEndpointFields = InferSchemaType<typeof webhookEndpointSchema>;

export function webhookEndpointModel(connection: Connection) {
  return connection.model('WebhookEndpoint', webhookEndpointSchema, 'webhook_endpoints');
}
