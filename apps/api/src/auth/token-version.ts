import { randomBytes } from 'node:crypto';
import { AppError, AppErrorCode } from '../errors/app-error.ts';
import type { TokenClaims } from './token.ts';

/**
 * A new token version for a user, ending every session signed before it. Random rather than a counter, and set
 * whole rather than incremented, which is what makes concurrent changes safe on FerretDB, where an update is a
 * read followed by a write and two processes changing one user can lose one of the writes:
 * - every change writes a value no token was ever signed with, so whichever write lands last, the version stored
 *   afterwards is one no session from before either change carries: both changes end them;
 * - a caller that signs a fresh token after its change (`auth.changePassword`) signs it with the value it wrote,
 *   never a value read back, so if another change lands after it, that change ends the fresh token too.
 * A counter would also do for the first point (both writers write at least n + 1), but its value read back could
 * be another writer's.
 */
export function newTokenVersion(): string {
  return randomBytes(12).toString('base64url');
}

/**
 * Refuses a token that is no longer its user's: their password, role or active flag changed since it was signed.
 * Users and tokens from before token versions have none, and match each other until the first such change.
 */
export function assertCurrentTokenVersion(
  claims: Pick<TokenClaims, 'tokenVersion'>,
  user: { tokenVersion?: string | null },
): void {
  if (claims.tokenVersion !== (user.tokenVersion ?? null)) {
    throw new AppError(
      AppErrorCode.Unauthenticated,
      'This session has ended (the password, role or account changed); sign in again',
    );
  }
}
