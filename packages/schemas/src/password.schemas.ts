import { z } from 'zod';

/** bcrypt reads a password's first 72 bytes and ignores the rest. */
export const maxPasswordBytes = 72;

const utf8 = new TextEncoder();

/**
 * A password someone chooses (a new user, a change, a reset, the first admin): 10 characters or more, and no more
 * than bcrypt reads, so two passwords that differ only past byte 72 are never both taken for the same one.
 * Counted with TextEncoder, so the browser's forms check exactly what the server checks.
 */
export const chosenPassword = z
  .string()
  .min(10, 'must be at least 10 characters')
  .refine((password) => utf8.encode(password).length <= maxPasswordBytes, {
    message: `must be at most ${maxPasswordBytes} bytes (72 plain letters or digits, fewer accented ones)`,
  });

/** What a reset token looks like: 32 random bytes, base64url, as the worker mints them. */
export const resetTokenPattern = /^[A-Za-z0-9_-]{43}$/;
