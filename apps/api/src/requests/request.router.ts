import { authedProcedure, router } from '../trpc/init.ts';
import {
  createRequestInput,
  listRequestsInput,
  requestIdInput,
  requestOutput,
  requestPageOutput,
} from './request.schemas.ts';
import { createRequest, getRequest, listRequests } from './request.service.ts';

export const requestRouter = router({
  create: authedProcedure
    .input(createRequestInput)
    .output(requestOutput)
    .mutation(({ ctx, input }) => createRequest(ctx.deps, ctx.user, input)),
  byId: authedProcedure
    .input(requestIdInput)
    .output(requestOutput)
    .query(({ ctx, input }) => getRequest(ctx.deps, ctx.user, input.id)),
  list: authedProcedure
    .input(listRequestsInput)
    .output(requestPageOutput)
    .query(({ ctx, input }) => listRequests(ctx.deps, ctx.user, input)),
});
