import { createElement } from 'react';
import {
  dueWhen,
  PreventiveReminderEmail,
  type PreventiveReminderEmailProps,
} from '../templates/preventive-reminder.email.tsx';
import { type ComposedMail, composeMail } from './compose-mail.ts';

/**
 * The reminder before a preventive request's scheduled date. The type tag leads, as in the other technician mails,
 * so one mail-client filter catches them all; "Due in 3 days" tells the technician how urgent it is from the list.
 */
export async function preventiveReminderMail(props: PreventiveReminderEmailProps): Promise<ComposedMail> {
  const due = dueWhen(props.daysUntilDue);
  return composeMail(
    `[Preventive] ${due.charAt(0).toUpperCase()}${due.slice(1)}: ${props.subject}`,
    createElement(PreventiveReminderEmail, props),
  );
}
