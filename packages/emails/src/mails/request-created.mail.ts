import { createElement } from 'react';
import { RequestCreatedEmail, type RequestCreatedEmailProps } from '../templates/request-created.email.tsx';
import { REQUEST_TYPES } from '../templates/request-display.ts';
import { type ComposedMail, composeMail } from './compose-mail.ts';

/**
 * Builds the whole "request assigned to you" mail in one place so the subject line and the body cannot
 * disagree; the type tag leads the subject so technicians can filter corrective work in their mail client.
 */
export async function requestCreatedMail(props: RequestCreatedEmailProps): Promise<ComposedMail> {
  return composeMail(
    `[${REQUEST_TYPES[props.type].label}] New maintenance request: ${props.subject}`,
    createElement(RequestCreatedEmail, props),
  );
}
