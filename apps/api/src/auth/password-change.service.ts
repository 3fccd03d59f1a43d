import type { ApiDeps } from '../deps.ts';
import { AppError, AppErrorCode } from '../errors/app-error.ts';
import type { SessionUser } from '../trpc/init.ts';
import { newTokenVersion } from './token-version.ts';

/**
 * Changes the caller's password. The current password is required, and checked under the sign-in lockout (a
 * stolen token must not become a way to guess it). The new token version ends every other session; the caller
 * gets a fresh token signed with that very version, so it stays signed in.
 */
export async function changePassword(
  deps: ApiDeps,
  user: SessionUser,
  input: { currentPassword: string; newPassword: string },
  clientIp: string | null,
): Promise<{ token: string; expiresAt: Date; user: SessionUser }> {
  const { User } = deps.db.models;
  await deps.loginGuard.consumeAttempt(user.email, clientIp);
  const stored = await User.findOne({ _id: user.id, company: user.companyId }).select('+passwordHash').lean();
  if (!stored || !(await deps.passwords.verify(input.currentPassword, stored.passwordHash))) {
    throw new AppError(AppErrorCode.BadInput, 'currentPassword: is not your current password');
  }
  await deps.loginGuard.recordSuccess(user.email);
  const tokenVersion = newTokenVersion();
  const passwordHash = await deps.passwords.hash(input.newPassword);
  const written = await User.updateOne(
    { _id: user.id, company: user.companyId, active: true },
    { $set: { passwordHash, tokenVersion } },
  );
  if (written.matchedCount === 0) {
    throw new AppError(AppErrorCode.Unauthenticated, 'This account no longer exists or was deactivated');
  }
  const { token, expiresAt } = await deps.tokens.sign({
    userId: user.id,
    companyId: user.companyId,
    tokenVersion,
  });
  return { token, expiresAt, user };
}
