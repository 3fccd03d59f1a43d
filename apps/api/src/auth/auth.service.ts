import type { ApiDeps } from '../deps.ts';
import { AppError, AppErrorCode } from '../errors/app-error.ts';
import type { SessionUser } from '../trpc/init.ts';

/**
 * Checks a password and issues a token. Unknown email, wrong password and deactivated account all get the
 * same answer, so the login form cannot be used to find out who has an account.
 */
export async function login(
  deps: ApiDeps,
  input: { email: string; password: string },
  clientIp: string | null,
): Promise<{ token: string; expiresAt: Date; user: SessionUser }> {
  await deps.loginGuard.consumeAttempt(input.email, clientIp);
  const user = await deps.db.models.User.findOne({ email: input.email })
    .select('+passwordHash name email role company active tokenVersion')
    .lean();
  const valid = user
    ? await deps.passwords.verify(input.password, user.passwordHash)
    : await deps.passwords.verifyNothing(input.password);
  if (!user || !valid || !user.active) {
    throw new AppError(AppErrorCode.Unauthenticated, 'Email or password is incorrect');
  }
  await deps.loginGuard.recordSuccess(input.email);
  const sessionUser: SessionUser = {
    id: user._id.toString(),
    companyId: user.company.toString(),
    role: user.role,
    name: user.name,
    email: user.email,
  };
  const { token, expiresAt } = await deps.tokens.sign({
    userId: sessionUser.id,
    companyId: sessionUser.companyId,
    tokenVersion: user.tokenVersion ?? null,
  });
  return { token, expiresAt, user: sessionUser };
}
