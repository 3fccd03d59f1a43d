import { randomBytes } from 'node:crypto';
import type { AppFootprint } from '../proc/app-footprint.ts';
import type { PeakRssTracker } from '../proc/peak-rss.ts';
import type { BenchServices } from '../services/bench-services.ts';
import type { BenchPlan } from './bench-plan.ts';

/** What every part of the bench gets: where the code is, the services, the sizes, and shared bookkeeping. */
export interface BenchContext {
  repoRoot: string;
  services: BenchServices;
  plan: BenchPlan;
  rounds: number;
  rss: PeakRssTracker;
  /** Startup time and idle RSS of the fresh API and worker processes. */
  footprint: AppFootprint;
  /** Extra Node flags for the API and worker processes (`--cpu-prof …` when profiling). */
  appNodeArgs: readonly string[];
  /** The seed-flow checkout to compare with, or null. */
  seedflowRoot: string | null;
  log(message: string): void;
}

/** One per bench run: every API process of the run accepts the tokens of the others. */
const benchJwtSecret = randomBytes(48).toString('base64');

/**
 * The env every app process gets: production mode as deployed (React, Express and others pick their fast builds
 * only then: with NODE_ENV=test React's development build made rendering several times slower), fast password
 * hashing and lenient login and rate limits so neither sign-ins nor creates throttle a load run.
 */
export function baseAppEnv(
  ctx: BenchContext,
  opts: { mongoUri: string; prefix: string },
): Record<string, string> {
  return {
    NODE_ENV: 'production',
    LOG_LEVEL: 'info',
    MONGODB_URI: opts.mongoUri,
    REDIS_URL: ctx.services.redisUrl,
    FIXSTREAM_KEY_PREFIX: opts.prefix,
    MAIL_HOST: ctx.services.sink.host,
    MAIL_PORT: String(ctx.services.sink.port),
    MAIL_FROM: benchMailFrom,
    JWT_SECRET: benchJwtSecret,
    BCRYPT_ROUNDS: '4',
    LOGIN_ATTEMPTS_PER_MINUTE: '10000',
    LOGIN_MAX_FAILURES: '100',
    RATE_LIMIT_CREATES_PER_MINUTE: '1000000',
    RATE_LIMIT_READS_PER_MINUTE: '1000000',
  };
}

export const benchMailFrom = 'fixstream <noreply@bench.fixstream.test>';
export const benchMailDomain = 'bench.fixstream.test';
