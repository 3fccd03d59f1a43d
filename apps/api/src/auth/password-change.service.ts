import type { ApiDeps } from '../deps.ts';
import { AppError, AppErrorCode } from '../errors/app-error.ts';
import type { SessionUser } from '../trpc/init.ts';
import { changeUser } from '../users/user-change.ts';
import { assertCurrentTokenVersion, newTokenVersion } from './token-version.ts';

/**
 * Changes the caller's password. The current password is required, and checked under the sign-in lockout (a
 * stolen token must not become a way to guess it). The new token version ends every other session; the caller
 * gets a fresh token signed with that very version, so it stays signed in. The change is decided on the user as
 * its revision claim finds it (`changeUser`): if an admin's change landed first, the caller's session has ended
 * and the password stays as it was.
 */
export async function changePassword(
  deps: ApiDeps,
  user: SessionUser,
  session: { tokenVersion: string | null },
  input: { currentPassword: string; newPassword: string },
  clientIp: string | null,
): Promise<{ token: string; expiresAt: Date; user: SessionUser }> {
  await deps.loginGuard.consumeAttempt(user.email, clientIp);
  const passwordHash = await deps.passwords.hash(input.newPassword);
  const tokenVersion = newTokenVersion();
  await changeUser(deps, { id: user.id, companyId: user.companyId }, async (current) => {
    if (!current.active) {
      throw new AppError(AppErrorCode.Unauthenticated, 'This account no longer exists or was deactivated');
    }
    assertCurrentTokenVersion(session, current);
    if (!(await deps.passwords.verify(input.currentPassword, current.passwordHash))) {
      throw new AppError(AppErrorCode.BadInput, 'currentPassword: is not your current password');
    }
    return { passwordHash, tokenVersion };
  });
  await deps.loginGuard.recordSuccess(user.email);
  const { token, expiresAt } = await deps.tokens.sign({
    userId: user.id,
    companyId: user.companyId,
    tokenVersion,
  });
  return { token, expiresAt, user };
}
