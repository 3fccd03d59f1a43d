/** @jsxRuntime automatic @jsxImportSource react */
import { Heading } from '@react-email/heading';
import { Text } from '@react-email/text';
import { describeDuration } from './durations.ts';
import { styles } from './email.styles.ts';
import { DetailRow, DetailsTable, type GridColumn, GridTable } from './email-blocks.component.tsx';
import { EmailLayout } from './email-layout.component.tsx';
import { presentText, REQUEST_STATUSES } from './request-display.ts';
import { STAGES, type TeamStageCounts, teamTotal } from './stage-counts.ts';
import { formatPeriodInZone } from './zoned-time.ts';

export const REPORT_FREQUENCIES = {
  daily: { label: 'Daily' },
  weekly: { label: 'Weekly' },
} as const;

export type ReportFrequency = keyof typeof REPORT_FREQUENCIES;

/** An open request past its deadline, as the report lists it. */
export type OverdueRow = {
  subject: string;
  teamName: string;
  /** Null when nobody is assigned. */
  technicianName: string | null;
  lateByMs: number;
};

/** The chart attached to the mail, as its `<img>` shows it; null leaves the chart out. */
export type ReportChart = { cid: string; alt: string; width: number; height: number };

/** The report lists this many overdue requests, the latest first, and counts the rest. */
export const OVERDUE_ROWS_SHOWN = 20;

/**
 * Everything the mail shows, already resolved by the worker (names, not ids): templates run no queries, so a
 * preview, a snapshot test and production all render the same props.
 */
export type PeriodicReportEmailProps = {
  /** The manager or admin who gets this mail. */
  recipientName: string;
  companyName: string;
  frequency: ReportFrequency;
  /** The period `[from, to)`, ISO 8601; shown in `timeZone`. */
  from: string;
  to: string;
  /** The company's IANA zone, in which its days and weeks begin. */
  timeZone: string;
  /** Requests created in the period. */
  opened: number;
  /** Requests closed (repaired or scrapped) in the period. */
  closed: number;
  /** Mean time from creation to close of the requests closed in the period; null when none closed. */
  meanTimeToRepairMs: number | null;
  /** Requests per stage for each team, now; listed in this order. */
  teams: TeamStageCounts[];
  /**
   * Overdue requests; the worker may pass only the latest {@link OVERDUE_ROWS_SHOWN} of them, as long as
   * `overdueCount` counts them all.
   */
  overdue: OverdueRow[];
  overdueCount: number;
  chart: ReportChart | null;
};

const numbers = new Intl.NumberFormat('en-GB');

const TEAM_COLUMNS: GridColumn[] = [
  { label: 'Team' },
  ...STAGES.map((stage) => ({ label: REQUEST_STATUSES[stage].label, numeric: true })),
  { label: 'Total', numeric: true },
];

const OVERDUE_COLUMNS: GridColumn[] = [
  { label: 'Request' },
  { label: 'Team' },
  { label: 'Technician' },
  { label: 'Late by', numeric: true },
];

/** "Weekly report", "Daily report": the subject's tag and the mail's headline. */
export function reportTitle(frequency: ReportFrequency): string {
  return `${REPORT_FREQUENCIES[frequency].label} report`;
}

/** The overdue rows the report shows (the latest first) and how many it only counts. */
export function overdueToShow(overdue: readonly OverdueRow[], overdueCount: number) {
  const rows = [...overdue].sort((a, b) => b.lateByMs - a.lateByMs).slice(0, OVERDUE_ROWS_SHOWN);
  return { rows, more: Math.max(overdueCount, overdue.length) - rows.length };
}

/**
 * The periodic report a company's managers and admins get: the period's flow (opened, closed, how long repairs
 * took), where the work stands per team (a chart and the same numbers as a table, since many clients block
 * images), and what is late, so a manager sees in one mail where to look this week.
 */
export function PeriodicReportEmail(props: PeriodicReportEmailProps) {
  const title = reportTitle(props.frequency);
  const period = formatPeriodInZone(props.from, props.to, props.timeZone);
  const overdue = overdueToShow(props.overdue, props.overdueCount);
  const overdueTotal = overdue.rows.length + overdue.more;
  const repair =
    props.meanTimeToRepairMs === null ? 'No request was closed' : describeDuration(props.meanTimeToRepairMs);

  return (
    <EmailLayout
      preview={`${props.companyName}, ${period}: ${props.opened} opened, ${props.closed} closed, ${overdueTotal} overdue`}
      footer={`You are receiving this email because you are a manager or admin of ${props.companyName} in fixstream.`}
    >
      <Text style={styles.greeting}>Hi {props.recipientName},</Text>
      <Heading as="h1" style={styles.headline}>
        {title}: {props.companyName}
      </Heading>

      <DetailsTable>
        <DetailRow label="Company">{props.companyName}</DetailRow>
        <DetailRow label="Period">{period}</DetailRow>
        <DetailRow label="Opened">{numbers.format(props.opened)}</DetailRow>
        <DetailRow label="Closed">{numbers.format(props.closed)}</DetailRow>
        <DetailRow label="Mean time to repair">{repair}</DetailRow>
        <DetailRow label="Overdue now">{numbers.format(overdueTotal)}</DetailRow>
      </DetailsTable>

      <Heading as="h2" style={styles.sectionTitle}>
        Requests per team and stage
      </Heading>
      {props.chart && props.teams.length > 0 && (
        <img
          src={`cid:${props.chart.cid}`}
          alt={props.chart.alt}
          width={props.chart.width}
          height={props.chart.height}
          style={styles.chart}
        />
      )}
      {props.teams.length > 0 ? (
        <GridTable
          columns={TEAM_COLUMNS}
          rows={props.teams.map((team) => [
            team.teamName,
            ...STAGES.map((stage) => numbers.format(team.counts[stage])),
            numbers.format(teamTotal(team)),
          ])}
        />
      ) : (
        <Text style={styles.note}>The company has no team yet.</Text>
      )}

      <Heading as="h2" style={styles.sectionTitle}>
        Overdue requests
      </Heading>
      {overdue.rows.length > 0 ? (
        <GridTable
          columns={OVERDUE_COLUMNS}
          rows={overdue.rows.map((row) => [
            row.subject,
            row.teamName,
            presentText(row.technicianName) ?? 'Unassigned',
            describeDuration(row.lateByMs),
          ])}
        />
      ) : (
        <Text style={styles.note}>No request is overdue.</Text>
      )}
      {overdue.more > 0 && (
        <Text style={styles.note}>
          and {numbers.format(overdue.more)} more overdue {overdue.more === 1 ? 'request' : 'requests'}
        </Text>
      )}
    </EmailLayout>
  );
}

PeriodicReportEmail.PreviewProps = {
  recipientName: 'Ada Admin',
  companyName: 'Acme Manufacturing',
  frequency: 'weekly',
  from: '2026-03-01T23:00:00.000Z',
  to: '2026-03-08T23:00:00.000Z',
  timeZone: 'Europe/Berlin',
  opened: 27,
  closed: 19,
  meanTimeToRepairMs: (24 + 4) * 3_600_000 + 35 * 60_000,
  teams: [
    { teamName: 'Mechanical', counts: { new: 3, in_progress: 5, repaired: 12, scrap: 1 } },
    { teamName: 'Electrical', counts: { new: 2, in_progress: 1, repaired: 7, scrap: 0 } },
    { teamName: 'Facilities', counts: { new: 0, in_progress: 2, repaired: 4, scrap: 2 } },
  ],
  overdue: [
    {
      subject: 'Conveyor belt slipping under load',
      teamName: 'Mechanical',
      technicianName: 'Alex Morgan',
      lateByMs: 3 * 3_600_000 + 20 * 60_000,
    },
    {
      subject: 'Breaker trips every morning',
      teamName: 'Electrical',
      technicianName: null,
      lateByMs: (24 + 4) * 3_600_000,
    },
  ],
  overdueCount: 2,
  chart: {
    cid: 'stage-chart.preview@fixstream',
    alt: 'Bar chart of requests per team, by stage.',
    width: 552,
    height: 178,
  },
} satisfies PeriodicReportEmailProps;
