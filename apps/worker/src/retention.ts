import { type Database, sweepPasswordResets, sweepRevisionClaims, sweepWebhooks } from '@fixstream/db';
import {
  createRedisLease,
  type LeaderSweep,
  type RedisConnection,
  type RuntimeLogger,
  streamKeys,
} from '@fixstream/events';
import { createRetentionSweeper, replayLeaseName, type SweptFunction } from '@fixstream/run-storage';
import type { WorkerEnv } from './env.ts';

const hourMs = 60 * 60_000;
const dayMs = 24 * hourMs;

/**
 * The sweep the worker holding the leader lease runs every RETENTION_SWEEP_INTERVAL_MS (docs/retention.md):
 * windows from the environment, replays fenced off by their lease, one log line per pass.
 */
export function retentionSweep(deps: {
  db: Database;
  redis: RedisConnection;
  env: WorkerEnv;
  functions: readonly SweptFunction[];
  logger: RuntimeLogger;
}): LeaderSweep {
  const { env } = deps;
  const batchSize = 500;
  const sweeper = createRetentionSweeper(deps.db.storage, {
    windows: {
      runsMs: env.RETENTION_RUNS_DAYS * dayMs,
      deadRunsMs: env.RETENTION_DEAD_RUNS_DAYS * dayMs,
    },
    functions: deps.functions,
    batchSize,
    replayLease: createRedisLease(deps.redis, streamKeys(env.FIXSTREAM_KEY_PREFIX).lease(replayLeaseName)),
  });
  return async (signal) => {
    const claims = await sweepRevisionClaims(deps.db, {
      windowMs: env.RETENTION_REVISION_CLAIMS_HOURS * hourMs,
      batchSize,
      now: new Date(),
      signal,
    });
    const passwordResets = await sweepPasswordResets(deps.db, { batchSize, now: new Date(), signal });
    const webhooks = await sweepWebhooks(deps.db, {
      attemptsWindowMs: env.WEBHOOK_DELIVERIES_RETENTION_DAYS * dayMs,
      // as long as dead runs: a replay of a dead delivery reads its event from the message
      messagesWindowMs: Math.max(env.RETENTION_RUNS_DAYS, env.RETENTION_DEAD_RUNS_DAYS) * dayMs,
      batchSize,
      now: new Date(),
      signal,
    });
    const storage = await sweeper.sweep({ signal });
    deps.logger.info(
      { ...storage, revisionClaims: claims.deleted, passwordResets, webhooks },
      'retention sweep done',
    );
  };
}
