import { INDEXED_DATES_FROM } from '@fixstream/run-storage';
import { Types } from 'mongoose';
import type { Database } from '../database.ts';
import { countRequestsPerTeamAndStage, type TeamStageCounts } from './request-counts.ts';

/** What a company's periodic report counts, over one period. */
export interface PeriodFigures {
  opened: number;
  closed: number;
  /** Mean time from creation to close of the requests closed in the period, or null when none closed. */
  meanTimeToRepairMs: number | null;
  /** Requests per team and stage now. */
  perTeamAndStage: TeamStageCounts;
}

/**
 * A company's figures for `[from, to)`, for the report job: requests opened (a count over the ObjectId range of
 * the index `{company, _id}`: an ObjectId holds its creation time), requests closed and their repair times (the
 * period's closes, by `{company, closedAt}`, read for their close date only: FerretDB as built here then extracts
 * that field instead of decoding each request), and the stage counts per team, all at once. No read grows with
 * the company's history, only with the period's activity and its number of teams.
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
  const [opened, closes, perTeamAndStage] = await Promise.all([
    native.command({
      count: Request.collection.collectionName,
      query: { company, _id: { $gte: objectIdAt(options.from), $lt: objectIdAt(options.to) } },
      hint: { company: 1, _id: -1 },
    }),
    Request.find({ company, closedAt: { $gte: from, $lt: options.to } }, { closedAt: 1 }).lean(),
    Team.find({ company }, { _id: 1 })
      .lean()
      .then((teams) =>
        countRequestsPerTeamAndStage(
          db,
          options.companyId,
          teams.map((team) => team._id.toString()),
        ),
      ),
  ]);
  const repairs = closes.flatMap((doc) =>
    doc.closedAt ? [doc.closedAt.getTime() - doc._id.getTimestamp().getTime()] : [],
  );
  return {
    opened: Number(opened.n),
    closed: closes.length,
    meanTimeToRepairMs: repairs.length ? repairs.reduce((a, b) => a + b, 0) / repairs.length : null,
    perTeamAndStage,
  };
}
