import {
  mongoEnv,
  nodeEnv,
  parseEnv,
  readEnvLayers,
  redisEnv,
  requireRedisTarget,
  smtpEnv,
  tracingEnv,
  workerEnv,
  workerMetricsEnv,
} from '@fixstream/config';
import { defaultRetryPolicy, type RetryPolicy } from '@fixstream/events';
import { webhookAllowlistSetting } from '@fixstream/webhooks';
import { z } from 'zod';
import { reportEnv } from './functions/reports/report-settings.ts';
import { maintenanceJobsEnv } from './maintenance-jobs.env.ts';

const millis = z.coerce.number().int().min(1);

/** The webhook delivery's settings (docs/configuration.md, docs/webhooks.md). */
const webhookWorkerEnv = z.object({
  /** Private, loopback or link-local destinations webhooks may reach anyway (addresses, CIDRs, host names). */
  WEBHOOK_ALLOWED_DESTINATIONS: webhookAllowlistSetting,
  /** One attempt's budget: DNS, connecting, redirects and the answer. */
  WEBHOOK_TIMEOUT_MS: millis.max(300_000).default(15_000),
  /** Failed attempts in a row (since the last success) after which an endpoint is disabled and its admins mailed. */
  WEBHOOK_DISABLE_AFTER_FAILURES: z.coerce.number().int().min(1).max(10_000).default(20),
  /** Deliveries in flight at once per endpoint, across every worker. */
  WEBHOOK_CONCURRENCY_PER_ENDPOINT: z.coerce.number().int().min(1).max(100).default(1),
  /** Retries of one message after its first attempt; the delays grow 4 times per retry, with full jitter. */
  WEBHOOK_RETRIES: z.coerce.number().int().min(0).max(50).default(8),
  WEBHOOK_RETRY_DELAY_MS: millis.default(5_000),
  WEBHOOK_RETRY_MAX_DELAY_MS: millis.default(3_600_000),
  /** Attempts of the deliveries log are deleted this many days after they were made. */
  WEBHOOK_DELIVERIES_RETENTION_DAYS: z.coerce.number().int().min(1).max(3_650).default(30),
});

const workerEnvSchema = z
  .object({
    ...nodeEnv.shape,
    ...mongoEnv.shape,
    ...redisEnv.shape,
    ...smtpEnv.shape,
    ...workerEnv.shape,
    ...workerMetricsEnv.shape,
    ...reportEnv.shape,
    ...maintenanceJobsEnv.shape,
    ...webhookWorkerEnv.shape,
    ...tracingEnv.shape,
  })
  .check(requireRedisTarget);
export type WorkerEnv = z.output<typeof workerEnvSchema>;

/** The worker's configuration: the process environment, then `.env`, then a running `pnpm dev`'s env file. */
export function loadWorkerEnv(): WorkerEnv {
  return parseWorkerEnv(readEnvLayers(process.env, { cwd: process.cwd() }));
}

export function parseWorkerEnv(source: Record<string, string | undefined>): WorkerEnv {
  return parseEnv(workerEnvSchema, source);
}

/** The retry policy of every function: the env's schedule, with the runtime's jitter. */
export function retryPolicyFromEnv(env: WorkerEnv): RetryPolicy {
  return {
    ...defaultRetryPolicy,
    retries: env.WORKER_RETRIES,
    initialDelayMs: env.WORKER_RETRY_DELAY_MS,
    factor: env.WORKER_RETRY_FACTOR,
    maxDelayMs: env.WORKER_RETRY_MAX_DELAY_MS,
  };
}

/** The retry policy of `deliver-webhook`: exponential, with full jitter (a delay drawn below the ceiling). */
export function webhookRetryPolicyFromEnv(env: WorkerEnv): RetryPolicy {
  return {
    retries: env.WEBHOOK_RETRIES,
    initialDelayMs: env.WEBHOOK_RETRY_DELAY_MS,
    factor: 4,
    maxDelayMs: env.WEBHOOK_RETRY_MAX_DELAY_MS,
    jitter: 1,
  };
}
