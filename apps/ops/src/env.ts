import { mongoEnv, nodeEnv, parseEnv, readEnvLayers, redisEnv } from '@fixstream/config';
import { z } from 'zod';

const opsEnvSchema = z.object({
  ...nodeEnv.shape,
  ...mongoEnv.shape,
  /** REDIS_URL or REDIS_CLUSTER_NODES; only the stream commands need Redis, `create-admin` works with MongoDB alone. */
  ...redisEnv.shape,
  /** bcrypt cost for `create-admin`, as the API's. */
  BCRYPT_ROUNDS: z.coerce.number().int().min(4).max(15).default(12),
});
export type OpsEnv = z.output<typeof opsEnvSchema>;

/**
 * The ops CLI's configuration: the same variables the worker reads, so an operator points it at a deployment the
 * way the worker is pointed there: the process environment, then `.env`, then a running `pnpm dev`'s env file.
 */
export function loadOpsEnv(): OpsEnv {
  return parseOpsEnv(readEnvLayers(process.env, { cwd: process.cwd() }));
}

/** The ops configuration from these variables alone. */
export function parseOpsEnv(vars: Record<string, string | undefined>): OpsEnv {
  return parseEnv(opsEnvSchema, vars);
}
