import { countByIndex, indexedDates } from '@fixstream/run-storage';
import { Types } from 'mongoose';
import type { Database } from '../database.ts';

/** An overdue request as a report lists it. */
export interface CompanyOverdueRequest {
  id: string;
  subject: string;
  teamId: string;
  technicianId: string | null;
  scheduledDate: Date;
  lateByMs: number;
}

/** How many of a company's requests are overdue, and the most late of them. */
export interface CompanyOverdue {
  count: number;
  /** The most late first. */
  mostLate: CompanyOverdueRequest[];
}

const overdueIndex = { company: 1, closedAt: 1, scheduledDate: 1, _id: 1 } as const;

/**
 * A company's overdue requests as its board shows them (`requests.list` with `overdue`: open, scheduled date
 * passed), for the report: how many, and the `limit` most late. Both read only the range of the index
 * `{company, closedAt, scheduledDate, _id}` (open is `closedAt: null`): the count from the index entries, the rows in
 * scheduled-date order up to the limit, so neither grows with the company's history, and the rows not with the
 * number of overdue requests either.
 */
export async function companyOverdue(
  db: Database,
  options: { companyId: string; now: Date; limit: number },
): Promise<CompanyOverdue> {
  const { Request } = db.models;
  const native = Request.db.db;
  if (!native) throw new Error('the database connection is not open');
  const filter = {
    company: new Types.ObjectId(options.companyId),
    closedAt: null,
    scheduledDate: indexedDates({ until: options.now }),
  };
  const [count, rows] = await Promise.all([
    countByIndex(native, Request.collection, filter, overdueIndex),
    Request.find(filter, { subject: 1, maintenanceTeam: 1, assignedTechnician: 1, scheduledDate: 1 })
      .sort({ scheduledDate: 1 })
      .hint(overdueIndex)
      .limit(options.limit)
      .lean(),
  ]);
  return {
    count,
    mostLate: rows.flatMap((row) =>
      row.scheduledDate
        ? [
            {
              id: row._id.toString(),
              subject: row.subject,
              teamId: row.maintenanceTeam.toString(),
              technicianId: row.assignedTechnician?.toString() ?? null,
              scheduledDate: row.scheduledDate,
              lateByMs: options.now.getTime() - row.scheduledDate.getTime(),
            },
          ]
        : [],
    ),
  };
}
