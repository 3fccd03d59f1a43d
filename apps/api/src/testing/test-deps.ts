import { randomBytes, randomUUID } from 'node:crypto';
import { connectDatabase, createPasswordHasher, type Database } from '@fixstream/db';
import { mongoUriFor } from '@fixstream/dev-services';
import { createPublisher, type EventPublisher } from '@fixstream/events';
import { createOutbox } from '@fixstream/run-storage';
import { type DestinationPolicy, EMPTY_ALLOWLIST } from '@fixstream/webhooks';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { inject } from 'vitest';
import { appRouter } from '../app.router.ts';
import { createLoginGuard, type LoginGuardSettings } from '../auth/login-guard.ts';
import { createPasswordResetGuard, type PasswordResetLimits } from '../auth/password-reset-guard.ts';
import { createTokenService } from '../auth/token.ts';
import type { ApiDeps } from '../deps.ts';
import { type CallLimitSettings, createCallLimits } from '../rate-limits/call-limits.ts';
import { requestStatsCache } from '../requests/stats/request-stats-cache.ts';
import { KeyedLock } from '../shared/keyed-lock.ts';
import { createContextInner } from '../trpc/context.ts';
import { createCallerFactory } from '../trpc/init.ts';

const createCaller = createCallerFactory(appRouter);

export interface TestApi {
  deps: ApiDeps;
  db: Database;
  redis: Redis;
  /** The database and Redis key prefix this API works on; `replicaOf` shares them. */
  dbName: string;
  prefix: string;
  /** The secret this API signs tokens with: generated per API, as no secret written in the repository is accepted. */
  jwtSecret: string;
  /** A caller as an anonymous client, or as whoever the token belongs to. */
  caller(token?: string, clientIp?: string): ReturnType<typeof createCaller>;
  close(): Promise<void>;
}

export interface TestApiOptions {
  redis?: Redis;
  loginGuard?: Partial<LoginGuardSettings>;
  /** Per-user call limits; by default far above what any test makes. */
  callLimits?: Partial<CallLimitSettings>;
  passwordResets?: Partial<PasswordResetLimits>;
  /**
   * Another API process of the same deployment: same database and key prefix, its own connections and its own
   * in-process state. The API it shares with drops the database on close.
   */
  replicaOf?: TestApi;
  /** Emit the driver's command events on `db.connection.getClient()`, to see every query the API sends. */
  monitorCommands?: boolean;
  /** The SSRF guard's policy for webhook URLs; by default nothing is allowlisted. */
  webhookPolicy?: DestinationPolicy;
  /** Wraps the publisher the API and its outbox use (to count what they publish, say). */
  wrapPublisher?: (publisher: EventPublisher) => EventPublisher;
}

/** Real dependencies on the suite's services, isolated by a fresh database name and Redis key prefix. */
export async function createTestApi(options: TestApiOptions = {}): Promise<TestApi> {
  const services = inject('services');
  const dbName = options.replicaOf?.dbName ?? `api-${randomUUID()}`;
  const db = await connectDatabase(mongoUriFor(services.mongoUri, dbName), {
    monitorCommands: options.monitorCommands ?? false,
  });
  const redis = options.redis ?? new Redis(services.redisUrl);
  const prefix = options.replicaOf?.prefix ?? `test:${randomUUID()}:`;
  const plainPublisher = createPublisher({ redis, prefix });
  const publisher = options.wrapPublisher?.(plainPublisher) ?? plainPublisher;
  const logger = pino({ level: 'silent' });
  const jwtSecret = options.replicaOf?.jwtSecret ?? randomBytes(48).toString('base64');
  const deps: ApiDeps = {
    db,
    publisher,
    streams: { redis, prefix },
    outbox: createOutbox(db.storage, { publisher, logger }),
    requestQueue: new KeyedLock(),
    tokens: createTokenService({ secret: jwtSecret, ttl: '1h' }),
    passwords: createPasswordHasher(4),
    passwordResetGuard: createPasswordResetGuard(
      { redis, prefix },
      { perEmailPerHour: 3, perAddressPerHour: 20, ...options.passwordResets },
    ),
    loginGuard: createLoginGuard(
      { redis, prefix },
      {
        maxFailures: 3,
        windowMs: 60_000,
        lockMs: 60_000,
        attemptsPerMinutePerIp: 10,
        ...options.loginGuard,
      },
    ),
    callLimits: createCallLimits(
      { redis, prefix },
      { readsPerMinute: 100_000, createsPerMinute: 100_000, ...options.callLimits },
      logger,
    ),
    statsCache: requestStatsCache({ redis, prefix: prefix, logger }),
    webhookPolicy: options.webhookPolicy ?? { allowlist: EMPTY_ALLOWLIST },
    logger,
    trace: {},
    exposeErrorDetails: false,
  };
  return {
    deps,
    db,
    redis,
    dbName,
    prefix,
    jwtSecret,
    caller: (token, clientIp = '203.0.113.7') =>
      createCaller(createContextInner({ deps, authorization: token ? `Bearer ${token}` : null, clientIp })),
    async close() {
      if (!options.replicaOf) await db.connection.dropDatabase().catch(() => undefined);
      deps.statsCache.close();
      await db.close();
      redis.disconnect();
    },
  };
}
