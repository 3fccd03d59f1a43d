import {
  companyOverdue,
  type Database,
  type DeadlineHoursByPriority,
  findEquipmentDueForPreventive,
  findOverdueRequests,
  periodFigures,
} from '@fixstream/db';

const day = 86_400_000;

/**
 * How long an unscheduled request may stay open, by priority 0–3, in hours: four days for the lowest, eight
 * hours for the most urgent (the defaults the job queries' integration test uses).
 */
export const jobDefaultHours: DeadlineHoursByPriority = [96, 48, 24, 8];

/** The period a report covers: the week before now. */
export const reportPeriodDays = 7;

/** What a job query is asked about: the fill's present, and the measured company. */
export interface JobInputs {
  now: Date;
  companyId: string;
}

/** What one call found: how many rows its answer lists, and a word on it for the log. */
export interface JobAnswer {
  rows: number;
  note?: string;
}

/** One query of the background jobs, timed straight against the database (the jobs call no API). */
export interface JobQuery {
  name: string;
  /** The row of the results table. */
  label: string;
  /** A whole job's reads (page after page) rather than one query: reported, but not held to a query's bounds. */
  sweep?: true;
  run(db: Database, inputs: JobInputs): Promise<JobAnswer>;
}

/** The first page of 20 overdue requests, and whether more follow. */
async function overduePage(db: Database, options: { now: Date; companyId: string }): Promise<JobAnswer> {
  const page = await findOverdueRequests(db, { ...options, defaultHours: jobDefaultHours, limit: 20 });
  return { rows: page.items.length, note: page.next ? 'more pages follow' : 'the only page' };
}

/** The week before `now`, `[from, to)`. */
export function reportPeriod(now: Date): { from: Date; to: Date } {
  return { from: new Date(now.getTime() - reportPeriodDays * day), to: now };
}

/**
 * The background jobs' queries, as a job would make them on a tick at `now`: a page of a company's overdue
 * requests for escalation, and the escalation job's whole sweep, company by company; equipment due for preventive
 * work by now; a company's figures for the report of the week. Names are the results' JSON keys.
 */
export const jobQueries: readonly JobQuery[] = [
  {
    name: 'overdueCompany',
    label: '`findOverdueRequests`, a page of 20 of the measured company',
    run: async (db, { now, companyId }) => overduePage(db, { now, companyId }),
  },
  {
    name: 'overdueSweep',
    label: "… the escalation job's whole sweep, company by company, pages of 100",
    sweep: true,
    run: async (db, { now }) => {
      let rows = 0;
      let pages = 0;
      const companies = await db.models.Company.find({}, { _id: 1 }).sort({ _id: 1 }).lean();
      for (const company of companies) {
        let after: string | null = null;
        do {
          const page = await findOverdueRequests(db, {
            now,
            defaultHours: jobDefaultHours,
            companyId: company._id.toString(),
            after,
            limit: 100,
          });
          rows += page.items.length;
          pages++;
          after = page.next;
        } while (after);
      }
      return { rows, note: `${pages} pages of ${companies.length} companies` };
    },
  },
  {
    name: 'reportOverdue',
    label: "`companyOverdue`, the report's count and 20 most late (the measured company)",
    run: async (db, { now, companyId }) => {
      const overdue = await companyOverdue(db, { companyId, now, limit: 20 });
      return { rows: overdue.mostLate.length, note: `${overdue.count} overdue` };
    },
  },
  {
    name: 'preventiveDue',
    label: '`findEquipmentDueForPreventive`, due by now',
    run: async (db, { now }) => ({ rows: (await findEquipmentDueForPreventive(db, { until: now })).length }),
  },
  {
    name: 'periodFigures',
    label: `\`periodFigures\`, the measured company's last ${reportPeriodDays} days`,
    run: async (db, { now, companyId }) => {
      const figures = await periodFigures(db, { companyId, ...reportPeriod(now) });
      const teams = Object.keys(figures.perTeamAndStage).length;
      return {
        rows: figures.closed,
        note: `${figures.opened} opened, ${figures.closed} closed, ${teams} teams`,
      };
    },
  },
];
