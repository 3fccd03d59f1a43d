/** @jsxRuntime automatic @jsxImportSource react */
import { Heading } from '@react-email/heading';
import { Hr } from '@react-email/hr';
import { Text } from '@react-email/text';
import { styles } from './email.styles.ts';
import { Badge, DetailRow, DetailsTable, ViewRequestButton } from './email-blocks.component.tsx';
import { EmailLayout } from './email-layout.component.tsx';
import {
  formatDateTimeUtc,
  presentText,
  REQUEST_STATUSES,
  REQUEST_TYPES,
  type RequestStatus,
  type RequestType,
  statusChangeHeadline,
} from './request-display.ts';

/**
 * Everything the mail shows, already resolved by the worker (names, not ids): templates run no queries, so a
 * preview, a snapshot test and production all render the same props.
 */
export type StatusChangedEmailProps = {
  /** The person who asked for the work, and who gets this mail. */
  requesterName: string;
  subject: string;
  requestId: string;
  type: RequestType;
  fromStatus: RequestStatus;
  toStatus: RequestStatus;
  changedByName: string;
  equipmentName: string;
  serialNumber: string;
  /** Null until someone is assigned; the requester then reads "Not assigned yet". */
  technicianName: string | null;
  teamName: string;
  /** ISO 8601; shown in UTC, and only when set. */
  closedAt: string | null;
  /** Shown as a button only when it is an http(s) URL. */
  requestUrl: string | null;
};

/**
 * The mail a requester gets when their request moves to another stage. It leads with what happened in words
 * ("has been repaired", "was reopened") because the requester cares about the outcome, not the workflow;
 * the stage badges and details below let them tell which request and whom to ask.
 */
export function StatusChangedEmail(props: StatusChangedEmailProps) {
  const headline = statusChangeHeadline(props.fromStatus, props.toStatus);

  return (
    <EmailLayout
      preview={`${headline}: ${props.subject} (${props.equipmentName})`}
      footer="You are receiving this email because you requested this maintenance work in fixstream."
    >
      <Text style={styles.greeting}>Hi {props.requesterName},</Text>
      <Heading as="h1" style={styles.headline}>
        {headline}
      </Heading>
      <Text style={styles.badgeRow}>
        <Badge kind="stage-from" display={REQUEST_STATUSES[props.fromStatus]} />
        <span style={styles.stageArrow}> → </span>
        <Badge kind="stage-to" display={REQUEST_STATUSES[props.toStatus]} />
      </Text>
      <Text style={styles.changedBy}>Changed by {props.changedByName}</Text>

      <Hr style={styles.divider} />

      <Text style={styles.badgeRow}>
        <Badge kind="type" display={REQUEST_TYPES[props.type]} />
      </Text>
      <Heading as="h2" style={styles.requestTitle}>
        {props.subject}
      </Heading>

      <DetailsTable>
        <DetailRow label="Equipment">{props.equipmentName}</DetailRow>
        <DetailRow label="Serial number">{props.serialNumber}</DetailRow>
        <DetailRow label="Technician">{presentText(props.technicianName) ?? 'Not assigned yet'}</DetailRow>
        <DetailRow label="Team">{props.teamName}</DetailRow>
        {props.closedAt && <DetailRow label="Closed on">{formatDateTimeUtc(props.closedAt)}</DetailRow>}
        <DetailRow label="Request ID">{props.requestId}</DetailRow>
      </DetailsTable>

      <ViewRequestButton requestUrl={props.requestUrl} />
    </EmailLayout>
  );
}

StatusChangedEmail.PreviewProps = {
  requesterName: 'Jamie Chen',
  subject: 'Breaker trips every morning',
  requestId: '665f1c2ab3e4d5f6a7b8c9d1',
  type: 'corrective',
  fromStatus: 'in_progress',
  toStatus: 'repaired',
  changedByName: 'Alex Morgan',
  equipmentName: 'Main distribution board MDB-1',
  serialNumber: 'MDB1-2021-0007',
  technicianName: 'Alex Morgan',
  teamName: 'Electrical',
  closedAt: '2026-03-03T14:05:00.000Z',
  requestUrl: 'https://app.fixstream.example/requests/665f1c2ab3e4d5f6a7b8c9d1',
} satisfies StatusChangedEmailProps;
