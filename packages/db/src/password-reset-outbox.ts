import { outboxRef } from '@fixstream/run-storage';

/** How owed-event refs name a password reset request (`password_reset_requests`), the other aggregate with an outbox. */
export const passwordResetAggregateName = 'password-reset';

/** The ref of a password reset request's outbox (`password-reset:<id>`). */
export function passwordResetOutboxRef(resetRequestId: string): string {
  return outboxRef(passwordResetAggregateName, resetRequestId);
}
