/** @jsxRuntime automatic @jsxImportSource react */
import { Heading } from '@react-email/heading';
import { Hr } from '@react-email/hr';
import { Text } from '@react-email/text';
import { describeDuration } from './durations.ts';
import { styles } from './email.styles.ts';
import { Badge, DetailRow, DetailsTable, ViewRequestButton } from './email-blocks.component.tsx';
import { EmailLayout } from './email-layout.component.tsx';
import {
  PRIORITIES,
  presentText,
  REQUEST_TYPES,
  type RequestPriority,
  type RequestType,
} from './request-display.ts';
import { formatDateTimeInZone } from './zoned-time.ts';

/**
 * Everything the mail shows, already resolved by the worker (names, not ids): templates run no queries, so a
 * preview, a snapshot test and production all render the same props.
 */
export type EscalationEmailProps = {
  /** The team manager who gets this mail. */
  managerName: string;
  subject: string;
  requestId: string;
  type: RequestType;
  priority: RequestPriority;
  equipmentName: string;
  serialNumber: string;
  teamName: string;
  /** Null when nobody is assigned: the manager then reads "Unassigned", often the very reason it is late. */
  technicianName: string | null;
  /** ISO 8601; shown in `timeZone`. */
  deadline: string;
  /** How far past the deadline the request was when the escalation ran. */
  lateByMs: number;
  /** 1 for the first escalation of this request, 2 for the next, and so on. */
  level: number;
  /** The company's IANA zone. */
  timeZone: string;
  /** Shown as a button only when it is an http(s) URL. */
  requestUrl: string | null;
};

const ORDINAL_WORDS = [
  'first',
  'second',
  'third',
  'fourth',
  'fifth',
  'sixth',
  'seventh',
  'eighth',
  'ninth',
  'tenth',
];
const ordinalRules = new Intl.PluralRules('en-GB', { type: 'ordinal' });
const ORDINAL_SUFFIXES: Record<Intl.LDMLPluralRule, string> = {
  zero: 'th',
  one: 'st',
  two: 'nd',
  few: 'rd',
  many: 'th',
  other: 'th',
};

/**
 * What an escalation level means to the manager reading it: level 1 is the "first reminder", level 2 the "second
 * reminder", … The count matters more than the number: a third reminder says the first two changed nothing.
 */
export function escalationLevelMeaning(level: number): string {
  if (!Number.isInteger(level) || level < 1) {
    throw new RangeError(`an escalation level is an integer from 1, got ${level}`);
  }
  const ordinal = ORDINAL_WORDS[level - 1] ?? `${level}${ORDINAL_SUFFIXES[ordinalRules.select(level)]}`;
  return `${ordinal} reminder`;
}

/**
 * The mail a team's managers get when one of the team's open requests is past its deadline, and again at each
 * further level. It leads with how late and which reminder this is (what decides whether to step in), then the
 * request and who holds it, so the manager can act without opening the app.
 */
export function EscalationEmail(props: EscalationEmailProps) {
  const late = describeDuration(props.lateByMs);
  const meaning = escalationLevelMeaning(props.level);
  const priority = PRIORITIES[props.priority];

  return (
    <EmailLayout
      preview={`${late} late, ${meaning}: ${props.subject} (${props.teamName})`}
      footer={`You are receiving this email because you manage the ${props.teamName} team in fixstream.`}
    >
      <Text style={styles.greeting}>Hi {props.managerName},</Text>
      <Heading as="h1" style={styles.headline}>
        One of your team's requests is {late} late
      </Heading>
      <Text style={styles.changedBy}>
        Escalation level {props.level}: {meaning}
      </Text>

      <Hr style={styles.divider} />

      <Text style={styles.badgeRow}>
        <Badge kind="type" display={REQUEST_TYPES[props.type]} />
      </Text>
      <Heading as="h2" style={styles.requestTitle}>
        {props.subject}
      </Heading>

      <DetailsTable>
        <DetailRow label="Deadline">{formatDateTimeInZone(props.deadline, props.timeZone)}</DetailRow>
        <DetailRow label="Late by">{late}</DetailRow>
        <DetailRow label="Escalation">
          Level {props.level} ({meaning})
        </DetailRow>
        <DetailRow label="Priority">
          <span style={{ color: priority.color, fontWeight: props.priority >= 2 ? 700 : 400 }}>
            {priority.label}
          </span>
        </DetailRow>
        <DetailRow label="Technician">{presentText(props.technicianName) ?? 'Unassigned'}</DetailRow>
        <DetailRow label="Team">{props.teamName}</DetailRow>
        <DetailRow label="Equipment">{props.equipmentName}</DetailRow>
        <DetailRow label="Serial number">{props.serialNumber}</DetailRow>
        <DetailRow label="Request ID">{props.requestId}</DetailRow>
      </DetailsTable>

      <ViewRequestButton requestUrl={props.requestUrl} />
    </EmailLayout>
  );
}

EscalationEmail.PreviewProps = {
  managerName: 'Ada Admin',
  subject: 'Breaker trips every morning',
  requestId: '665f1c2ab3e4d5f6a7b8c9d4',
  type: 'corrective',
  priority: 2,
  equipmentName: 'Main distribution board MDB-1',
  serialNumber: 'MDB1-2021-0007',
  teamName: 'Electrical',
  technicianName: 'Tomas Novak',
  deadline: '2026-03-02T08:00:00.000Z',
  lateByMs: (24 + 4) * 3_600_000 + 17 * 60_000,
  level: 2,
  timeZone: 'Europe/Berlin',
  requestUrl: 'https://app.fixstream.example/requests/665f1c2ab3e4d5f6a7b8c9d4',
} satisfies EscalationEmailProps;
