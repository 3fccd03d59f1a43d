import { describe, expect, it } from 'vitest';
import { PasswordResetEmail } from '../templates/password-reset.email.tsx';
import { passwordResetMail } from './password-reset.mail.ts';

const preview = PasswordResetEmail.PreviewProps;

describe('passwordResetMail', () => {
  it('has a subject that names no account, and both parts with the link', async () => {
    const mail = await passwordResetMail(preview);
    expect(mail.subject).toBe('Reset your fixstream password');
    expect(mail.html).toMatch(/^<!DOCTYPE html/);
    expect(mail.text).toContain(preview.resetUrl);
    expect(mail.html).toContain(preview.resetUrl);
  });
});
