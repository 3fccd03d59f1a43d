import { z } from 'zod';
import { chosenPassword, resetTokenPattern } from './password.schemas.ts';

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
