import { userRoles } from '@fixstream/schemas';
import { type Connection, type InferSchemaType, Schema } from 'mongoose';

export { type UserRole, userRoles } from '@fixstream/schemas';

export const userSchema = new Schema(
  {
    name: { type: String, required: true, trim: true, maxlength: 120 },
    email: { type: String, required: true, trim: true, lowercase: true, maxlength: 254 },
    passwordHash: { type: String, required: true, select: false },
    role: { type: String, required: true, enum: userRoles },
    company: { type: Schema.Types.ObjectId, ref: 'Company', required: true },
    active: { type: Boolean, required: true, default: true },
    /**
     * The value every valid session token of this user carries (its `tv` claim). Changing the password, the role
     * or the active flag writes a new random one, which ends every session signed before; users stored before
     * there were token versions have none, and so have their tokens until the first such change.
     */
    tokenVersion: { type: String, required: false },
    /**
     * Bumped by every write of an existing user, which must first claim the next revision in `user_revisions`
     * (see `revision-claim.model.ts`), so an admin's change and the user's own password change never undo each
     * other. Missing on users stored before users had revisions.
     */
    revision: { type: Number, required: false, default: 0 },
  },
  { timestamps: true },
);
userSchema.index({ email: 1 }, { unique: true });
userSchema.index({ company: 1, role: 1, name: 1 });
// users.list: newest first, by role or active, a page at a time
userSchema.index({ company: 1, _id: -1 });
userSchema.index({ company: 1, role: 1, _id: -1 });
userSchema.index({ company: 1, active: 1, _id: -1 });

export type UserFields = InferSchemaType<typeof userSchema>;

export function userModel(connection: Connection) {
  return connection.model('User', userSchema, 'users');
}
