/** @jsxRuntime automatic @jsxImportSource react */
import { Heading } from '@react-email/heading';
import { Text } from '@react-email/text';
import { styles } from './email.styles.ts';
import { EmailLayout } from './email-layout.component.tsx';

export type WebhookDisabledEmailProps = {
  /** The admin who gets this mail. */
  name: string;
  /** The endpoint's origin (`https://hooks.example.com`): its path may carry a token, and a mail is often forwarded. */
  endpointOrigin: string;
  /** What the admins called the endpoint; empty when they gave no description. */
  description: string;
  /** Failed attempts in a row that disabled it. */
  failures: number;
  /** The last attempt's error, as the delivery saw it ("HTTP 503", "Timed out after 15000 ms"). */
  lastError: string;
  /** When it was disabled, as UTC ISO text. */
  disabledAt: string;
};

/**
 * Tells a company's admins that fixstream stopped sending webhooks to one of their endpoints, why (how many
 * attempts failed in a row, the last error), that nothing more is sent until an admin enables it again, and that
 * messages that failed meanwhile can be replayed, so nobody has to guess whether events were lost.
 */
export function WebhookDisabledEmail(props: WebhookDisabledEmailProps) {
  const named = props.description ? `${props.description} (${props.endpointOrigin})` : props.endpointOrigin;
  return (
    <EmailLayout
      preview={`Webhooks to ${props.endpointOrigin} are disabled after ${props.failures} failed attempts`}
      footer="You are receiving this email because you are an admin of a fixstream company with webhook endpoints."
    >
      <Text style={styles.greeting}>Hi {props.name},</Text>
      <Heading as="h1" style={styles.headline}>
        A webhook endpoint was disabled
      </Heading>
      <Text style={styles.intro}>
        {`fixstream stopped sending webhooks to ${named} at ${props.disabledAt}, after ${props.failures} delivery attempts in a row failed. The last one failed with: ${props.lastError}.`}
      </Text>
      <Text style={styles.intro}>
        Nothing more is sent to it until an admin enables it again (webhooks.update with enabled true). The
        deliveries log (webhooks.deliveries) lists every attempt; messages that failed can be replayed once
        the receiver works.
      </Text>
    </EmailLayout>
  );
}

WebhookDisabledEmail.PreviewProps = {
  name: 'Ada Admin',
  endpointOrigin: 'https://hooks.acme.example',
  description: 'Ticketing bridge',
  failures: 20,
  lastError: 'HTTP 503',
  disabledAt: '2026-11-30T09:12:00.000Z',
} satisfies WebhookDisabledEmailProps;
