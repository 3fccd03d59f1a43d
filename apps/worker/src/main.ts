import { closeOnSignals } from '@fixstream/config';
import { connectDatabase } from '@fixstream/db';
import { createMailer } from '@fixstream/emails';
import { connectRedis, createFunctionWorker, createPublisher } from '@fixstream/events';
import { createCronStore, createOutbox, createRunLedger, createStepStore } from '@fixstream/run-storage';
import { startTracing, tracingSettingsFromEnv } from '@fixstream/tracing';
import { pino } from 'pino';
import { loadWorkerEnv, retryPolicyFromEnv, webhookRetryPolicyFromEnv } from './env.ts';
import { domainOfAddress } from './functions/function-deps.ts';
import { createFunctions } from './functions/functions.ts';
import { mailCapacity } from './functions/mail-capacity.ts';
import { reportSettingsFromEnv } from './functions/reports/report-settings.ts';
import { maintenanceJobSettings } from './maintenance-jobs.env.ts';
import { startMetricsServer } from './metrics/metrics.server.ts';
import { runMetricsObserver } from './metrics/run-metrics.observer.ts';
import { consumedEventNames, streamStateCollector } from './metrics/stream-state.collector.ts';
import { timedMailer } from './metrics/timed-mailer.ts';
import { createWorkerMetrics } from './metrics/worker-metrics.registry.ts';
import { retentionSweep } from './retention.ts';

/** A scrape waits this long for the stream gauges from Redis, well under Prometheus' default 10 s timeout. */
const metricsReadTimeoutMs = 2_000;

const env = loadWorkerEnv();
// A run's span stays active across its handler's awaits: the SMTP span and the events it writes find it.
const tracing = await startTracing(tracingSettingsFromEnv(env, 'fixstream-worker'), { asyncContext: true });
const logger = pino({ level: env.LOG_LEVEL, base: { service: 'fixstream-worker' }, mixin: tracing.logMixin });

const db = await connectDatabase(env.MONGODB_URI);
const redis = connectRedis(
  { url: env.REDIS_URL, clusterNodes: env.REDIS_CLUSTER_NODES },
  { maxRetriesPerRequest: null },
);
redis.on('error', (error) => logger.warn({ err: error }, 'Redis connection problem'));
const metrics = env.WORKER_METRICS_PORT > 0 ? createWorkerMetrics() : null;
const smtp = createMailer({
  host: env.MAIL_HOST,
  port: env.MAIL_PORT,
  secure: env.MAIL_SECURE,
  user: env.MAIL_USER,
  pass: env.MAIL_PASS,
  from: env.MAIL_FROM,
  pool: { maxConnections: env.MAIL_POOL_SIZE },
});
const mailer = metrics ? timedMailer(smtp, metrics) : smtp;
const outbox = createOutbox(db.storage, {
  publisher: createPublisher({ redis, prefix: env.FIXSTREAM_KEY_PREFIX }),
  logger,
});
const functions = createFunctions({
  db,
  mailer,
  appUrl: env.APP_URL ?? null,
  messageIdDomain: domainOfAddress(env.MAIL_FROM),
  passwordResetTtlMinutes: env.PASSWORD_RESET_TTL_MINUTES,
  reports: reportSettingsFromEnv(env),
  // the preventive job creates requests, and the webhook fan-outs deliveries, through the outbox, as the API does
  outbox,
  jobs: maintenanceJobSettings(env),
  webhooks: {
    outbox,
    policy: { allowlist: env.WEBHOOK_ALLOWED_DESTINATIONS },
    timeoutMs: env.WEBHOOK_TIMEOUT_MS,
    disableAfterFailures: env.WEBHOOK_DISABLE_AFTER_FAILURES,
    concurrencyPerEndpoint: env.WEBHOOK_CONCURRENCY_PER_ENDPOINT,
    retries: webhookRetryPolicyFromEnv(env),
  },
});
if (!env.APP_URL) logger.warn('APP_URL is not set: mails carry no links, and password reset mails fail');
const capacity = mailCapacity({
  concurrency: env.WORKER_CONCURRENCY,
  poolSize: env.MAIL_POOL_SIZE,
  functions: functions.length,
});
logger.info(capacity.fields, capacity.message);
const worker = createFunctionWorker({
  redis,
  prefix: env.FIXSTREAM_KEY_PREFIX,
  functions,
  ledger: createRunLedger(db.storage),
  outbox: { store: createOutbox(db.storage) },
  cron: { store: createCronStore(db.storage) },
  steps: createStepStore(db.storage),
  concurrency: capacity.runsPerFunction,
  retryBuffer: capacity.retryBuffer,
  retries: retryPolicyFromEnv(env),
  timeoutMs: env.WORKER_TIMEOUT_MS,
  reclaimIdleMs: env.WORKER_RECLAIM_IDLE_MS,
  shutdownTimeoutMs: env.WORKER_SHUTDOWN_TIMEOUT_MS,
  leaderDuties: {
    intervalMs: env.RELAY_INTERVAL_MS,
    idleConsumerMs: env.WORKER_IDLE_CONSUMER_MS,
    sweepIntervalMs: env.RETENTION_SWEEP_INTERVAL_MS,
    sweep: retentionSweep({ db, redis, env, functions, logger }),
  },
  logger,
  observer: metrics ? runMetricsObserver(metrics) : undefined,
});
await worker.start();
const metricsServer = metrics
  ? await startMetricsServer({
      registry: metrics.registry,
      port: env.WORKER_METRICS_PORT,
      host: env.WORKER_METRICS_HOST,
      beforeScrape: streamStateCollector(
        {
          redis,
          prefix: env.FIXSTREAM_KEY_PREFIX,
          eventNames: consumedEventNames(functions),
          timeoutMs: metricsReadTimeoutMs,
        },
        metrics,
      ),
      onError: (error) => logger.warn({ err: error }, 'serving /metrics failed'),
    })
  : null;
logger.info(
  {
    consumer: worker.consumer,
    functions: functions.map((f) => f.id),
    metricsPort: metricsServer?.port ?? null,
  },
  'worker running',
);

closeOnSignals(
  async () => {
    await worker.close();
    await metricsServer?.close();
    // Waits for sends whose message is with the server even though their run was aborted: their answer decides.
    await mailer.close();
    await redis.quit();
    await db.close();
    await tracing.shutdown();
    logger.info('worker stopped');
  },
  (message, error) => (error ? logger.error({ err: error }, message) : logger.info(message)),
);
