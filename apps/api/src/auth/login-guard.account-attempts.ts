import type { Cluster, Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, type RateLimiterRes } from 'rate-limiter-flexible';

export interface AccountAttemptLimits {
  /** Password attempts per email within `windowMs`; the next one locks the email. */
  maxFailures: number;
  windowMs: number;
  lockMs: number;
}

/** Password attempts per email; see `createAccountAttempts`. */
export interface AccountAttempts {
  /**
   * Takes one attempt for this email, atomically. Resolves when a password may be checked; rejects with a
   * `RateLimiterRes` (its `msBeforeNext` says how long the lock lasts) when the email is out of attempts.
   */
  consume(email: string): Promise<RateLimiterRes>;
  /** Gives the email all its attempts back. */
  reset(email: string): Promise<void>;
}

/** rate-limiter-flexible counts in whole seconds, and 0 would mean "never expires". */
const wholeSeconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

/**
 * Attempts are counted in Redis before the password is checked, so parallel guesses on any number of API
 * replicas cannot all read the same count: at most `maxFailures` passwords are checked per email and window,
 * the next attempt locks the email for `lockMs`. One key per email (`<prefix>login-attempts:<email>`),
 * touched only by single-key commands and scripts, so it works on Redis Cluster.
 *
 * While Redis is not ready or a command fails, each process counts in its own memory instead and sign-in keeps
 * working. That guarantee is weaker: with R replicas up to R × `maxFailures` passwords are checked per window,
 * a restart forgets the counts, and counts from before or during the outage are not carried across it.
 */
export function createAccountAttempts(
  store: { redis: Redis | Cluster; prefix: string },
  limits: AccountAttemptLimits,
): AccountAttempts {
  const options = {
    points: limits.maxFailures,
    duration: wholeSeconds(limits.windowMs),
    blockDuration: wholeSeconds(limits.lockMs),
  };
  const inProcess = new RateLimiterMemory(options);
  const shared = new RateLimiterRedis({
    ...options,
    storeClient: store.redis,
    keyPrefix: `${store.prefix}login-attempts`,
    rejectIfRedisNotReady: true,
    insuranceLimiter: inProcess,
  });
  return {
    consume: (email) => shared.consume(email),
    async reset(email) {
      // The in-process count too: one left over from an outage would otherwise resurface in the next one.
      await Promise.all([shared.delete(email), inProcess.delete(email)]);
    },
  };
}
