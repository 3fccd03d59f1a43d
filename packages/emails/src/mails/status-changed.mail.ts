import { createElement } from 'react';
import { REQUEST_STATUSES } from '../templates/request-display.ts';
import { StatusChangedEmail, type StatusChangedEmailProps } from '../templates/status-changed.email.tsx';
import { type ComposedMail, composeMail } from './compose-mail.ts';

/**
 * The mail for a requester whose request moved to another stage. The new stage leads the subject
 * (`[Repaired] Breaker trips every morning`) so the outcome is readable in the inbox list without opening it.
 */
export async function statusChangedMail(props: StatusChangedEmailProps): Promise<ComposedMail> {
  return composeMail(
    `[${REQUEST_STATUSES[props.toStatus].label}] ${props.subject}`,
    createElement(StatusChangedEmail, props),
  );
}
