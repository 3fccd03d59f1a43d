/** @jsxRuntime automatic @jsxImportSource react */
import { Heading } from '@react-email/heading';
import { Text } from '@react-email/text';
import { styles } from './email.styles.ts';
import {
  Badge,
  DetailRow,
  DetailsTable,
  MultilineText,
  ViewRequestButton,
} from './email-blocks.component.tsx';
import type { RequestCreatedEmailProps } from './request-created.email.tsx';
import {
  formatDateTimeUtc,
  PRIORITIES,
  presentText,
  REQUEST_STATUSES,
  REQUEST_TYPES,
  type RequestStatus,
} from './request-display.ts';

export type RequestSummaryProps = Omit<RequestCreatedEmailProps, 'technicianName'> & {
  /** Shown as a stage row; a new request is always "New", so its mail leaves it out. */
  status?: RequestStatus;
};

/**
 * What a technician needs to act on a request (what, where, how urgent, who asked), shared by every mail
 * that hands a request to a technician so those mails cannot drift apart.
 */
export function RequestSummary(props: RequestSummaryProps) {
  const priority = PRIORITIES[props.priority];
  const description = presentText(props.description);

  return (
    <>
      <Text style={styles.badgeRow}>
        <Badge kind="type" display={REQUEST_TYPES[props.type]} />
      </Text>
      <Heading as="h1" style={styles.subject}>
        {props.subject}
      </Heading>

      <DetailsTable>
        <DetailRow label="Equipment">{props.equipmentName}</DetailRow>
        <DetailRow label="Serial number">{props.serialNumber}</DetailRow>
        <DetailRow label="Location">{presentText(props.location) ?? 'Not specified'}</DetailRow>
        <DetailRow label="Priority">
          <span style={{ color: priority.color, fontWeight: props.priority >= 2 ? 700 : 400 }}>
            {priority.label}
          </span>
        </DetailRow>
        {props.status && (
          <DetailRow label="Stage">
            <Badge kind="stage" display={REQUEST_STATUSES[props.status]} />
          </DetailRow>
        )}
        <DetailRow label="Requested by">{props.requesterName}</DetailRow>
        <DetailRow label="Team">{props.teamName}</DetailRow>
        {props.scheduledDate && (
          <DetailRow label="Scheduled for">{formatDateTimeUtc(props.scheduledDate)}</DetailRow>
        )}
        <DetailRow label="Request ID">{props.requestId}</DetailRow>
      </DetailsTable>

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

      <ViewRequestButton requestUrl={props.requestUrl} />
    </>
  );
}
