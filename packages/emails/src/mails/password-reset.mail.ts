import { createElement } from 'react';
import { PasswordResetEmail, type PasswordResetEmailProps } from '../templates/password-reset.email.tsx';
import { type ComposedMail, composeMail } from './compose-mail.ts';

/** The mail with a password reset link; the subject names no account, since mail previews show it to anyone. */
export async function passwordResetMail(props: PasswordResetEmailProps): Promise<ComposedMail> {
  return composeMail('Reset your fixstream password', createElement(PasswordResetEmail, props));
}
