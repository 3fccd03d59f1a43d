import { createElement } from 'react';
import { describeDuration } from '../templates/durations.ts';
import {
  EscalationEmail,
  type EscalationEmailProps,
  escalationLevelMeaning,
} from '../templates/escalation.email.tsx';
import { type ComposedMail, composeMail } from './compose-mail.ts';

/**
 * The mail to a team's managers about an overdue request: `[Overdue, second reminder] 1 day 4 hours late: <subject>`.
 * The tag is what a filter or a glance at the inbox needs; the request's subject comes last because it is the part
 * a long title gets cut from.
 */
export async function escalationMail(props: EscalationEmailProps): Promise<ComposedMail> {
  return composeMail(
    `[Overdue, ${escalationLevelMeaning(props.level)}] ${describeDuration(props.lateByMs)} late: ${props.subject}`,
    createElement(EscalationEmail, props),
  );
}
