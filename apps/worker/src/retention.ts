import { createRetentionSweeper, type Database, replayLeaseName, type SweptFunction } from '@fixstream/db';
import {
  createRedisLease,
  type LeaderSweep,
  type RedisConnection,
  type RuntimeLogger,
  streamKeys,
} from '@fixstream/events';
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
  const sweeper = createRetentionSweeper(deps.db, {
    windows: {
      runsMs: env.RETENTION_RUNS_DAYS * dayMs,
      deadRunsMs: env.RETENTION_DEAD_RUNS_DAYS * dayMs,
      revisionClaimsMs: env.RETENTION_REVISION_CLAIMS_HOURS * hourMs,
    },
    functions: deps.functions,
    replayLease: createRedisLease(deps.redis, streamKeys(env.FIXSTREAM_KEY_PREFIX).lease(replayLeaseName)),
  });
  return async (signal) => {
    deps.logger.info({ ...(await sweeper.sweep({ signal })) }, 'retention sweep done');
  };
}
