/** @jsxRuntime automatic @jsxImportSource react */
import {
  Body,
  Button,
  Column,
  Container,
  Head,
  Heading,
  Hr,
  Html,
  Preview,
  Row,
  Section,
  Text,
} from '@react-email/components';
import { Fragment, type ReactNode } from 'react';
import { styles } from './request-created.styles.ts';
import {
  formatScheduledDate,
  PRIORITIES,
  REQUEST_TYPES,
  type RequestPriority,
  type RequestType,
  safeHttpUrl,
} from './request-display.ts';

/**
 * Everything the mail shows, already resolved by the worker: templates run no queries, so a preview,
 * a snapshot test and production all render the same props.
 */
export type RequestCreatedEmailProps = {
  technicianName: string;
  subject: string;
  type: RequestType;
  priority: RequestPriority;
  equipmentName: string;
  serialNumber: string;
  location: string | null;
  requesterName: string;
  teamName: string;
  requestId: string;
  description: string | null;
  /** ISO 8601; shown in UTC. */
  scheduledDate: string | null;
  /** Shown as a button only when it is an http(s) URL. */
  requestUrl: string | null;
};

function DetailRow({ label, children }: { label: string; children: ReactNode }) {
  return (
    <tr>
      <Column style={styles.label}>{label}</Column>
      <Column style={styles.value}>{children}</Column>
    </tr>
  );
}

/** Keeps the author's line breaks in HTML and in the text part without `white-space: pre` (Outlook ignores it). */
function MultilineText({ value }: { value: string }) {
  const lines = value.split(/\r\n|\r|\n/);
  return lines.map((line, index) => (
    <Fragment key={index}>
      {index > 0 && <br />}
      {line}
    </Fragment>
  ));
}

/**
 * The mail a technician gets when a maintenance request is assigned to them: it has to be actionable
 * on its own (what, where, how urgent, who asked) because the technician may read it on a phone in the field.
 */
export function RequestCreatedEmail(props: RequestCreatedEmailProps) {
  const type = REQUEST_TYPES[props.type];
  const priority = PRIORITIES[props.priority];
  const requestUrl = safeHttpUrl(props.requestUrl);
  const description = props.description?.trim() ? props.description.trim() : null;

  return (
    <Html lang="en" dir="ltr">
      <Head>
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light" />
        <meta name="supported-color-schemes" content="light" />
      </Head>
      <Preview>{`${type.label} request: ${props.subject} (${props.equipmentName})`}</Preview>
      <Body style={styles.body}>
        <Container style={styles.container}>
          <Row>
            <Column style={styles.brandBar}>
              <Text style={styles.brand}>fixstream</Text>
            </Column>
          </Row>
          <Row>
            <Column style={styles.content}>
              <Text style={styles.intro}>
                Hi {props.technicianName}, a new maintenance request has been assigned to you.
              </Text>
              <Text style={{ margin: '0' }}>
                <span
                  data-badge="type"
                  style={{ ...styles.badge, backgroundColor: type.background, color: type.color }}
                >
                  {type.label}
                </span>
              </Text>
              <Heading as="h1" style={styles.subject}>
                {props.subject}
              </Heading>

              <table
                role="presentation"
                cellPadding="0"
                cellSpacing="0"
                border={0}
                width="100%"
                style={styles.detailsTable}
                data-text-format="dataTable"
              >
                <tbody>
                  <DetailRow label="Equipment">{props.equipmentName}</DetailRow>
                  <DetailRow label="Serial number">{props.serialNumber}</DetailRow>
                  <DetailRow label="Location">{props.location?.trim() || 'Not specified'}</DetailRow>
                  <DetailRow label="Priority">
                    <span style={{ color: priority.color, fontWeight: props.priority >= 2 ? 700 : 400 }}>
                      {priority.label}
                    </span>
                  </DetailRow>
                  <DetailRow label="Requested by">{props.requesterName}</DetailRow>
                  <DetailRow label="Team">{props.teamName}</DetailRow>
                  {props.scheduledDate && (
                    <DetailRow label="Scheduled for">{formatScheduledDate(props.scheduledDate)}</DetailRow>
                  )}
                  <DetailRow label="Request ID">{props.requestId}</DetailRow>
                </tbody>
              </table>

              {description && (
                <>
                  <Heading as="h2" style={styles.sectionTitle}>
                    Description
                  </Heading>
                  <Text style={styles.description}>
                    <MultilineText value={description} />
                  </Text>
                </>
              )}

              {requestUrl && (
                <Section style={styles.buttonRow}>
                  <Button href={requestUrl} style={styles.button}>
                    View request
                  </Button>
                </Section>
              )}

              <Hr style={styles.hr} />
              <Text style={styles.footer}>
                You are receiving this email because you are the technician assigned to this request in
                fixstream.
              </Text>
            </Column>
          </Row>
        </Container>
      </Body>
    </Html>
  );
}

RequestCreatedEmail.PreviewProps = {
  technicianName: 'Alex Morgan',
  subject: 'Hydraulic press leaking oil',
  type: 'corrective',
  priority: 2,
  equipmentName: 'Hydraulic press HP-200',
  serialNumber: 'HP200-2023-0042',
  location: 'Building B, Line 3',
  requesterName: 'Jamie Chen',
  teamName: 'Mechanical',
  requestId: '665f1c2ab3e4d5f6a7b8c9d0',
  description: 'Oil is pooling under the main cylinder.\nThe press was stopped at 08:40.',
  scheduledDate: '2026-03-02T09:30:00.000Z',
  requestUrl: 'https://app.fixstream.example/requests/665f1c2ab3e4d5f6a7b8c9d0',
} satisfies RequestCreatedEmailProps;
