import { z } from 'zod';
import { guarded, router } from '../trpc/init.ts';
import {
  deadLettersInput,
  functionsInput,
  functionsOutput,
  redriveInput,
  redriveOutput,
  replayOutput,
  runDetailOutput,
  runInput,
  runPageOutput,
  runsInput,
  streamsOutput,
} from './ops.schemas.ts';
import { redriveFunction, replayRun } from './ops-replay.service.ts';
import { companyFunctionStats, getRun, listDeadLetters, listRuns } from './ops-runs.service.ts';
import { listStreams } from './ops-streams.service.ts';

/**
 * The Operations view, for admins (docs/api.md, "Operations"): the shared streams, and the caller's company's
 * function runs, dead runs and replays, from the run ledger.
 */
export const opsRouter = router({
  streams: guarded('ops.streams', z.strictObject({}).optional())
    .output(streamsOutput)
    .query(({ ctx }) => listStreams(ctx.deps)),
  functions: guarded('ops.functions', functionsInput)
    .output(functionsOutput)
    .query(({ ctx, input }) => companyFunctionStats(ctx.deps, ctx.user, input)),
  runs: guarded('ops.runs', runsInput)
    .output(runPageOutput)
    .query(({ ctx, input }) => listRuns(ctx.deps, ctx.user, input)),
  run: guarded('ops.run', runInput)
    .output(runDetailOutput)
    .query(({ ctx, input }) => getRun(ctx.deps, ctx.user, input.id)),
  deadLetters: guarded('ops.deadLetters', deadLettersInput)
    .output(runPageOutput)
    .query(({ ctx, input }) => listDeadLetters(ctx.deps, ctx.user, input)),
  replay: guarded('ops.replay', runInput)
    .output(replayOutput)
    .mutation(({ ctx, input }) => replayRun(ctx.deps, input.id)),
  redrive: guarded('ops.redrive', redriveInput)
    .output(redriveOutput)
    .mutation(({ ctx, input }) => redriveFunction(ctx.deps, ctx.user, input.functionId)),
});
