/** @jsxRuntime automatic @jsxImportSource react */
import { Button } from '@react-email/button';
import { Heading } from '@react-email/heading';
import { Link } from '@react-email/link';
import { Section } from '@react-email/section';
import { Text } from '@react-email/text';
import { styles } from './email.styles.ts';
import { EmailLayout } from './email-layout.component.tsx';
import { safeHttpUrl } from './request-display.ts';

export type PasswordResetEmailProps = {
  /** The account holder, who gets this mail. */
  name: string;
  /** The account's email, so someone with several accounts knows which one. */
  email: string;
  /** `APP_URL/reset?token=…`; shown only when it is an http(s) URL. */
  resetUrl: string;
  /** How long the link works, from when the mail was sent. */
  expiresInMinutes: number;
};

/** "30 minutes", "1 hour", "2 hours", "90 minutes". */
export function describeMinutes(minutes: number): string {
  if (minutes % 60 === 0) return minutes === 60 ? '1 hour' : `${minutes / 60} hours`;
  return minutes === 1 ? '1 minute' : `${minutes} minutes`;
}

/**
 * The mail with a password reset link. It says how long the link works and that it works once, and tells someone
 * who did not ask for it that nothing changes unless the link is used, since anyone can type an email into the
 * reset form. The address is written out too, for clients that block buttons.
 */
export function PasswordResetEmail(props: PasswordResetEmailProps) {
  const href = safeHttpUrl(props.resetUrl);
  const lifetime = describeMinutes(props.expiresInMinutes);
  return (
    <EmailLayout
      preview={`Reset your fixstream password: the link works once, for ${lifetime}`}
      footer="You are receiving this email because a password reset was requested for your fixstream account."
    >
      <Text style={styles.greeting}>Hi {props.name},</Text>
      <Heading as="h1" style={styles.headline}>
        Reset your password
      </Heading>
      <Text style={styles.intro}>
        Someone asked to reset the password of the fixstream account {props.email}. Use the link below to
        choose a new one. It works once, for {lifetime}, and setting a new password signs the account out
        everywhere.
      </Text>
      {href && (
        <>
          <Section style={styles.buttonRow}>
            <Button href={href} style={styles.button}>
              Choose a new password
            </Button>
          </Section>
          <Text style={styles.changedBy}>
            Or open this address: <Link href={href}>{href}</Link>
          </Text>
        </>
      )}
      <Text style={styles.intro}>
        If you did not ask for this, ignore this mail: your password stays as it is.
      </Text>
    </EmailLayout>
  );
}

PasswordResetEmail.PreviewProps = {
  name: 'Jamie Chen',
  email: 'jamie.chen@acme.example',
  resetUrl: 'https://app.fixstream.example/reset?token=q4Wm0b1c9ZrKXo1T3e0Xc4y8pB7gHn2sV5dLfA6uJkE',
  expiresInMinutes: 30,
} satisfies PasswordResetEmailProps;
