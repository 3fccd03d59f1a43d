import { createElement } from 'react';
import {
  WebhookDisabledEmail,
  type WebhookDisabledEmailProps,
} from '../templates/webhook-disabled.email.tsx';
import { type ComposedMail, composeMail } from './compose-mail.ts';

/** The mail to a company's admins when failing deliveries disabled one of its webhook endpoints. */
export async function webhookDisabledMail(props: WebhookDisabledEmailProps): Promise<ComposedMail> {
  return composeMail(
    `Webhook endpoint disabled: ${props.endpointOrigin}`,
    createElement(WebhookDisabledEmail, props),
  );
}
