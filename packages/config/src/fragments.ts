import { z } from 'zod';

const port = z.coerce.number().int().min(1).max(65_535);

/** "true"/"false"/"1"/"0"/"yes"/"no" as a boolean: env vars are strings and `z.coerce.boolean` calls "false" true. */
export const envBoolean = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

export const nodeEnv = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export const mongoEnv = z.object({
  MONGODB_URI: z
    .string()
    .regex(/^mongodb(\+srv)?:\/\/.+/, 'must be a mongodb:// or mongodb+srv:// URI with a database name'),
});

const redisNode = z
  .string()
  .trim()
  .regex(/^[^\s:,]+:\d+$/, 'each node must be host:port')
  .transform((node) => {
    const at = node.lastIndexOf(':');
    return { host: node.slice(0, at), port: Number(node.slice(at + 1)) };
  })
  .pipe(z.object({ host: z.string(), port: z.number().int().min(1).max(65_535) }));

/** `host:port,host:port` → the startup nodes ioredis' `Cluster` takes; it discovers the other nodes itself. */
const redisClusterNodes = z
  .string()
  .transform((list) => list.split(',').filter((node) => node.trim() !== ''))
  .pipe(z.array(redisNode).min(1, 'must list at least one host:port'));

/**
 * Where the event streams are: one Redis (REDIS_URL) or a Redis Cluster (REDIS_CLUSTER_NODES, which wins when both
 * are set). Either may be missing on its own; an app that needs Redis adds `requireRedisTarget` to its schema.
 */
export const redisEnv = z.object({
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\/.+/, 'must be a redis:// or rediss:// URL')
    .optional(),
  REDIS_CLUSTER_NODES: redisClusterNodes.optional(),
  /** Prefix of every Redis key fixstream writes, so several deployments can share one Redis. */
  FIXSTREAM_KEY_PREFIX: z
    .string()
    .regex(/^[\w:.-]*$/, 'may only contain letters, digits, _ : . -')
    .default('fixstream:'),
});

/**
 * Check for a schema built from `redisEnv` (`.check(requireRedisTarget)`): one of REDIS_URL and
 * REDIS_CLUSTER_NODES must be set. It runs even when other variables are invalid, so a missing Redis is listed
 * with every other problem at once.
 */
export const requireRedisTarget = z.refine<{ REDIS_URL?: unknown; REDIS_CLUSTER_NODES?: unknown }>(
  (env) => env.REDIS_URL !== undefined || env.REDIS_CLUSTER_NODES !== undefined,
  { path: ['REDIS_URL'], message: 'is required unless REDIS_CLUSTER_NODES is set', when: () => true },
);

export const smtpEnv = z.object({
  MAIL_HOST: z.string().min(1),
  MAIL_PORT: port.default(587),
  MAIL_SECURE: envBoolean.optional(),
  MAIL_USER: z.string().optional(),
  MAIL_PASS: z.string().optional(),
  MAIL_FROM: z.string().min(3).default('fixstream <noreply@fixstream.local>'),
  /** SMTP connections per worker process; also caps WORKER_CONCURRENCY (docs/operations-mail.md). */
  MAIL_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(5),
});

export const authEnv = z.object({
  JWT_SECRET: z.string().min(16, 'must be at least 16 characters (use 32+ random bytes in production)'),
  JWT_TTL: z
    .string()
    .regex(/^\d+\s*[smhd]$/, 'must look like 15m, 8h or 7d')
    .default('8h'),
  /** Password reset mails one email may be sent per hour, whoever asks for them. */
  PASSWORD_RESETS_PER_EMAIL_PER_HOUR: z.coerce.number().int().min(1).max(100).default(3),
  /** Password reset requests one client address may make per hour, whatever the email. */
  PASSWORD_RESETS_PER_ADDRESS_PER_HOUR: z.coerce.number().int().min(1).max(10_000).default(20),
});

export const apiEnv = z.object({
  API_PORT: port.default(3000),
  API_HOST: z.string().min(1).default('0.0.0.0'),
});

/**
 * The API's Prometheus metrics (`GET /metrics`, request timing, published-event counts). On by default; off, none of
 * it is mounted or wrapped, so an API scraped by nothing pays nothing for it (docs/metrics.md).
 */
export const apiMetricsEnv = z.object({
  API_METRICS: envBoolean.default(true),
});

/**
 * The worker's Prometheus endpoint (`GET /metrics`, nothing else). Off unless a port is given: several workers
 * often share a host, and the port is not one to open by surprise (it must not be reachable from the internet).
 */
export const workerMetricsEnv = z.object({
  /** 0 (the default) or empty: no metrics port. */
  WORKER_METRICS_PORT: z.coerce.number().int().min(0).max(65_535).default(0),
  WORKER_METRICS_HOST: z.string().min(1).default('0.0.0.0'),
});

const millis = z.coerce.number().int().min(1);

export const workerEnv = z.object({
  /** Runs in flight per function; the worker runs at most MAIL_POOL_SIZE, as each ends in a send. */
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(1000).default(16),
  /** Retries after the first attempt (Inngest's default is 4). */
  WORKER_RETRIES: z.coerce.number().int().min(0).max(50).default(4),
  /** Delay before the first retry; each next one waits WORKER_RETRY_FACTOR times longer, up to the max. */
  WORKER_RETRY_DELAY_MS: millis.default(2_000),
  WORKER_RETRY_FACTOR: z.coerce.number().min(1).max(10).default(4),
  WORKER_RETRY_MAX_DELAY_MS: millis.default(600_000),
  /** A run taking longer fails and is retried. */
  WORKER_TIMEOUT_MS: millis.default(60_000),
  /** Entries pending this long (their worker died) are taken over by another worker. */
  WORKER_RECLAIM_IDLE_MS: millis.default(10_000),
  /** How long SIGTERM waits for in-flight runs. */
  WORKER_SHUTDOWN_TIMEOUT_MS: millis.default(30_000),
  /** How often the relay looks for owed events (only the worker holding the lease does). */
  RELAY_INTERVAL_MS: millis.default(1_000),
  /** Succeeded runs (run and result) are deleted this many days after they finished. */
  RETENTION_RUNS_DAYS: z.coerce.number().int().min(1).max(3_650).default(30),
  /** Dead runs are kept longer: to be looked into and replayed. */
  RETENTION_DEAD_RUNS_DAYS: z.coerce.number().int().min(1).max(3_650).default(90),
  /** Revision claims of requests older than this are leftovers of writes long done. */
  RETENTION_REVISION_CLAIMS_HOURS: z.coerce.number().int().min(1).max(8_760).default(24),
  /** How often the worker holding the leader lease sweeps old records. */
  RETENTION_SWEEP_INTERVAL_MS: millis.min(10_000).default(600_000),
  /** Consumers idle this long with nothing pending (their process is gone) are removed from their groups. */
  WORKER_IDLE_CONSUMER_MS: millis.min(60_000).default(3_600_000),
  /**
   * Base URL of the frontend; mails link to `${APP_URL}/requests/<id>` when it is set, and password reset mails
   * to `${APP_URL}/reset?token=…` (they cannot be sent without it).
   */
  APP_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
  /** How long a password reset link works after its mail is sent. */
  PASSWORD_RESET_TTL_MINUTES: z.coerce.number().int().min(5).max(1_440).default(30),
});

/** The samplers `OTEL_TRACES_SAMPLER` may name: those of the OpenTelemetry SDK for Node. */
export const traceSamplerNames = [
  'always_on',
  'always_off',
  'traceidratio',
  'parentbased_always_on',
  'parentbased_always_off',
  'parentbased_traceidratio',
] as const;

/**
 * OpenTelemetry's standard variables, as far as fixstream honours them (docs/tracing.md): tracing is on when an
 * endpoint is set, and costs nothing otherwise. Spans go as OTLP/HTTP JSON, so any other protocol is refused rather
 * than silently not used.
 */
export const tracingEnv = z.object({
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
    .optional(),
  OTEL_EXPORTER_OTLP_PROTOCOL: z
    .literal('http/json', { error: 'only http/json is supported (spans are sent as OTLP/HTTP JSON)' })
    .optional(),
  OTEL_SERVICE_NAME: z.string().min(1).optional(),
  /** Which calls start a recorded trace; unset, each app's default (docs/tracing.md). */
  OTEL_TRACES_SAMPLER: z
    .enum(traceSamplerNames, { error: `must be one of ${traceSamplerNames.join(', ')}` })
    .optional(),
  /** The ratio of `traceidratio` and `parentbased_traceidratio`, 0 to 1; 1 when unset. */
  OTEL_TRACES_SAMPLER_ARG: z.coerce
    .number({ error: 'must be a number from 0 to 1' })
    .min(0, 'must be a number from 0 to 1')
    .max(1, 'must be a number from 0 to 1')
    .optional(),
});
