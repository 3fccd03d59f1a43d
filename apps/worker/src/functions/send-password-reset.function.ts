import { mintResetToken } from '@fixstream/db';
import { passwordResetMail } from '@fixstream/emails';
import { defineFunction, PermanentError, passwordResetRequested } from '@fixstream/events';
import { type FunctionDeps, messageIdFor, sendMail } from './function-deps.ts';

/** What `send-password-reset` needs besides the shared function deps. */
export interface PasswordResetSettings {
  /** How long a mailed link works (PASSWORD_RESET_TTL_MINUTES). */
  passwordResetTtlMinutes: number;
}

/** `APP_URL/reset?token=…`, whether or not APP_URL ends in a slash or has a path. */
export function resetLink(appUrl: string, token: string): string {
  const url = new URL(`${appUrl.replace(/\/+$/, '')}/reset`);
  url.searchParams.set('token', token);
  return url.href;
}

/**
 * Mails a reset link to the account that uses the email someone typed into the reset form, if an active one does;
 * otherwise sends nothing (the API answered the same either way). The token is minted here, when the mail is
 * composed, and only its hash is stored, with the user's token version: this function is the one place the raw
 * token exists outside the mail, it never enters Redis, and the link stops working when the user's password,
 * role or active flag changes. A retry after a failed send mints a new token; the run ledger and the Message-ID
 * (derived from the run key) keep the mail to one.
 */
export function sendPasswordReset(deps: FunctionDeps & PasswordResetSettings) {
  return defineFunction({
    id: 'send-password-reset',
    event: passwordResetRequested,
    async handler(run) {
      const { event, runKey, logger } = run;
      const { PasswordResetRequest, PasswordResetToken, User } = deps.db.models;
      const request = await PasswordResetRequest.findById(event.data.resetRequestId, { email: 1 }).lean();
      if (!request) {
        logger.warn({ eventId: event.id }, 'password reset request no longer exists; no mail');
        return;
      }
      const user = await User.findOne(
        { email: request.email },
        { name: 1, email: 1, active: 1, tokenVersion: 1 },
      ).lean();
      if (!user?.active) {
        logger.info({ eventId: event.id }, 'no active account uses the email of this reset request; no mail');
        return;
      }
      if (!deps.appUrl) {
        throw new PermanentError(
          'APP_URL is not set, and a password reset mail needs a link to the frontend: set it and replay this run',
        );
      }
      const { token, hash } = mintResetToken();
      const createdAt = new Date();
      await PasswordResetToken.create({
        _id: hash,
        user: user._id,
        tokenVersion: user.tokenVersion ?? null,
        resetRequest: request._id,
        createdAt,
        expiresAt: new Date(createdAt.getTime() + deps.passwordResetTtlMinutes * 60_000),
      });
      const mail = await passwordResetMail({
        name: user.name,
        email: user.email,
        resetUrl: resetLink(deps.appUrl, token),
        expiresInMinutes: deps.passwordResetTtlMinutes,
      });
      await sendMail(
        deps,
        { to: user.email, ...mail, messageId: messageIdFor(runKey, deps.messageIdDomain) },
        run,
      );
    },
  });
}
