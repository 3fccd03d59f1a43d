import { describe, expect, it } from 'vitest';
import { pngHeader } from '../chart/png.test-util.ts';
import { CHART_WIDTH, stageChartSvg } from '../chart/stage-chart.svg.ts';
import { PeriodicReportEmail } from '../templates/periodic-report.email.tsx';
import { type PeriodicReportData, periodicReportMail } from './periodic-report.mail.ts';

const { chart: _chart, ...data } = PeriodicReportEmail.PreviewProps;
const report: PeriodicReportData = data;

describe('periodicReportMail', () => {
  it('tags the subject with the frequency and names the company and the period', async () => {
    const weekly = await periodicReportMail(report);
    expect(weekly.subject).toBe(
      '[Weekly report] Acme Manufacturing: Mon, 2 Mar 2026 – Sun, 8 Mar 2026 (Europe/Berlin)',
    );
    const daily = await periodicReportMail({
      ...report,
      frequency: 'daily',
      from: '2026-03-04T23:00:00.000Z',
      to: '2026-03-05T23:00:00.000Z',
    });
    expect(daily.subject).toBe('[Daily report] Acme Manufacturing: Thu, 5 Mar 2026 (Europe/Berlin)');
  });

  it('attaches the chart as an inline PNG that the HTML shows by its Content-ID', async () => {
    const mail = await periodicReportMail(report);
    expect(mail.attachments).toHaveLength(1);
    const [chart] = mail.attachments ?? [];
    if (!chart) return;
    expect(chart).toMatchObject({ filename: 'requests-per-team.png', contentType: 'image/png' });
    expect(chart.cid).toMatch(/^stage-chart\.[0-9a-f]{24}@fixstream$/);
    expect(pngHeader(chart.content)).toEqual({
      width: CHART_WIDTH,
      height: stageChartSvg(report.teams).height,
    });
    const img = mail.html.match(/<img src="cid:([^"]+)" alt="([^"]*)" width="(\d+)" height="(\d+)"/);
    expect(img?.slice(1)).toEqual([
      chart.cid,
      expect.stringContaining('Mechanical: 3 new, 5 in progress, 12 repaired, 1 scrapped (21 in all).'),
      String(CHART_WIDTH),
      String(stageChartSvg(report.teams).height),
    ]);
  });

  it('names the chart after its bytes: the same report gets the same Content-ID, another report another', async () => {
    const [first] = (await periodicReportMail(report)).attachments ?? [];
    const [again] = (await periodicReportMail(report)).attachments ?? [];
    const changed = report.teams.map((team, i) =>
      i === 0 ? { ...team, counts: { ...team.counts, new: team.counts.new + 1 } } : team,
    );
    const [other] = (await periodicReportMail({ ...report, teams: changed })).attachments ?? [];
    expect(again?.cid).toBe(first?.cid);
    expect(again?.content.equals(first?.content ?? Buffer.alloc(0))).toBe(true);
    expect(other?.cid).not.toBe(first?.cid);
  });

  it('attaches nothing for a company without teams', async () => {
    const mail = await periodicReportMail({ ...report, teams: [] });
    expect(mail.attachments).toBeUndefined();
    expect(mail.html).not.toContain('cid:');
    expect(mail.text).toContain('The company has no team yet.');
  });

  it('stops drawing when its signal is aborted', async () => {
    const controller = new AbortController();
    controller.abort(new Error('run timed out'));
    await expect(periodicReportMail(report, { signal: controller.signal })).rejects.toThrow('run timed out');
  });

  it('keeps an injected header out of the subject', async () => {
    const mail = await periodicReportMail({ ...report, companyName: 'Acme\r\nBcc: x@y' });
    expect(mail.subject).not.toMatch(/[\r\n]/);
    expect(mail.subject).toMatch(/^\[Weekly report\] Acme Bcc: x@y: Mon, 2 Mar 2026/);
  });
});
