import { countByIndex } from '@fixstream/run-storage';
import { Types } from 'mongoose';
import type { Database } from '../database.ts';
import { type RequestStatus, requestStatuses } from '../models/request.model.ts';

/** Requests per stage, per team id. */
export type TeamStageCounts = Record<string, Record<RequestStatus, number>>;

/**
 * Counts a company's requests per team and stage with one `count` command per pair, each answered from the
 * index `{company, maintenanceTeam, status}` without reading a document (on MongoDB a COUNT_SCAN; on FerretDB
 * the index-pushdown patch turns it into SQL COUNT(*) over the index range; see `countByIndex`).
 */
export async function countRequestsPerTeamAndStage(
  db: Database,
  companyId: string,
  teamIds: string[],
): Promise<TeamStageCounts> {
  const { Request } = db.models;
  const native = Request.db.db;
  if (!native) throw new Error('the database connection is not open');
  const company = new Types.ObjectId(companyId);
  const pairs = teamIds.flatMap((team) => requestStatuses.map((status) => ({ team, status })));
  const counts = await Promise.all(
    pairs.map(({ team, status }) =>
      countByIndex(
        native,
        Request.collection,
        { company, maintenanceTeam: new Types.ObjectId(team), status },
        { company: 1, maintenanceTeam: 1, status: 1, _id: -1 },
      ),
    ),
  );
  const result: TeamStageCounts = {};
  pairs.forEach(({ team, status }, i) => {
    result[team] ??= Object.fromEntries(requestStatuses.map((s) => [s, 0])) as Record<RequestStatus, number>;
    result[team][status] = counts[i] ?? 0;
  });
  return result;
}
