import {
  mongoEnv,
  nodeEnv,
  parseEnv,
  readEnvLayers,
  redisEnv,
  requireRedisTarget,
  smtpEnv,
  workerEnv,
} from '@fixstream/config';
import { defaultRetryPolicy, type RetryPolicy } from '@fixstream/events';
import { z } from 'zod';
import { reportEnv } from './functions/reports/report-settings.ts';
import { maintenanceJobsEnv } from './maintenance-jobs.env.ts';

const workerEnvSchema = z
  .object({
    ...nodeEnv.shape,
    ...mongoEnv.shape,
    ...redisEnv.shape,
    ...smtpEnv.shape,
    ...workerEnv.shape,
    ...reportEnv.shape,
    ...maintenanceJobsEnv.shape,
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
