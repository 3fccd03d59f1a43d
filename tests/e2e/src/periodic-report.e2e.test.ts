import { companyReportId } from '@fixstream/db';
import { MailSinkClient, type StoredMail } from '@fixstream/dev-services';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type Stack, startStack } from './stack.ts';

let stack: Stack;

// A week of four seconds: the planner ticks every second and owes each period's report once.
beforeAll(async () => {
  stack = await startStack({
    env: { REPORT_PLAN_CRON: '* * * * * *', REPORT_WEEKLY_CRON: '*/4 * * * * *' },
  });
}, 120_000);
afterAll(() => stack?.stop());

/**
 * A report of this suite's company: the sink is shared, and other suites' stacks mail their own company's weekly
 * report when their planner ticks. The Message-ID carries the run key, whose event id names the company.
 */
function isReport(mail: StoredMail): boolean {
  const company = /^report-0-(\w+)$/.exec(companyReportId(stack.seed.company.id, 'weekly', new Date(0)))?.[1];
  return (
    (mail.subject?.startsWith('[Weekly report] Acme Facilities') ?? false) &&
    new RegExp(`^<report-\\d+-${company}\\.`).test(mail.messageId ?? '')
  );
}

/** The figure a report states beside a label, in its text part and in its HTML (tags removed). */
function figure(part: string, label: string): string | undefined {
  const flat = part
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/\s+/g, ' ');
  return new RegExp(`${label}:? ([\\d,]+|No request was closed|[^ ]+ [^ ]+)`).exec(flat)?.[1];
}

describe('the periodic report, end to end through the worker', () => {
  it("mails each manager and admin the company's period, with the chart inline and the same numbers in text", async () => {
    const sink = new MailSinkClient(inject('services').mailSinkUrl);
    const reports = (mails: StoredMail[]) => mails.filter(isReport);
    const [manager] = await sink.waitFor(reports, { to: 'manager@acme.example', timeoutMs: 60_000 });
    const [admin] = await sink.waitFor(reports, { to: 'admin@acme.example', timeoutMs: 30_000 });
    expect(manager?.subject).toMatch(/\(Europe\/Berlin\)$/);
    for (const mail of [manager, admin]) {
      const chart = mail?.attachments.find((a) => a.contentType === 'image/png');
      expect(chart?.contentId, 'the chart is attached inline').toMatch(/^stage-chart\.[0-9a-f]+@fixstream$/);
      expect(chart?.size).toBeGreaterThan(1_000);
      expect(mail?.html, 'the HTML shows the attached chart').toContain('data:image/png;base64,');
      for (const label of ['Opened', 'Closed', 'Overdue now']) {
        expect(figure(mail?.text ?? '', label), `${label} in text`).toBeDefined();
        expect(figure(mail?.text ?? '', label), label).toBe(figure(mail?.html ?? '', label));
      }
      for (const team of ['Electrical', 'Mechanical']) {
        expect(mail?.text).toContain(team);
        expect(mail?.html).toContain(team);
      }
    }
    expect(manager?.messageId).toMatch(/\.send-periodic-report\.[0-9a-f]{24}@fixstream\.test>$/);
    expect(manager?.messageId).not.toBe(admin?.messageId);
    expect(manager?.text).toContain('Hi Marco Manager');
  });

  // The Message-ID carries the run key, whose event id carries the period's end: `report-<ms>-<company>`.
  it('owes each period once, however many ticks see it', async () => {
    const sink = new MailSinkClient(inject('services').mailSinkUrl);
    const reports = (mails: StoredMail[]) => mails.filter(isReport);
    const mails = await sink.waitFor((seen) => (reports(seen).length >= 3 ? reports(seen) : []), {
      to: 'manager@acme.example',
      timeoutMs: 60_000,
    });
    const ends = mails.map((mail) => Number(/<report-(\d+)-/.exec(mail.messageId ?? '')?.[1]));
    expect(
      ends.every((end) => end > 0 && end % 4_000 === 0),
      ends.join(', '),
    ).toBe(true);
    expect(new Set(ends).size, ends.join(', ')).toBe(ends.length);
  });
});
