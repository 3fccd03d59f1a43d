import { type Connection, Schema } from 'mongoose';

/**
 * A reset link that was used, inserted with the token's hash as `_id` before the password is changed: of two
 * attempts to use one link, on any number of API processes, exactly one insert succeeds (FerretDB makes a
 * conditional update no such promise, an insert on a unique `_id` it does).
 */
export const passwordResetUseSchema = new Schema(
  {
    /** The used token's hash, as in `password_reset_tokens`. */
    _id: { type: String, required: true },
    user: { type: Schema.Types.ObjectId, ref: 'User', required: true },
    usedAt: { type: Date, required: true },
    /** The token's own expiry: after it the token is refused anyway, and this record can go. */
    expiresAt: { type: Date, required: true },
  },
  { versionKey: false },
);
/** Serves the retention sweep of expired uses. */
passwordResetUseSchema.index({ expiresAt: 1 });

export function passwordResetUseModel(connection: Connection) {
  return connection.model('PasswordResetUse', passwordResetUseSchema, 'password_reset_uses');
}
