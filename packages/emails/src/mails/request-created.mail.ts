import { createElement } from 'react';
import { headerSafe } from '../header-safe.ts';
import { renderEmail } from '../render.ts';
import { RequestCreatedEmail, type RequestCreatedEmailProps } from '../templates/request-created.email.tsx';
import { REQUEST_TYPES } from '../templates/request-display.ts';

/** A composed mail, ready for `Mailer.send` once the worker adds the recipient and Message-ID. */
export type ComposedMail = { subject: string; html: string; text: string };

/**
 * Builds the whole "request assigned to you" mail in one place so the subject line and the body cannot
 * disagree; the type tag leads the subject so technicians can filter corrective work in their mail client.
 */
export async function requestCreatedMail(props: RequestCreatedEmailProps): Promise<ComposedMail> {
  const subject = headerSafe(
    `[${REQUEST_TYPES[props.type].label}] New maintenance request: ${props.subject}`,
  );
  const { html, text } = await renderEmail(createElement(RequestCreatedEmail, props));
  return { subject, html, text };
}
