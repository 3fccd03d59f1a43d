import { pageOutput } from '../shared/page-output.ts';
import { idInput } from '../shared/schemas.ts';
import { guarded, router } from '../trpc/init.ts';
import { createTeamInput, listTeamsInput, teamOutput, updateTeamInput } from './team.schemas.ts';
import { createTeam, getTeam, listTeams, updateTeam } from './team.service.ts';

export const teamRouter = router({
  list: guarded('teams.list', listTeamsInput)
    .output(pageOutput(teamOutput))
    .query(({ ctx, input }) => listTeams(ctx.deps, ctx.user, input)),
  byId: guarded('teams.byId', idInput)
    .output(teamOutput)
    .query(({ ctx, input }) => getTeam(ctx.deps, ctx.user, input.id)),
  create: guarded('teams.create', createTeamInput)
    .output(teamOutput)
    .mutation(({ ctx, input }) => createTeam(ctx.deps, ctx.user, input)),
  update: guarded('teams.update', updateTeamInput)
    .output(teamOutput)
    .mutation(({ ctx, input }) => updateTeam(ctx.deps, ctx.user, input)),
});
