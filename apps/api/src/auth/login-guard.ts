import type { Database } from '@fixstream/db';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { AppError, AppErrorCode } from '../errors/app-error.ts';

export interface LoginGuardSettings {
  /** Failed sign-ins for one email within `windowMs` that lock it. */
  maxFailures: number;
  windowMs: number;
  /** How long a locked email stays locked. */
  lockMs: number;
  /** Sign-in attempts per minute from one address, whatever the email. */
  attemptsPerMinutePerIp: number;
}

/** Brute-force protection for `auth.login`: a per-address rate limit and a per-account lockout. */
export interface LoginGuard {
  /** Throws TOO_MANY_REQUESTS when this address is over its rate or this email is locked. */
  check(email: string, ip: string | null): Promise<void>;
  recordFailure(email: string): Promise<void>;
  recordSuccess(email: string): Promise<void>;
}

const minutes = (ms: number) => Math.max(1, Math.ceil(ms / 60_000));

/**
 * The lockout lives in MongoDB (shared by every API replica, survives restarts); the per-address rate in memory,
 * per replica, which is enough to slow a single client down without a round trip per attempt.
 */
export function createLoginGuard(db: Database, settings: LoginGuardSettings): LoginGuard {
  const { LoginGuard } = db.models;
  const perIp = new RateLimiterMemory({ points: settings.attemptsPerMinutePerIp, duration: 60 });
  return {
    async check(email, ip) {
      if (ip) {
        try {
          await perIp.consume(ip);
        } catch (rejection) {
          if (!(rejection instanceof RateLimiterRes)) throw rejection;
          throw new AppError(
            AppErrorCode.RateLimited,
            `Too many sign-in attempts from your address; try again in ${Math.ceil(rejection.msBeforeNext / 1000)} seconds`,
          );
        }
      }
      const guard = await LoginGuard.findById(email).lean();
      if (guard?.lockedUntil && guard.lockedUntil.getTime() > Date.now()) {
        throw new AppError(
          AppErrorCode.RateLimited,
          `Too many failed sign-ins for this account; try again in ${minutes(guard.lockedUntil.getTime() - Date.now())} minutes`,
        );
      }
    },
    async recordFailure(email) {
      const now = Date.now();
      const guard = await LoginGuard.findById(email).lean();
      const fresh = !guard || now - guard.windowStart.getTime() > settings.windowMs;
      const failures = fresh ? 1 : guard.failures + 1;
      await LoginGuard.updateOne(
        { _id: email },
        {
          $set: {
            failures,
            windowStart: fresh ? new Date(now) : guard.windowStart,
            lockedUntil: failures >= settings.maxFailures ? new Date(now + settings.lockMs) : null,
          },
        },
        { upsert: true },
      );
    },
    async recordSuccess(email) {
      await LoginGuard.deleteOne({ _id: email });
    },
  };
}
