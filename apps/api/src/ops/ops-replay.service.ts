import { createRedisLease, publishOwedNow, streamKeys } from '@fixstream/events';
import {
  listCompanyRuns,
  ReplayBusyError,
  type ReplayOutcome,
  replayLeaseName,
  replayRuns,
  type SkipCause,
} from '@fixstream/run-storage';
import type { ApiDeps } from '../deps.ts';
import { AppError, AppErrorCode, notFound } from '../errors/app-error.ts';
import type { SessionUser } from '../trpc/init.ts';
import type { RedriveOutput, ReplayOutput } from './ops.schemas.ts';

/** Dead runs one `ops.redrive` call replays at most; `more` says when to call again. */
export const redriveBatch = 200;

const skipWords: Record<SkipCause, string> = {
  'in-progress': 'in progress: not touched while a worker may be running it',
  succeeded: 'succeeded: nothing to replay',
  'event-gone': 'its event is no longer kept anywhere; it cannot be published again',
  'event-invalid': 'its stored event is not a complete envelope (it failed validation when read)',
};

/**
 * Runs one dead run of the caller's company again, as `pnpm ops replay <event> --function <fn>` does (the same
 * `replayRuns`, under the same lease): reset to attempt 1, its event owed again and published now. Idempotent: a
 * run already replayed is in progress or has succeeded, and is left alone. The policy's `run` target has checked
 * that the run is the company's.
 */
export async function replayRun(deps: ApiDeps, key: string): Promise<ReplayOutput> {
  const outcome = await replayUnderLease(deps, [key]);
  if (outcome.matched === 0) throw notFound('Function run');
  const skipped = outcome.skipped[0];
  const publish = await publishOwedNow(() => deps.publisher, outcome.events);
  return {
    id: key,
    replayed: outcome.replayed.length > 0,
    reason: skipped ? skipWords[skipped.cause] : null,
    published: publish.published,
    publishError: publish.error,
  };
}

/**
 * Runs again the caller's company's dead runs of one function, newest first, up to `redriveBatch` per call: what
 * `pnpm ops replay --all --function <fn>` does for every company, limited to this one's runs.
 */
export async function redriveFunction(
  deps: ApiDeps,
  user: SessionUser,
  functionId: string,
): Promise<RedriveOutput> {
  const dead = await listCompanyRuns(deps.db.storage, {
    companyId: user.companyId,
    functionId,
    status: 'dead',
    limit: redriveBatch,
  });
  const outcome = await replayUnderLease(
    deps,
    dead.runs.map((run) => run._id),
    functionId,
  );
  const publish = await publishOwedNow(() => deps.publisher, outcome.events);
  return {
    functionId,
    replayed: outcome.replayed.map((run) => run.key),
    skipped: outcome.skipped.map((run) => ({ id: run.key, reason: skipWords[run.cause] })),
    more: dead.more,
    published: publish.published,
    publishError: publish.error,
  };
}

async function replayUnderLease(
  deps: ApiDeps,
  runKeys: readonly string[],
  functionId?: string,
): Promise<ReplayOutcome> {
  if (runKeys.length === 0)
    return { matched: 0, replayed: [], skipped: [], events: [], succeededLeftAlone: 0 };
  const lease = createRedisLease(deps.streams.redis, streamKeys(deps.streams.prefix).lease(replayLeaseName));
  try {
    return await replayRuns(deps.db.storage, lease, { runKeys, functionId, force: false });
  } catch (error) {
    if (error instanceof ReplayBusyError)
      throw new AppError(AppErrorCode.Conflict, error.message, { cause: error });
    throw error;
  }
}
