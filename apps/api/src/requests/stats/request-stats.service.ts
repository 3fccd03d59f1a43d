import { countRequestsPerTeamAndStage, requestStatuses } from '@fixstream/db';
import type { ApiDeps } from '../../deps.ts';
import type { SessionUser } from '../../trpc/init.ts';
import type { StatsOutput } from '../request.schemas.ts';

/**
 * Counts per stage per team, for a kanban header. Admins and managers see every team of the company, technicians
 * the teams they belong to; teams without requests show zeros. The counts cover the whole company and come from
 * the stats cache (`countedAt` says when they were counted), so a call does not count the company's history.
 */
export async function requestStats(
  deps: ApiDeps,
  user: SessionUser,
  input: { team?: string | undefined },
): Promise<StatsOutput> {
  const { Team } = deps.db.models;
  const teamFilter: Record<string, unknown> = { company: user.companyId };
  if (input.team) teamFilter._id = input.team;
  if (user.role === 'technician') teamFilter.members = user.id;
  const [teams, stats] = await Promise.all([
    // a company's teams, a few dozen at most: sorted here rather than by an index on names
    Team.find(teamFilter, { name: 1 }).lean(),
    deps.statsCache.counts(user.companyId, async () => {
      const all = await Team.find({ company: user.companyId }, { _id: 1 }).lean();
      return countRequestsPerTeamAndStage(
        deps.db,
        user.companyId,
        all.map((team) => team._id.toString()),
      );
    }),
  ]);
  return {
    teams: teams
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((team) => {
        const counts = { ...zeroCounts(), ...stats.counts[team._id.toString()] };
        const total = requestStatuses.reduce((sum, status) => sum + counts[status], 0);
        return { team: { id: team._id.toString(), name: team.name }, counts, total };
      }),
    countedAt: stats.countedAt.toISOString(),
  };
}

function zeroCounts(): StatsOutput['teams'][number]['counts'] {
  return Object.fromEntries(
    requestStatuses.map((status) => [status, 0]),
  ) as StatsOutput['teams'][number]['counts'];
}
