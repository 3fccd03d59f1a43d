import { indexedDates } from '@fixstream/run-storage';
import { Types } from 'mongoose';
import type { Database } from '../database.ts';
import type { RequestStatus } from '../models/request.model.ts';

const openStages: RequestStatus[] = ['new', 'in_progress'];
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

/**
 * Open requests (new or in progress) past their deadline, across companies, for the escalation job: the deadline
 * is the scheduled date plus the duration (hours) when the request is scheduled, else its creation plus the
 * default for its priority. Reads only open requests that are late or nearly so, never the closed history: the
 * scheduled ones by the index `{status, scheduledDate}`, the unscheduled ones by `{status, priority, _id}` (an
 * ObjectId holds its creation time). With `companyId`, one company's, read by `{company, status, …}`.
 */
export async function findOverdueRequests(
  db: Database,
  options: { now: Date; defaultHours: DeadlineHoursByPriority; companyId?: string },
): Promise<OverdueRequest[]> {
  const { Request } = db.models;
  const company = options.companyId ? { company: new Types.ObjectId(options.companyId) } : {};
  const now = options.now.getTime();
  const fields = { company: 1, scheduledDate: 1, duration: 1, priority: 1 } as const;
  const scheduled = Request.find(
    {
      ...company,
      status: { $in: openStages },
      scheduledDate: indexedDates({ until: options.now }),
    },
    fields,
  ).lean();
  const unscheduled = openStages.flatMap((status) =>
    options.defaultHours.map((hours, priority) =>
      Request.find(
        {
          ...company,
          status,
          priority,
          _id: { $lt: Types.ObjectId.createFromTime(Math.floor((now - hours * hour) / 1000)) },
          scheduledDate: null,
        },
        fields,
      ).lean(),
    ),
  );
  const found = (await Promise.all([scheduled, ...unscheduled])).flat();
  return found.flatMap((doc) => {
    const deadline = doc.scheduledDate
      ? doc.scheduledDate.getTime() + (doc.duration ?? 0) * hour
      : doc._id.getTimestamp().getTime() + (options.defaultHours[doc.priority] ?? 0) * hour;
    return deadline < now
      ? [
          {
            id: doc._id.toString(),
            companyId: doc.company.toString(),
            deadline: new Date(deadline),
            lateByMs: now - deadline,
          },
        ]
      : [];
  });
}
