import { createHash } from 'node:crypto';
import type { EventEnvelope } from '@fixstream/events';
import { duplicateIndexes, insertOwedRows, isDuplicateKey, outboxRef } from '@fixstream/run-storage';
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
 * Owes a report's event unless it already is: the owed row first, then the `company_reports` document, whose
 * insert on the event's id is the one decision (a second planner gets a duplicate and answers false). The event
 * is due at once: the relay publishes it on its next pass. A crash between the two leaves a row without its
 * document, which the relay drops as an orphan; the next planning owes the report again.
 */
export async function oweCompanyReport(db: Database, report: OwedCompanyReport): Promise<boolean> {
  const { CompanyReport } = db.models;
  if (await CompanyReport.exists({ _id: report.event.id })) return false;
  const ref = companyReportOutboxRef(report.event.id);
  await insertOwedRows(db.storage, [{ ref, event: report.event, dueAt: new Date() }]).catch(duplicateIndexes);
  try {
    await CompanyReport.create({
      _id: report.event.id,
      company: report.companyId,
      frequency: report.frequency,
      from: report.from,
      to: report.to,
      outbox: [report.event],
    });
    return true;
  } catch (error) {
    if (isDuplicateKey(error)) return false;
    throw error;
  }
}
