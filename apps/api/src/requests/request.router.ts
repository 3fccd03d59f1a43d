import { guarded, router } from '../trpc/init.ts';
import {
  assignInput,
  createRequestInput,
  listRequestsInput,
  requestIdInput,
  requestOutput,
  requestPageOutput,
  statsInput,
  statsOutput,
  updateRequestInput,
  updateStatusInput,
} from './request.schemas.ts';
import { createRequest, getRequest } from './request.service.ts';
import { assignTechnician, updateRequest, updateStatus } from './request-changes.service.ts';
import { requestHistoryOutput } from './request-history.schemas.ts';
import { requestHistory } from './request-history.service.ts';
import { listRequests } from './request-list.ts';
import { requestStats } from './stats/request-stats.service.ts';

export const requestRouter = router({
  create: guarded('requests.create', createRequestInput)
    .output(requestOutput)
    .mutation(({ ctx, input }) => createRequest(ctx.deps, ctx.user, input)),
  byId: guarded('requests.byId', requestIdInput)
    .output(requestOutput)
    .query(({ ctx, input }) => getRequest(ctx.deps, ctx.user, input.id)),
  list: guarded('requests.list', listRequestsInput)
    .output(requestPageOutput)
    .query(({ ctx, input }) => listRequests(ctx.deps, ctx.user, input)),
  updateStatus: guarded('requests.updateStatus', updateStatusInput)
    .output(requestOutput)
    .mutation(({ ctx, input }) => updateStatus(ctx.deps, ctx.user, input)),
  assign: guarded('requests.assign', assignInput)
    .output(requestOutput)
    .mutation(({ ctx, input }) => assignTechnician(ctx.deps, ctx.user, input)),
  update: guarded('requests.update', updateRequestInput)
    .output(requestOutput)
    .mutation(({ ctx, input }) => updateRequest(ctx.deps, ctx.user, input)),
  history: guarded('requests.history', requestIdInput)
    .output(requestHistoryOutput)
    .query(({ ctx, input }) => requestHistory(ctx.deps, input.id)),
  stats: guarded('requests.stats', statsInput)
    .output(statsOutput)
    .query(({ ctx, input }) => requestStats(ctx.deps, ctx.user, input)),
});
