import { chosenPassword, resetTokenPattern, userRoles } from '@fixstream/db';
import { z } from 'zod';
import { idString, isoString } from '../shared/schemas.ts';

const signInEmail = z.string().trim().toLowerCase().max(254).pipe(z.email('must be an email address'));
const givenPassword = z.string().min(1, 'must not be empty').max(200);

export const loginInput = z.strictObject({
  email: signInEmail,
  password: givenPassword,
});

export const changePasswordInput = z
  .strictObject({ currentPassword: givenPassword, newPassword: chosenPassword })
  .refine((input) => input.newPassword !== input.currentPassword, {
    path: ['newPassword'],
    message: 'must differ from the current password',
  });

export const requestPasswordResetInput = z.strictObject({ email: signInEmail });

export const resetPasswordInput = z.strictObject({
  token: z.string().regex(resetTokenPattern, 'is not a reset token: copy the whole link from the mail'),
  password: chosenPassword,
});

/** The answer of procedures whose only result is a sentence for the person. */
export const messageOutput = z.object({ message: z.string() });

export const sessionUserOutput = z.object({
  id: idString,
  name: z.string(),
  email: z.string(),
  role: z.enum(userRoles),
  companyId: idString,
});

export const loginOutput = z.object({
  token: z.string(),
  expiresAt: isoString,
  user: sessionUserOutput,
});
