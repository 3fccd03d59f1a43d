import { type RequestStatus, requestStatuses } from '@fixstream/db';
import { Types } from 'mongoose';
import type { ApiDeps } from '../deps.ts';
import type { SessionUser } from '../trpc/init.ts';
import type { StatsOutput } from './request.schemas.ts';

type Counts = StatsOutput['teams'][number]['counts'];

/**
 * Counts per stage per team, for a kanban header: one `$group` over the teams' requests. Admins and managers see
 * every team of the company, technicians the teams they belong to; teams without requests show zeros.
 */
export async function requestStats(
  deps: ApiDeps,
  user: SessionUser,
  input: { team?: string | undefined },
): Promise<StatsOutput> {
  const { Request, Team } = deps.db.models;
  const teamFilter: Record<string, unknown> = { company: user.companyId };
  if (input.team) teamFilter._id = input.team;
  if (user.role === 'technician') teamFilter.members = user.id;
  const teams = await Team.find(teamFilter, { name: 1 }).sort({ name: 1 }).lean();
  const groups = await Request.aggregate<{
    _id: { team: Types.ObjectId; status: RequestStatus };
    count: number;
  }>([
    {
      $match: {
        company: new Types.ObjectId(user.companyId),
        maintenanceTeam: { $in: teams.map((team) => team._id) },
      },
    },
    { $group: { _id: { team: '$maintenanceTeam', status: '$status' }, count: { $sum: 1 } } },
  ]);
  const rows = new Map(
    teams.map((team) => [
      team._id.toString(),
      { team: { id: team._id.toString(), name: team.name }, counts: zeroCounts(), total: 0 },
    ]),
  );
  for (const group of groups) {
    const row = rows.get(group._id.team.toString());
    if (!row) continue;
    row.counts[group._id.status] += group.count;
    row.total += group.count;
  }
  return { teams: [...rows.values()] };
}

function zeroCounts(): Counts {
  return Object.fromEntries(requestStatuses.map((status) => [status, 0])) as Counts;
}
