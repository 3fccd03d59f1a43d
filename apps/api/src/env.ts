import { apiEnv, authEnv, findDotEnv, mongoEnv, nodeEnv, parseEnv, redisEnv } from '@fixstream/config';
import { z } from 'zod';

const apiEnvSchema = z.object({
  ...nodeEnv.shape,
  ...mongoEnv.shape,
  ...redisEnv.shape,
  ...authEnv.shape,
  ...apiEnv.shape,
  /** bcrypt cost; 12 is ~250 ms per hash in pure JS on this kind of machine. */
  BCRYPT_ROUNDS: z.coerce.number().int().min(4).max(15).default(12),
});
export type ApiEnv = z.output<typeof apiEnvSchema>;

const seedEnvSchema = apiEnvSchema.pick({ MONGODB_URI: true, BCRYPT_ROUNDS: true, LOG_LEVEL: true });
export type SeedEnv = z.output<typeof seedEnvSchema>;

function loadDotEnv(): void {
  const dotEnv = findDotEnv(process.cwd());
  if (dotEnv) process.loadEnvFile(dotEnv);
}

/** The API's configuration: the process environment, after an optional `.env` file at the repo root. */
export function loadApiEnv(): ApiEnv {
  loadDotEnv();
  return parseEnv(apiEnvSchema, process.env);
}

/** What `pnpm seed` needs: only the database. */
export function loadSeedEnv(): SeedEnv {
  loadDotEnv();
  return parseEnv(seedEnvSchema, process.env);
}
