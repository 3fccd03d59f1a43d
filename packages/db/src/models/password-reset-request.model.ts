import { outboxEventSchema } from '@fixstream/run-storage';
import { type Connection, type InferSchemaType, Schema } from 'mongoose';

/**
 * A password reset mail someone asked for, stored by `auth.requestPasswordReset` for any email, known or not: the
 * API never looks the email up, so neither its answer nor its timing says who has an account. The worker's
 * `send-password-reset` function decides whether a mail goes out. The event travels in `outbox`, inserted with the
 * document, so a reset asked for while Redis is down is mailed once it is back; nobody writes the document after.
 */
export const passwordResetRequestSchema = new Schema(
  {
    email: { type: String, required: true, trim: true, lowercase: true, maxlength: 254 },
    outbox: { type: [outboxEventSchema], default: [] },
  },
  { timestamps: { createdAt: true, updatedAt: false } },
);
/** Serves the retention sweep of old requests. */
passwordResetRequestSchema.index({ createdAt: 1 });

export type PasswordResetRequestFields = InferSchemaType<typeof passwordResetRequestSchema>;

export function passwordResetRequestModel(connection: Connection) {
  return connection.model('PasswordResetRequest', passwordResetRequestSchema, 'password_reset_requests');
}
