import { type Connection, Schema } from 'mongoose';

/** Failed sign-ins per email, to lock an account for a while after too many (see the API's login guard). */
export const loginGuardSchema = new Schema(
  {
    _id: { type: String, required: true },
    failures: { type: Number, required: true },
    windowStart: { type: Date, required: true },
    lockedUntil: { type: Date, default: null },
  },
  { versionKey: false },
);

export function loginGuardModel(connection: Connection) {
  return connection.model('LoginGuard', loginGuardSchema, 'login_guards');
}
