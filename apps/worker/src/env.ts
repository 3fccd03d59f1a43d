import {
  findDotEnv,
  mongoEnv,
  nodeEnv,
  parseEnv,
  redisEnv,
  requireRedisTarget,
  smtpEnv,
  workerEnv,
} from '@fixstream/config';
import { defaultRetryPolicy, type RetryPolicy } from '@fixstream/events';
import { z } from 'zod';

const workerEnvSchema = z
  .object({
    ...nodeEnv.shape,
    ...mongoEnv.shape,
    ...redisEnv.shape,
    ...smtpEnv.shape,
    ...workerEnv.shape,
  })
  .check(requireRedisTarget);
export type WorkerEnv = z.output<typeof workerEnvSchema>;

/** The worker's configuration: the process environment, after an optional `.env` file at the repo root. */
export function loadWorkerEnv(): WorkerEnv {
  const dotEnv = findDotEnv(process.cwd());
  if (dotEnv) process.loadEnvFile(dotEnv);
  return parseWorkerEnv(process.env);
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
