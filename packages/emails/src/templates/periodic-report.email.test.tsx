import { describe, expect, it } from 'vitest';
import { renderEmail } from '../render.ts';
import { expectEveryFactInBothParts, htmlTableRows, textTableRow } from './mail-test-kit.ts';
import {
  OVERDUE_ROWS_SHOWN,
  type OverdueRow,
  PeriodicReportEmail,
  type PeriodicReportEmailProps,
} from './periodic-report.email.tsx';

const preview = PeriodicReportEmail.PreviewProps;
const hour = 3_600_000;

function renderWith(overrides: Partial<PeriodicReportEmailProps> = {}) {
  return renderEmail(<PeriodicReportEmail {...preview} {...overrides} />);
}

function overdueRows(count: number): OverdueRow[] {
  return Array.from({ length: count }, (_, i) => ({
    subject: `Overdue request ${i + 1}`,
    teamName: 'Mechanical',
    technicianName: 'Alex Morgan',
    lateByMs: (i + 1) * hour,
  }));
}

const teamRows = [
  ['Team', 'New', 'In progress', 'Repaired', 'Scrapped', 'Total'],
  ['Mechanical', '3', '5', '12', '1', '21'],
  ['Electrical', '2', '1', '7', '0', '10'],
  ['Facilities', '0', '2', '4', '2', '8'],
];

const overdueTable = [
  ['Request', 'Team', 'Technician', 'Late by'],
  ['Breaker trips every morning', 'Electrical', 'Unassigned', '1 day 4 hours'],
  ['Conveyor belt slipping under load', 'Mechanical', 'Alex Morgan', '3 hours 20 minutes'],
];

describe('PeriodicReportEmail', () => {
  it('carries every fact in both the HTML and the text part', async () => {
    expectEveryFactInBothParts(await renderWith(), [
      'Hi Ada Admin,',
      'Weekly report: Acme Manufacturing',
      'Mon, 2 Mar 2026 – Sun, 8 Mar 2026 (Europe/Berlin)',
      'Mean time to repair',
      '1 day 4 hours',
      'Requests per team and stage',
      'Overdue requests',
      ...teamRows.flat(),
      ...overdueTable.flat(),
    ]);
  });

  it('labels the period figures in the text part', async () => {
    const { text } = await renderWith();
    expect(text).toMatch(/^Company +Acme Manufacturing$/m);
    expect(text).toMatch(/^Period +Mon, 2 Mar 2026 – Sun, 8 Mar 2026 \(Europe\/Berlin\)$/m);
    expect(text).toMatch(/^Opened +27$/m);
    expect(text).toMatch(/^Closed +19$/m);
    expect(text).toMatch(/^Mean time to repair +1 day 4 hours$/m);
    expect(text).toMatch(/^Overdue now +2$/m);
  });

  it('shows the counts per team and stage as the same table in both parts', async () => {
    const { html, text } = await renderWith();
    const rows = htmlTableRows(html);
    for (const row of teamRows) {
      expect(rows).toContainEqual(row);
      expect(textTableRow(text, row[0] as string)).toEqual(row);
    }
  });

  it('lists overdue requests, the latest first, as the same table in both parts', async () => {
    const { html, text } = await renderWith();
    const rows = htmlTableRows(html);
    const start = rows.findIndex((row) => row[0] === 'Request');
    expect(rows.slice(start, start + 3)).toEqual(overdueTable);
    for (const row of overdueTable) expect(textTableRow(text, row[0] as string)).toEqual(row);
    expect(text).not.toContain('more overdue');
  });

  it(`shows at most ${OVERDUE_ROWS_SHOWN} overdue requests and counts the rest`, async () => {
    const { html, text } = await renderWith({ overdue: overdueRows(25), overdueCount: 25 });
    expect(htmlTableRows(html).filter((row) => row[0]?.startsWith('Overdue request '))).toHaveLength(20);
    expect(textTableRow(text, 'Overdue request 25')?.at(-1)).toBe('1 day 1 hour');
    expect(textTableRow(text, 'Overdue request 6')).toBeDefined();
    expect(textTableRow(text, 'Overdue request 5')).toBeUndefined();
    expectEveryFactInBothParts({ html, text }, ['and 5 more overdue requests']);
    expect(text).toMatch(/^Overdue now +25$/m);
  });

  it('counts the overdue requests the worker did not pass', async () => {
    const { html, text } = await renderWith({ overdue: overdueRows(20), overdueCount: 41 });
    expectEveryFactInBothParts({ html, text }, ['and 21 more overdue requests']);
    expect(text).toMatch(/^Overdue now +41$/m);
    const one = await renderWith({ overdue: overdueRows(20), overdueCount: 21 });
    expectEveryFactInBothParts(one, ['and 1 more overdue request']);
    // a count lower than the rows passed is a stale count: the rows win
    const stale = await renderWith({ overdue: overdueRows(3), overdueCount: 1 });
    expect(stale.text).toMatch(/^Overdue now +3$/m);
    expect(stale.text).not.toContain('more overdue');
  });

  it('says so when nothing was closed, nothing is overdue, or the company has no team', async () => {
    const mail = await renderWith({
      meanTimeToRepairMs: null,
      closed: 0,
      overdue: [],
      overdueCount: 0,
      teams: [],
    });
    expectEveryFactInBothParts(mail, [
      'No request was closed',
      'No request is overdue.',
      'The company has no team yet.',
    ]);
    expect(mail.text).toMatch(/^Mean time to repair +No request was closed$/m);
    expect(mail.html).not.toContain('<img');
  });

  it('shows the attached chart by its Content-ID, with its size and alt text', async () => {
    const { html } = await renderWith();
    expect(html).toContain(
      '<img src="cid:stage-chart.preview@fixstream" alt="Bar chart of requests per team, by stage." width="552" height="178"',
    );
    const without = await renderWith({ chart: null });
    expect(without.html).not.toContain('<img');
  });

  it('shows a daily report as its one day', async () => {
    const mail = await renderWith({
      frequency: 'daily',
      from: '2026-03-04T23:00:00.000Z',
      to: '2026-03-05T23:00:00.000Z',
    });
    expectEveryFactInBothParts(mail, ['Daily report: Acme Manufacturing', 'Thu, 5 Mar 2026 (Europe/Berlin)']);
  });

  it('escapes user text in HTML and keeps it literal in the text part', async () => {
    const hostile = '<script>alert(1)</script> & "x"';
    const { html, text } = await renderWith({
      companyName: hostile,
      recipientName: '"><img src=x onerror=alert(1)>',
      teams: [{ teamName: '<b>Night</b>', counts: { new: 1, in_progress: 0, repaired: 0, scrap: 0 } }],
      overdue: [
        { subject: '<i>Leak</i>', teamName: '<b>Night</b>', technicianName: '<u>Tom</u>', lateByMs: hour },
      ],
      overdueCount: 1,
    });
    for (const tag of ['<script>', '<img src=x', '<b>', '<i>', '<u>']) expect(html).not.toContain(tag);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;');
    expect(text).toContain(`Weekly report: ${hostile}`);
    expect(textTableRow(text, '<b>Night</b>')).toEqual(['<b>Night</b>', '1', '0', '0', '0', '1']);
    expect(textTableRow(text, '<i>Leak</i>')).toEqual([
      '<i>Leak</i>',
      '<b>Night</b>',
      '<u>Tom</u>',
      '1 hour',
    ]);
  });

  it('matches the HTML and text snapshots for PreviewProps', async () => {
    const { html, text } = await renderWith();
    await expect(html).toMatchFileSnapshot('./__snapshots__/periodic-report.preview.html');
    await expect(text).toMatchFileSnapshot('./__snapshots__/periodic-report.preview.txt');
  });
});
