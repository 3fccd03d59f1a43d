import { createHash } from 'node:crypto';
import { createElement } from 'react';
import { renderStageChart } from '../chart/stage-chart.ts';
import type { InlineAttachment } from '../inline-attachment.ts';
import {
  PeriodicReportEmail,
  type PeriodicReportEmailProps,
  type ReportChart,
  reportTitle,
} from '../templates/periodic-report.email.tsx';
import { formatPeriodInZone } from '../templates/zoned-time.ts';
import { type ComposedMail, composeMail } from './compose-mail.ts';

/** The report's figures; the mail draws the chart from them. */
export type PeriodicReportData = Omit<PeriodicReportEmailProps, 'chart'>;

/**
 * The chart as an inline PNG. Its Content-ID is derived from the image's bytes: RFC 2392 wants it unique across
 * messages (clients cache images by it), and a retried send of the same report gets the same one, like its
 * Message-ID.
 */
async function chartAttachment(
  data: PeriodicReportData,
  signal: AbortSignal | undefined,
): Promise<{ chart: ReportChart; attachment: InlineAttachment }> {
  const image = await renderStageChart(data.teams, signal);
  const digest = createHash('sha256').update(image.png).digest('hex').slice(0, 24);
  const cid = `stage-chart.${digest}@fixstream`;
  return {
    chart: { cid, alt: image.alt, width: image.width, height: image.height },
    attachment: { filename: 'requests-per-team.png', content: image.png, contentType: 'image/png', cid },
  };
}

/**
 * A company's daily or weekly report: `[Weekly report] Acme: Mon, 2 Mar 2026 – Sun, 8 Mar 2026 (Europe/Berlin)`,
 * with the requests-per-stage chart attached inline (none for a company without teams). `signal` cancels the
 * chart's rendering.
 */
export async function periodicReportMail(
  data: PeriodicReportData,
  options: { signal?: AbortSignal } = {},
): Promise<ComposedMail> {
  const drawn = data.teams.length > 0 ? await chartAttachment(data, options.signal) : null;
  const period = formatPeriodInZone(data.from, data.to, data.timeZone);
  return composeMail(
    `[${reportTitle(data.frequency)}] ${data.companyName}: ${period}`,
    createElement(PeriodicReportEmail, { ...data, chart: drawn?.chart ?? null }),
    drawn ? [drawn.attachment] : [],
  );
}
