import { hashResetToken, passwordResetOutboxRef } from '@fixstream/db';
import { passwordResetRequested } from '@fixstream/events';
import { isDuplicateKey, owedBy } from '@fixstream/run-storage';
import { Types } from 'mongoose';
import type { ApiDeps } from '../deps.ts';
import { AppError, AppErrorCode } from '../errors/app-error.ts';
import { changeUser } from '../users/user-change.ts';
import { newTokenVersion } from './token-version.ts';

/** The one answer to a reset request, whether or not an account uses the email. */
export const resetRequestedAnswer =
  'If an account uses this email, a link to reset its password is on its way; it works once, for a limited time';

/**
 * Stores a request for a reset mail with its `account/password-reset.requested` event (one insert, through the
 * outbox, so a request made while Redis is down is mailed once it is back) and answers. The email is not looked
 * up here: every request takes the same path and gets the same answer, so neither the answer nor its timing says
 * whether an account uses the email. The worker's `send-password-reset` looks the account up and mails the link.
 */
export async function requestPasswordReset(
  deps: ApiDeps,
  input: { email: string },
  clientIp: string | null,
): Promise<{ message: string }> {
  await deps.passwordResetGuard.consume(input.email, clientIp);
  const _id = new Types.ObjectId();
  const event = passwordResetRequested.create({ resetRequestId: _id.toString() }, { trace: deps.trace });
  const stored = await deps.outbox.write(owedBy(passwordResetOutboxRef(_id.toString()), [event]), () =>
    deps.db.models.PasswordResetRequest.create({ _id, email: input.email, outbox: [event] }),
  );
  if (!stored) throw new Error('the password reset request was not stored');
  return { message: resetRequestedAnswer };
}

const linkNotValid = () =>
  new AppError(AppErrorCode.BadInput, 'This reset link is not valid; ask for a new one');

/**
 * Sets a new password with a mailed link, which works once: before anything changes, the link's use is recorded
 * by an insert on its hash, and of two attempts to use one link (on any number of API processes) exactly one
 * insert succeeds; FerretDB makes no such promise for a conditional update. The link must not have expired, and
 * must carry the user's current token version: a password, role or active change since it was mailed (another
 * link used, say) ended it. Setting the password writes a new token version, which ends every session and every
 * other link of the user, and lifts a sign-in lockout.
 */
export async function resetPassword(
  deps: ApiDeps,
  input: { token: string; password: string },
): Promise<{ message: string }> {
  const { PasswordResetToken, PasswordResetUse } = deps.db.models;
  const hash = hashResetToken(input.token);
  const link = await PasswordResetToken.findById(hash).lean();
  if (!link) throw linkNotValid();
  if (link.expiresAt.getTime() <= Date.now()) {
    throw new AppError(AppErrorCode.BadInput, 'This reset link has expired; ask for a new one');
  }
  try {
    await PasswordResetUse.create({
      _id: hash,
      user: link.user,
      usedAt: new Date(),
      expiresAt: link.expiresAt,
    });
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    throw new AppError(AppErrorCode.BadInput, 'This reset link was already used; ask for a new one');
  }
  const passwordHash = await deps.passwords.hash(input.password);
  const user = await changeUser(deps, { id: link.user.toString() }, (user) => {
    if (!user.active) throw linkNotValid();
    if ((user.tokenVersion ?? null) !== link.tokenVersion) {
      throw new AppError(
        AppErrorCode.BadInput,
        'This reset link no longer works: the account changed after it was sent (its password, for one); ask for a new one',
      );
    }
    return { passwordHash, tokenVersion: newTokenVersion() };
  }).catch((error: unknown) => {
    throw error instanceof AppError && error.code === AppErrorCode.NotFound ? linkNotValid() : error;
  });
  await deps.loginGuard.recordSuccess(user.email);
  return { message: 'Your password was changed; sign in with the new one' };
}
