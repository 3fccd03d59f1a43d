import { createHash } from 'node:crypto';
import type { EventEnvelope } from '@fixstream/events';
import { outboxRef, oweOnce } from '@fixstream/run-storage';
import type { Database } from './database.ts';

/** How owed-event refs name a company's report of one period (`company_reports`). */
export const companyReportAggregateName = 'report';

/** The ref of a report's outbox (`report:<event id>`). */
export function companyReportOutboxRef(reportId: string): string {
  return outboxRef(companyReportAggregateName, reportId);
}

/**
 * The id of a company's report of the period ending at `to`, and of its event: the same in every process that
 * plans it, so the report is owed once.
 */
export function companyReportId(companyId: string, frequency: string, to: Date): string {
  const key = createHash('sha256').update(`${companyId}:${frequency}`).digest('hex').slice(0, 16);
  return `report-${to.getTime()}-${key}`;
}

/** A report to owe: its company and period, and its event (whose id is `companyReportId`). */
export interface OwedCompanyReport {
  companyId: string;
  frequency: string;
  from: Date;
  to: Date;
  event: EventEnvelope;
}

/**
 * Owes a report's event unless it already is (`oweOnce` with its `company_reports` document), due at once: the
 * relay publishes it on its next pass. A report already owed is seen first, so a planner that meets it again writes
 * no row.
 */
export async function oweCompanyReport(db: Database, report: OwedCompanyReport): Promise<boolean> {
  const { CompanyReport } = db.models;
  if (await CompanyReport.exists({ _id: report.event.id })) return false;
  const ref = companyReportOutboxRef(report.event.id);
  return oweOnce(db.storage, { ref, event: report.event, dueAt: new Date() }, () =>
    CompanyReport.create({
      _id: report.event.id,
      company: report.companyId,
      frequency: report.frequency,
      from: report.from,
      to: report.to,
      outbox: [report.event],
    }),
  );
}
