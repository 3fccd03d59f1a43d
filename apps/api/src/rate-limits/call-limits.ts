import type { Cluster, Redis } from 'ioredis';
import type { Logger } from 'pino';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { AppError, AppErrorCode, retryAfterSeconds } from '../errors/app-error.ts';
import type { LimitedCall } from './limited-calls.ts';

export interface CallLimitSettings {
  /** Lists and stats per user per minute. */
  readsPerMinute: number;
  /** Creates (users, teams, equipment, requests) per user per minute. */
  createsPerMinute: number;
}

/** Per-user limits on lists, stats and creates; see `createCallLimits`. */
export interface CallLimits {
  /** Counts one call; throws RATE_LIMITED (with `retryAfterSeconds`) when the user is over the limit. */
  consume(call: LimitedCall, userId: string): Promise<void>;
}

const refusals: Record<LimitedCall, (wait: number) => string> = {
  reads: (wait) => `Too many lists and statistics in a minute; try again in ${wait} seconds`,
  creates: (wait) => `Too many records created in a minute; try again in ${wait} seconds`,
};

/**
 * Counted per user in Redis (`<prefix>rate:<reads|creates>:<user id>`, one key per user and limit, a fixed window of
 * one minute), so the limits hold across any number of API processes.
 *
 * While Redis is not ready or a command fails, the two limits fail differently. Reads are let through: each is
 * already bounded (100 items a page, 10 calls a batch), refusing them would turn a Redis outage into an outage of
 * the whole API while MongoDB still answers, and the outage is logged. Creates are counted in each process's memory
 * instead: every create writes a document and owes an event that waits in MongoDB until Redis is back, so a flood
 * during the outage would grow the backlog the relay publishes afterwards; with R processes, up to R times the
 * limit gets through.
 */
export function createCallLimits(
  store: { redis: Redis | Cluster; prefix: string },
  settings: CallLimitSettings,
  logger: Logger,
): CallLimits {
  const limiter = (call: LimitedCall, points: number, insurance: boolean) =>
    new RateLimiterRedis({
      points,
      duration: 60,
      storeClient: store.redis,
      keyPrefix: `${store.prefix}rate:${call}`,
      rejectIfRedisNotReady: true,
      ...(insurance ? { insuranceLimiter: new RateLimiterMemory({ points, duration: 60 }) } : {}),
    });
  const limiters: Record<LimitedCall, RateLimiterRedis> = {
    reads: limiter('reads', settings.readsPerMinute, false),
    creates: limiter('creates', settings.createsPerMinute, true),
  };
  let failingOpen = false;
  return {
    async consume(call, userId) {
      try {
        await limiters[call].consume(userId);
        failingOpen = false;
      } catch (rejection) {
        if (rejection instanceof RateLimiterRes) {
          const wait = retryAfterSeconds(rejection.msBeforeNext);
          throw new AppError(AppErrorCode.RateLimited, refusals[call](wait), { retryAfterSeconds: wait });
        }
        if (!failingOpen)
          logger.warn({ err: rejection }, 'Redis unavailable: lists and stats are not rate-limited');
        failingOpen = true;
      }
    },
  };
}
