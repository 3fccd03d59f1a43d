import { companyReportId, oweCompanyReport } from '@fixstream/db';
import { compileSchedule, defineCronFunction, reportDue } from '@fixstream/events';
import type { FunctionDeps } from '../function-deps.ts';
import { latestReportPeriod } from './report-period.ts';
import type { ReportSettings } from './report-settings.ts';

/**
 * On each tick, owes the report of every company whose latest period (weekly or daily, in the company's time
 * zone) has ended and is not owed yet: one `maintenance/report.due` event per company and period, whose id is
 * computed from both, so ticks that overlap, retries and several workers owe it once. The reports themselves
 * are runs of `send-periodic-report`, spread over the workers. Companies are few (one per tenant): the tick reads
 * them all.
 */
export function planCompanyReports(deps: Pick<FunctionDeps, 'db'>, settings: ReportSettings) {
  // a period's schedule that cannot run stops the worker at start, with the reason
  for (const cron of Object.values(settings.schedules)) compileSchedule({ cron });
  return defineCronFunction({
    id: 'plan-company-reports',
    cron: settings.planCron,
    async handler({ event, logger }) {
      const now = new Date(event.data.scheduledAt);
      const companies = await deps.db.models.Company.find(
        { reportFrequency: { $in: ['weekly', 'daily'] } },
        { timeZone: 1, reportFrequency: 1, createdAt: 1 },
      ).lean();
      let owed = 0;
      for (const company of companies) {
        const frequency = company.reportFrequency === 'daily' ? 'daily' : 'weekly';
        const timeZone = company.timeZone ?? 'UTC';
        const period = latestReportPeriod(settings.schedules[frequency], timeZone, now);
        if (!period || period.to < company.createdAt) continue;
        if (now.getTime() - period.to.getTime() > settings.catchUpMs) continue;
        const companyId = company._id.toString();
        const id = companyReportId(companyId, frequency, period.to);
        const due = reportDue.create(
          {
            companyId,
            frequency,
            from: period.from.toISOString(),
            to: period.to.toISOString(),
            timeZone,
          },
          { id, occurredAt: period.to },
        );
        if (await oweCompanyReport(deps.db, { companyId, frequency, ...period, event: due })) owed++;
      }
      if (owed > 0) logger.info({ owed, companies: companies.length }, 'reports owed');
    },
  });
}
