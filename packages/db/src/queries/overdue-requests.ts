import { indexedDates } from '@fixstream/run-storage';
import { Types } from 'mongoose';
import type { Database } from '../database.ts';
import { type Branch, mergedIdPage } from './merged-id-page.ts';

const hour = 3_600_000;

/** An open request past its deadline. */
export interface OverdueRequest {
  id: string;
  companyId: string;
  deadline: Date;
  lateByMs: number;
}

/** How long an unscheduled request may stay open, per priority (0–3), in hours. */
export type DeadlineHoursByPriority = readonly [number, number, number, number];

/** One page of overdue requests, and where the next one starts (null after the last). */
export interface OverduePage {
  items: OverdueRequest[];
  next: string | null;
}

interface OverdueRow {
  _id: Types.ObjectId;
  company: Types.ObjectId;
  scheduledDate?: Date | null;
  duration?: number | null;
  priority: number;
}

/**
 * A page of one company's open requests (new or in progress) past their deadline, oldest request first, for the
 * escalation job, which reads page after page (`after` = the previous page's `next`), company by company. The
 * deadline is the scheduled date plus the duration (hours) when the request is scheduled, else its creation plus
 * the default for its priority.
 *
 * A page costs what the company's open requests cost, whatever the history: it reads at most `limit + 1` rows of
 * two ranges of `{company, closedAt, scheduledDate, _id}` (open is `closedAt: null`) and merges them
 * (`mergedIdPage`): the open requests scheduled before now, a short range sorted by `_id` in the database, and the
 * open unscheduled ones (`scheduledDate: null`) created before the earliest cutoff of any priority (an ObjectId
 * holds its creation time), read in `_id` order. A row whose deadline is still ahead (a scheduled request within
 * its duration, an unscheduled one of a priority with a longer default) is left out of its page, so a page may list
 * fewer than `limit`: read on while `next` is not null. A page across companies would sort every company's
 * open requests scheduled before now by `_id` for each page (46 ms a page at 10 companies of 100,000), and its
 * index `{status, scheduledDate, _id}` would cost every write of a request.
 */
export async function findOverdueRequests(
  db: Database,
  options: {
    now: Date;
    defaultHours: DeadlineHoursByPriority;
    companyId: string;
    after?: string | null;
    limit: number;
  },
): Promise<OverduePage> {
  const now = options.now.getTime();
  const open: Branch[] = [{ company: new Types.ObjectId(options.companyId), closedAt: null }];
  const earliestCutoff = now - Math.min(...options.defaultHours) * hour;
  const createdBeforeCutoff = { $lt: Types.ObjectId.createFromTime(Math.floor(earliestCutoff / 1000)) };
  const page = {
    order: 1 as const,
    after: options.after ? new Types.ObjectId(options.after) : null,
    limit: options.limit + 1,
    projection: { company: 1, scheduledDate: 1, duration: 1, priority: 1 } as const,
  };
  const { Request } = db.models;
  const scheduledBeforeNow = indexedDates({ until: options.now });
  const rows = (
    await Promise.all([
      mergedIdPage<OverdueRow>(
        Request,
        open.map((branch) => ({ ...branch, scheduledDate: scheduledBeforeNow })),
        { ...page, narrowBy: 'scheduledDate' },
      ),
      mergedIdPage<OverdueRow>(
        Request,
        open.map((branch) => ({ ...branch, scheduledDate: null, _id: createdBeforeCutoff })),
        page,
      ),
    ])
  )
    .flat()
    .sort((a, b) => (a._id.toString() < b._id.toString() ? -1 : 1))
    .slice(0, page.limit);
  const read = rows.slice(0, options.limit);
  return {
    items: read.flatMap((row) => overdue(row, now, options.defaultHours)),
    next: rows.length > options.limit ? (read.at(-1)?._id.toString() ?? null) : null,
  };
}

function overdue(row: OverdueRow, now: number, defaultHours: DeadlineHoursByPriority): OverdueRequest[] {
  const deadline = row.scheduledDate
    ? row.scheduledDate.getTime() + (row.duration ?? 0) * hour
    : row._id.getTimestamp().getTime() + (defaultHours[row.priority] ?? 0) * hour;
  if (deadline >= now) return [];
  return [
    {
      id: row._id.toString(),
      companyId: row.company.toString(),
      deadline: new Date(deadline),
      lateByMs: now - deadline,
    },
  ];
}
