import { setTimeout as sleep } from 'node:timers/promises';
import type { UserRole } from '@fixstream/db';
import type { Types } from 'mongoose';
import type { ApiDeps } from '../deps.ts';
import { AppError, AppErrorCode, notFound } from '../errors/app-error.ts';
import {
  claimHeld,
  claimNextRevision,
  dropClaimsBelow,
  type RevisionClaims,
  rereadDelaysMs,
} from '../shared/revision-claim.ts';

/** A user as a change reads it: what the checks need, and its revision. */
export interface UserForChange {
  _id: Types.ObjectId;
  email: string;
  role: UserRole;
  active: boolean;
  passwordHash: string;
  tokenVersion?: string | null;
  /** Missing on users stored before users had revisions. */
  revision?: number;
}

/**
 * Applies one change to an existing user: reads it (within `companyId` when given), lets `decide` check the change
 * against what it read (throwing the usual errors) and say which fields to set, claims the next revision in
 * `user_revisions` and writes the user at that revision. FerretDB applies an update as a read followed by a write
 * of the whole document, so without the claim an admin's role change and the user's own password change, sent by
 * two API processes at once, could each undo the other's fields while both answered success. When another writer
 * claimed first, the user is read and the change decided again (a password change then finds its session ended by
 * a role change, for one); a user kept busy through every re-read answers CONFLICT. Answers the user as the
 * written change was decided on.
 */
export async function changeUser(
  deps: ApiDeps,
  target: { id: string; companyId?: string },
  decide: (current: UserForChange) => Promise<Record<string, unknown>> | Record<string, unknown>,
): Promise<UserForChange> {
  const claims: RevisionClaims = { collection: deps.db.models.UserRevision.collection, owner: 'user' };
  for (const delayMs of [...rereadDelaysMs, null]) {
    const current = await readForChange(deps, target);
    const set = await decide(current);
    const claim = await claimNextRevision(claims, target.id, current.revision ?? 0);
    if (claim.won && claimHeld(claim)) {
      const written = await deps.db.models.User.updateOne(
        { _id: target.id, revision: current.revision ?? { $exists: false } },
        { $set: { ...set, revision: claim.revision } },
      );
      if (written.matchedCount > 0) {
        await dropClaimsBelow(claims, target.id, current.revision ?? 0, claim.revision).catch(
          (error: unknown) =>
            deps.logger.warn({ err: error, userId: target.id }, 'could not drop old revision claims'),
        );
        return current;
      }
    }
    if (delayMs === null) break;
    await sleep(delayMs);
  }
  throw new AppError(
    AppErrorCode.Conflict,
    'Someone else is changing this user at the same moment; reload and try again',
  );
}

async function readForChange(
  deps: ApiDeps,
  target: { id: string; companyId?: string },
): Promise<UserForChange> {
  const filter = target.companyId ? { _id: target.id, company: target.companyId } : { _id: target.id };
  const user = await deps.db.models.User.findOne(filter)
    .select('+passwordHash email role active tokenVersion revision')
    .lean<UserForChange>();
  if (!user) throw notFound('User');
  return user;
}
