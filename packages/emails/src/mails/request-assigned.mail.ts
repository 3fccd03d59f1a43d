import { createElement } from 'react';
import {
  RequestAssignedEmail,
  type RequestAssignedEmailProps,
} from '../templates/request-assigned.email.tsx';
import { REQUEST_TYPES } from '../templates/request-display.ts';
import { type ComposedMail, composeMail } from './compose-mail.ts';

/**
 * The mail for a technician who takes over a request. The type tag leads, as in the new-request mail, so one
 * mail-client filter catches both; "Assigned to you" tells it apart from a brand-new request.
 */
export async function requestAssignedMail(props: RequestAssignedEmailProps): Promise<ComposedMail> {
  return composeMail(
    `[${REQUEST_TYPES[props.type].label}] Assigned to you: ${props.subject}`,
    createElement(RequestAssignedEmail, props),
  );
}
