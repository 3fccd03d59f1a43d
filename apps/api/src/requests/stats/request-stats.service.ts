import { countRequestsPerTeamAndStage, requestStatuses } from '@fixstream/db';
import type { ApiDeps } from '../../deps.ts';
import type { SessionUser } from '../../trpc/init.ts';
import type { StatsOutput } from '../request.schemas.ts';

/**
 * Counts per stage per team, for a kanban header. Admins and managers see every team of the company, technicians
 * the teams they belong to; teams without requests show zeros. The counts come from the stats cache per team
 * (each team's `countedAt` says when its counts were taken, the top-level one the oldest), so a call does not count the company's history, and
 * after a write only the written request's team is counted again.
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
  // a company's teams, a few dozen at most: sorted here rather than by an index on names
  const teams = await Team.find(teamFilter, { name: 1 }).lean();
  const stats = await deps.statsCache.counts(
    user.companyId,
    teams.map((team) => team._id.toString()),
    (teamIds) => countRequestsPerTeamAndStage(deps.db, user.companyId, teamIds),
  );
  return {
    teams: teams
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((team) => {
        const counts = { ...zeroCounts(), ...stats.counts[team._id.toString()] };
        const total = requestStatuses.reduce((sum, status) => sum + counts[status], 0);
        const countedAt = stats.countedAtByTeam[team._id.toString()] ?? stats.countedAt;
        return {
          team: { id: team._id.toString(), name: team.name },
          counts,
          total,
          countedAt: countedAt.toISOString(),
        };
      }),
    countedAt: stats.countedAt.toISOString(),
  };
}

function zeroCounts(): StatsOutput['teams'][number]['counts'] {
  return Object.fromEntries(
    requestStatuses.map((status) => [status, 0]),
  ) as StatsOutput['teams'][number]['counts'];
}
