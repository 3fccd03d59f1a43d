import { type Connection, type InferSchemaType, Schema } from 'mongoose';

/**
 * The worker disabled an endpoint: inserted on `_id` `<endpoint id>@<enabledAt in ms>` (see `webhookDisableId`),
 * once per enabled period however many deliveries fail at once. The run whose insert succeeds (`runKey`) mails
 * the company's admins; an admin enabling the endpoint again starts a new period, which this claim does not name.
 */
export const webhookEndpointDisableSchema = new Schema(
  {
    _id: { type: String, required: true },
    company: { type: Schema.Types.ObjectId, ref: 'Company', required: true },
    endpoint: { type: Schema.Types.ObjectId, ref: 'WebhookEndpoint', required: true },
    reason: { type: String, required: true },
    /** The error of the attempt that disabled it. */
    lastError: { type: String, required: true },
    failures: { type: Number, required: true },
    runKey: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { versionKey: false },
);
// webhooks.delete removes an endpoint's claims with it
webhookEndpointDisableSchema.index({ endpoint: 1 });

export type WebhookEndpointDisableFields = InferSchemaType<typeof webhookEndpointDisableSchema>;

/** The claim of an endpoint's current enabled period. */
export function webhookDisableId(endpointId: string, enabledAt: Date): string {
  return `${endpointId}@${enabledAt.getTime()}`;
}

export function webhookEndpointDisableModel(connection: Connection) {
  return connection.model(
    'WebhookEndpointDisable',
    webhookEndpointDisableSchema,
    'webhook_endpoint_disables',
  );
}
