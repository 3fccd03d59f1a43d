import { createHash, randomBytes } from 'node:crypto';

export { resetTokenPattern } from '@fixstream/schemas';

/**
 * A new reset token and the hash to store for it. 256 random bits need no salt or slow hash: nobody can guess
 * one, so the stored hash only has to keep a reader of the database from using the link.
 */
export function mintResetToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashResetToken(token) };
}

/** The `_id` a token is stored and consumed under (SHA-256, hex). */
export function hashResetToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
