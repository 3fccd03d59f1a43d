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
  return parseEnv(workerEnvSchema, process.env);
}
