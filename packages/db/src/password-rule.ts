import { z } from 'zod';

/** bcrypt reads a password's first 72 bytes and ignores the rest. */
export const maxPasswordBytes = 72;

/**
 * A password someone chooses (a new user, a change, a reset, the first admin): 10 characters or more, and no more
 * than bcrypt reads, so two passwords that differ only past byte 72 are never both taken for the same one.
 */
export const chosenPassword = z
  .string()
  .min(10, 'must be at least 10 characters')
  .refine((password) => Buffer.byteLength(password, 'utf8') <= maxPasswordBytes, {
    message: `must be at most ${maxPasswordBytes} bytes (72 plain letters or digits, fewer accented ones)`,
  });
