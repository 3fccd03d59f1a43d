import { isDuplicateKey } from '@fixstream/run-storage';
import { newTokenVersion } from '../auth/token-version.ts';
import type { ApiDeps } from '../deps.ts';
import { AppError, AppErrorCode, notFound } from '../errors/app-error.ts';
import { type Page, paginate } from '../shared/paginate.ts';
import type { SessionUser } from '../trpc/init.ts';
import type { UserOutput } from './user.schemas.ts';
import { changeUser } from './user-change.ts';

interface UserDocument {
  _id: { toString(): string };
  name: string;
  email: string;
  role: UserOutput['role'];
  active: boolean;
  company: { toString(): string };
  createdAt: Date;
}

/** A user as the API shows it; the password hash is never selected, so it cannot leak. */
function toUserOutput(doc: UserDocument): UserOutput {
  return {
    id: doc._id.toString(),
    name: doc.name,
    email: doc.email,
    role: doc.role,
    active: doc.active,
    companyId: doc.company.toString(),
    createdAt: doc.createdAt.toISOString(),
  };
}

const publicFields = { name: 1, email: 1, role: 1, active: 1, company: 1, createdAt: 1 } as const;

export function listUsers(
  deps: ApiDeps,
  user: SessionUser,
  input: {
    role?: UserOutput['role'] | undefined;
    active?: boolean | undefined;
    cursor?: string | undefined;
    limit: number;
  },
): Promise<Page<UserOutput>> {
  const filter: Record<string, unknown> = { company: user.companyId };
  if (input.role) filter.role = input.role;
  if (input.active !== undefined) filter.active = input.active;
  return paginate<UserDocument, UserOutput>(
    deps.db.models.User,
    filter,
    { ...input, projection: publicFields },
    toUserOutput,
  );
}

export async function getUser(deps: ApiDeps, user: SessionUser, id: string): Promise<UserOutput> {
  const doc = await deps.db.models.User.findOne({ _id: id, company: user.companyId }, publicFields).lean();
  if (!doc) throw notFound('User');
  return toUserOutput(doc);
}

/**
 * Creates a user of the caller's company (an invitation with a first password the person changes later).
 *
 * People sign in with their email address alone, so an address belongs to one user in the whole deployment, and
 * it may be taken by a user of another company, whom the caller may not see. A taken address therefore gets one
 * answer wherever it is taken, naming no user and no company: nothing is read first, the insert on the unique index
 * decides (also between two creates racing for one address), and the password is hashed before it, so a refusal
 * takes as long as a success.
 */
export async function createUser(
  deps: ApiDeps,
  user: SessionUser,
  input: { name: string; email: string; password: string; role: UserOutput['role'] },
): Promise<UserOutput> {
  const passwordHash = await deps.passwords.hash(input.password);
  const created = await deps.db.models.User.create({
    name: input.name,
    email: input.email,
    role: input.role,
    company: user.companyId,
    passwordHash,
  }).catch((error: unknown) => {
    if (!isDuplicateKey(error)) throw error;
    throw new AppError(
      AppErrorCode.Conflict,
      `The email address ${input.email} cannot be used for a new user; choose another one`,
    );
  });
  return getUser(deps, user, created.id);
}

/**
 * Renames, changes the role of, or (de)activates a user. Deactivated users cannot sign in and their tokens stop
 * working at once. A change of role or active flag also writes a new token version (`token-version.ts`), which
 * ends the user's sessions and mailed reset links for good: reactivating someone does not bring their old tokens
 * back. Admins cannot deactivate or demote themselves, so a company never locks out its last admin by accident.
 */
export async function updateUser(
  deps: ApiDeps,
  user: SessionUser,
  input: {
    id: string;
    name?: string | undefined;
    role?: UserOutput['role'] | undefined;
    active?: boolean | undefined;
  },
): Promise<UserOutput> {
  if (input.id === user.id && input.active === false) {
    throw new AppError(AppErrorCode.BadInput, 'You cannot deactivate your own account');
  }
  if (input.id === user.id && input.role !== undefined && input.role !== user.role) {
    throw new AppError(AppErrorCode.BadInput, 'You cannot change your own role');
  }
  await changeUser(deps, { id: input.id, companyId: user.companyId }, (current) => {
    const changes: Record<string, unknown> = {};
    if (input.name !== undefined) changes.name = input.name;
    if (input.role !== undefined) changes.role = input.role;
    if (input.active !== undefined) changes.active = input.active;
    const roleChanged = input.role !== undefined && input.role !== current.role;
    const activeChanged = input.active !== undefined && input.active !== current.active;
    if (roleChanged || activeChanged) changes.tokenVersion = newTokenVersion();
    return changes;
  });
  return getUser(deps, user, input.id);
}
