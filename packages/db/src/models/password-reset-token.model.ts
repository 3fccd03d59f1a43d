import { type Connection, Schema } from 'mongoose';

/**
 * A reset link the worker mailed. Only the SHA-256 of its token is stored, as `_id`, so the collection cannot be
 * used to reset anyone's password; the raw token exists in the worker while it sends the mail, and in the mail.
 * `tokenVersion` is the user's at minting: the link works only while it is still theirs, so any later password
 * change (through another link too), role change or deactivation ends every link sent before it.
 */
export const passwordResetTokenSchema = new Schema(
  {
    /** SHA-256 of the token, hex (`hashResetToken`). */
    _id: { type: String, required: true },
    user: { type: Schema.Types.ObjectId, ref: 'User', required: true },
    /** The user's `tokenVersion` when the link was minted; null for users without one yet. */
    tokenVersion: { type: String, default: null },
    resetRequest: { type: Schema.Types.ObjectId, required: true },
    createdAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
  },
  { versionKey: false },
);
/** Serves the retention sweep of expired links. */
passwordResetTokenSchema.index({ expiresAt: 1 });

export function passwordResetTokenModel(connection: Connection) {
  return connection.model('PasswordResetToken', passwordResetTokenSchema, 'password_reset_tokens');
}
