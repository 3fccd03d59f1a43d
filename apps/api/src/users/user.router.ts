import { pageOutput } from '../shared/page-output.ts';
import { idInput } from '../shared/schemas.ts';
import { guarded, router } from '../trpc/init.ts';
import { createUserInput, listUsersInput, updateUserInput, userOutput } from './user.schemas.ts';
import { createUser, getUser, listUsers, updateUser } from './user.service.ts';

export const userRouter = router({
  list: guarded('users.list', listUsersInput)
    .output(pageOutput(userOutput))
    .query(({ ctx, input }) => listUsers(ctx.deps, ctx.user, input)),
  byId: guarded('users.byId', idInput)
    .output(userOutput)
    .query(({ ctx, input }) => getUser(ctx.deps, ctx.user, input.id)),
  create: guarded('users.create', createUserInput)
    .output(userOutput)
    .mutation(({ ctx, input }) => createUser(ctx.deps, ctx.user, input)),
  update: guarded('users.update', updateUserInput)
    .output(userOutput)
    .mutation(({ ctx, input }) => updateUser(ctx.deps, ctx.user, input)),
});
