/** @jsxRuntime automatic @jsxImportSource react */
import { Body } from '@react-email/body';
import { Column } from '@react-email/column';
import { Container } from '@react-email/container';
import { Head } from '@react-email/head';
import { Hr } from '@react-email/hr';
import { Html } from '@react-email/html';
import { Preview } from '@react-email/preview';
import { Row } from '@react-email/row';
import { Text } from '@react-email/text';
import type { ReactNode } from 'react';
import { styles } from './email.styles.ts';

export type EmailLayoutProps = {
  /** The inbox preview line; says what happened, since most people decide from the list whether to open. */
  preview: string;
  /** Why this person gets the mail: the first thing someone asks before reporting it as spam. */
  footer: string;
  children: ReactNode;
};

/**
 * The frame every fixstream mail shares (brand bar, light-only colour scheme, footer), so the mails look
 * like one product and a fix to client quirks lands in all of them at once.
 */
export function EmailLayout({ preview, footer, children }: EmailLayoutProps) {
  return (
    <Html lang="en" dir="ltr">
      <Head>
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light" />
        <meta name="supported-color-schemes" content="light" />
      </Head>
      <Preview>{preview}</Preview>
      <Body style={styles.body}>
        <Container style={styles.container}>
          <Row>
            <Column style={styles.brandBar}>
              <Text style={styles.brand}>fixstream</Text>
            </Column>
          </Row>
          <Row>
            <Column style={styles.content}>
              {children}
              <Hr style={styles.hr} />
              <Text style={styles.footer}>{footer}</Text>
            </Column>
          </Row>
        </Container>
      </Body>
    </Html>
  );
}
