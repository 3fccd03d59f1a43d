/** @jsxRuntime automatic @jsxImportSource react */
import { Heading } from '@react-email/heading';
import { Text } from '@react-email/text';
import { describeDaysFromNow, describeHours } from './durations.ts';
import { styles } from './email.styles.ts';
import { Badge, DetailRow, DetailsTable, ViewRequestButton } from './email-blocks.component.tsx';
import { EmailLayout } from './email-layout.component.tsx';
import { presentText, REQUEST_TYPES } from './request-display.ts';
import { formatDateTimeInZone } from './zoned-time.ts';

/**
 * Everything the mail shows, already resolved by the worker (names, not ids): templates run no queries, so a
 * preview, a snapshot test and production all render the same props.
 */
export type PreventiveReminderEmailProps = {
  /** The technician assigned to the request, who gets this mail. */
  technicianName: string;
  subject: string;
  requestId: string;
  equipmentName: string;
  serialNumber: string;
  location: string | null;
  teamName: string;
  /** ISO 8601; shown in `timeZone`. */
  scheduledDate: string;
  /** Planned hours, as the request stores them; null or 0 when nobody planned it. */
  durationHours: number | null;
  /** The company's IANA zone: a technician plans the day by the clock on the shop floor, not by UTC. */
  timeZone: string;
  /** Whole days from the day the reminder is sent to the scheduled day; the worker counts them in `timeZone`. */
  daysUntilDue: number;
  /** Shown as a button only when it is an http(s) URL. */
  requestUrl: string | null;
};

/** "is due in 3 days", "is due today", "was due yesterday" (a reminder sent late, after an outage). */
export function dueWhen(daysUntilDue: number): string {
  return `${daysUntilDue < 0 ? 'was' : 'is'} due ${describeDaysFromNow(daysUntilDue)}`;
}

/**
 * The reminder a technician gets some days before a preventive request's scheduled date, so parts, permits and a
 * machine stop can be arranged in time. It leads with when (and how long): that is what the technician plans around.
 */
export function PreventiveReminderEmail(props: PreventiveReminderEmailProps) {
  const due = dueWhen(props.daysUntilDue);
  const duration = props.durationHours ? describeHours(props.durationHours) : 'Not planned';

  return (
    <EmailLayout
      preview={`Preventive maintenance ${due}: ${props.subject} (${props.equipmentName})`}
      footer="You are receiving this email because you are the technician assigned to this preventive request in fixstream."
    >
      <Text style={styles.intro}>
        Hi {props.technicianName}, preventive maintenance assigned to you {due}.
      </Text>
      <Text style={styles.badgeRow}>
        <Badge kind="type" display={REQUEST_TYPES.preventive} />
      </Text>
      <Heading as="h1" style={styles.subject}>
        {props.subject}
      </Heading>

      <DetailsTable>
        <DetailRow label="Due">{describeDaysFromNow(props.daysUntilDue)}</DetailRow>
        <DetailRow label="Scheduled for">
          {formatDateTimeInZone(props.scheduledDate, props.timeZone)}
        </DetailRow>
        <DetailRow label="Duration">{duration}</DetailRow>
        <DetailRow label="Equipment">{props.equipmentName}</DetailRow>
        <DetailRow label="Serial number">{props.serialNumber}</DetailRow>
        <DetailRow label="Location">{presentText(props.location) ?? 'Not specified'}</DetailRow>
        <DetailRow label="Team">{props.teamName}</DetailRow>
        <DetailRow label="Request ID">{props.requestId}</DetailRow>
      </DetailsTable>

      <ViewRequestButton requestUrl={props.requestUrl} />
    </EmailLayout>
  );
}

PreventiveReminderEmail.PreviewProps = {
  technicianName: 'Alex Morgan',
  subject: 'Quarterly lubrication of the main spindle',
  requestId: '665f1c2ab3e4d5f6a7b8c9d3',
  equipmentName: 'CNC mill M-4',
  serialNumber: 'M4-2020-0311',
  location: 'Building A, Cell 2',
  teamName: 'Mechanical',
  scheduledDate: '2026-03-05T07:30:00.000Z',
  durationHours: 2.5,
  timeZone: 'Europe/Berlin',
  daysUntilDue: 3,
  requestUrl: 'https://app.fixstream.example/requests/665f1c2ab3e4d5f6a7b8c9d3',
} satisfies PreventiveReminderEmailProps;
