import { once } from 'node:events';
import { closeOnSignals } from '@fixstream/config';
import { connectDatabase, createPasswordHasher } from '@fixstream/db';
import { connectRedis, createPublisher } from '@fixstream/events';
import { createOutbox } from '@fixstream/run-storage';
import { startTracing, tracingSettingsFromEnv } from '@fixstream/tracing';
import { pino } from 'pino';
import { createLoginGuard } from './auth/login-guard.ts';
import { createPasswordResetGuard } from './auth/password-reset-guard.ts';
import { createTokenService } from './auth/token.ts';
import type { ApiDeps } from './deps.ts';
import { loadApiEnv } from './env.ts';
import { HttpDrain } from './http-drain.ts';
import { apiMetricsChoice } from './metrics/api-metrics-switch.ts';
import { createCallLimits } from './rate-limits/call-limits.ts';
import { requestStatsCache } from './requests/stats/request-stats-cache.ts';
import { createServer } from './server.ts';
import { KeyedLock } from './shared/keyed-lock.ts';

/** In-flight requests get this long to finish after SIGTERM; connections still open then are cut. */
const shutdownTimeoutMs = 10_000;

/**
 * The share of calls that start a recorded trace unless OTEL_TRACES_SAMPLER says otherwise: recording and exporting
 * every call's spans cost a CPU-bound API about 3 % of its throughput on top of the rest of tracing and metrics,
 * which together must stay within 5 % (docs/tracing.md). A caller's sampled traceparent is always followed.
 */
const defaultSampleRatio = 0.1;

const env = loadApiEnv();
// No span stays active across awaits (that would cost every request a fifth of its CPU time on Node 20): each
// procedure call hands its span's context to what it calls through its deps (trpc/call-deps.ts).
const tracing = await startTracing(tracingSettingsFromEnv(env, 'fixstream-api'), {
  asyncContext: false,
  defaultSampleRatio,
});
const logger = pino({ level: env.LOG_LEVEL, base: { service: 'fixstream-api' }, mixin: tracing.logMixin });

const db = await connectDatabase(env.MONGODB_URI);
// Fail fast while Redis is away: the event stays owed in the outbox instead of holding the request.
const redis = connectRedis(
  { url: env.REDIS_URL, clusterNodes: env.REDIS_CLUSTER_NODES },
  { enableOfflineQueue: false, commandTimeout: 2_000, maxRetriesPerRequest: 1 },
);
let redisDown = false;
redis.on('error', (error) => {
  if (!redisDown) logger.warn({ err: error }, 'Redis connection lost; events wait in the outbox');
  redisDown = true;
});
redis.on('ready', () => {
  if (redisDown) logger.info('Redis connection restored');
  redisDown = false;
});

const { metrics, publisher } = apiMetricsChoice(
  env.API_METRICS,
  createPublisher({ redis, prefix: env.FIXSTREAM_KEY_PREFIX }),
);
const deps: ApiDeps = {
  db,
  publisher,
  streams: { redis, prefix: env.FIXSTREAM_KEY_PREFIX },
  outbox: createOutbox(db.storage, { publisher, logger }),
  requestQueue: new KeyedLock(),
  tokens: createTokenService({ secret: env.JWT_SECRET, ttl: env.JWT_TTL }),
  passwords: createPasswordHasher(env.BCRYPT_ROUNDS),
  passwordResetGuard: createPasswordResetGuard(
    { redis, prefix: env.FIXSTREAM_KEY_PREFIX },
    {
      perEmailPerHour: env.PASSWORD_RESETS_PER_EMAIL_PER_HOUR,
      perAddressPerHour: env.PASSWORD_RESETS_PER_ADDRESS_PER_HOUR,
    },
  ),
  loginGuard: createLoginGuard(
    { redis, prefix: env.FIXSTREAM_KEY_PREFIX },
    {
      maxFailures: env.LOGIN_MAX_FAILURES,
      windowMs: env.LOGIN_LOCK_MINUTES * 60_000,
      lockMs: env.LOGIN_LOCK_MINUTES * 60_000,
      attemptsPerMinutePerIp: env.LOGIN_ATTEMPTS_PER_MINUTE,
    },
  ),
  callLimits: createCallLimits(
    { redis, prefix: env.FIXSTREAM_KEY_PREFIX },
    { readsPerMinute: env.RATE_LIMIT_READS_PER_MINUTE, createsPerMinute: env.RATE_LIMIT_CREATES_PER_MINUTE },
    logger,
  ),
  statsCache: requestStatsCache({ redis, prefix: env.FIXSTREAM_KEY_PREFIX, logger }),
  webhookPolicy: { allowlist: env.WEBHOOK_ALLOWED_DESTINATIONS },
  logger,
  trace: {},
  exposeErrorDetails: env.API_ERROR_DETAILS,
};
const drain = new HttpDrain();
const server = createServer(
  deps,
  {
    mongodb: () => db.connection.db?.admin().ping() ?? Promise.reject(new Error('not connected')),
    redis: () => redis.ping(),
  },
  {
    corsOrigins: env.CORS_ORIGINS,
    trustProxy: env.TRUST_PROXY,
    draining: () => drain.draining,
    metrics,
    webDistDir: env.WEB_DIST_DIR,
  },
).listen(env.API_PORT, env.API_HOST);
drain.track(server);
await once(server, 'listening');
logger.info({ url: `http://localhost:${env.API_PORT}/trpc` }, 'API listening');

closeOnSignals(
  async () => {
    await drain.close(shutdownTimeoutMs);
    redis.disconnect();
    deps.statsCache.close();
    await db.close();
    await tracing.shutdown();
    logger.info('API stopped');
  },
  (message, error) => (error ? logger.error({ err: error }, message) : logger.info(message)),
);
