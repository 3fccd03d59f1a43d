import { INDEXED_DATES_FROM } from '@fixstream/run-storage';
import { Types } from 'mongoose';
import type { Database } from '../database.ts';
import { type RequestStatus, requestStatuses } from '../models/request.model.ts';
import type { TeamStageCounts } from './request-counts.ts';

/** What a company's periodic report counts, over one period. */
export interface PeriodFigures {
  opened: number;
  closed: number;
  /** Mean time from creation to close of the requests closed in the period, or null when none closed. */
  meanTimeToRepairMs: number | null;
  /** Requests per team and stage now, for each of the company's teams. */
  perTeamAndStage: TeamStageCounts;
}

/** The index that serves a period's closes: the company's requests by close date. */
const closesIndex = { company: 1, closedAt: 1, scheduledDate: 1, _id: 1 } as const;

/** The index that serves the counts per team and stage: it holds both fields behind the company. */
const teamStageIndex = { company: 1, maintenanceTeam: 1, status: 1, _id: -1 } as const;

/**
 * A company's figures for `[from, to)`, for the report job, in four commands whatever the company's history:
 * - requests opened: a count over the ObjectId range of the index `{company, _id}` (an ObjectId holds its
 *   creation time);
 * - requests closed and their summed repair times (from the creation time its ObjectId holds to `closedAt`): one
 *   aggregation over the period's range of `{company, closedAt, …, _id}`, which adds them up in the database
 *   instead of handing each close over (FerretDB as built here reads both from that index: group-pushdown.patch);
 * - requests per team and stage: one aggregation grouped by team and stage over `{company, maintenanceTeam,
 *   status}`, which FerretDB as built here counts from that index, a seek and a count per group;
 * - the company's teams, so a team without requests shows zeros.
 */
export async function periodFigures(
  db: Database,
  options: { companyId: string; from: Date; to: Date },
): Promise<PeriodFigures> {
  const { Request, Team } = db.models;
  const native = Request.db.db;
  if (!native) throw new Error('the database connection is not open');
  const company = new Types.ObjectId(options.companyId);
  const objectIdAt = (date: Date) => Types.ObjectId.createFromTime(Math.floor(date.getTime() / 1000));
  const from = new Date(Math.max(options.from.getTime(), INDEXED_DATES_FROM.getTime()));
  const [opened, [closes], groups, teams] = await Promise.all([
    native.command({
      count: Request.collection.collectionName,
      query: { company, _id: { $gte: objectIdAt(options.from), $lt: objectIdAt(options.to) } },
      hint: { company: 1, _id: -1 },
    }),
    Request.aggregate<{ closed: number; repairMs: number }>([
      { $match: { company, closedAt: { $gte: from, $lt: options.to } } },
      {
        $group: {
          _id: null,
          closed: { $sum: 1 },
          repairMs: { $sum: { $subtract: ['$closedAt', { $toDate: '$_id' }] } },
        },
      },
    ]).hint(closesIndex),
    Request.aggregate<{ _id: { team: Types.ObjectId | null; status: RequestStatus }; requests: number }>([
      { $match: { company } },
      {
        $group: {
          _id: { team: '$maintenanceTeam', status: '$status' },
          requests: { $sum: 1 },
        },
      },
    ]).hint(teamStageIndex),
    Team.find({ company }, { _id: 1 }).lean(),
  ]);
  const perTeamAndStage: TeamStageCounts = {};
  for (const team of teams)
    perTeamAndStage[team._id.toString()] = Object.fromEntries(requestStatuses.map((s) => [s, 0])) as Record<
      RequestStatus,
      number
    >;
  for (const { _id, requests } of groups) {
    const counts = _id.team ? perTeamAndStage[_id.team.toString()] : undefined;
    if (counts && requestStatuses.includes(_id.status)) counts[_id.status] = requests;
  }
  const closed = closes?.closed ?? 0;
  return {
    opened: Number(opened.n),
    closed,
    meanTimeToRepairMs: closed > 0 ? Number(closes?.repairMs ?? 0) / closed : null,
    perTeamAndStage,
  };
}
