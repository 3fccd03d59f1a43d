import {
  apiEnv,
  authEnv,
  findDotEnv,
  mongoEnv,
  nodeEnv,
  parseEnv,
  redisEnv,
  requireRedisTarget,
} from '@fixstream/config';
import { z } from 'zod';

/** bcrypt cost; 12 is ~250 ms per hash in pure JS on this kind of machine. */
const bcryptRounds = z.coerce.number().int().min(4).max(15).default(12);

/** Secrets that appear in docs, examples and dev tooling: never acceptable in production. */
const knownSecrets = ['change-me-to-a-long-random-secret', 'fixstream-dev-only-secret-change-me-0123456789'];

const apiEnvSchema = z
  .object({
    ...nodeEnv.shape,
    ...mongoEnv.shape,
    ...redisEnv.shape,
    ...authEnv.shape,
    ...apiEnv.shape,
    BCRYPT_ROUNDS: bcryptRounds,
    /** Browser origins allowed to call the API, comma-separated; empty means no cross-origin access. */
    CORS_ORIGINS: z
      .string()
      .default('')
      .transform((value) =>
        value
          .split(',')
          .map((origin) => origin.trim())
          .filter(Boolean),
      )
      .pipe(z.array(z.url('each CORS origin must be a URL like https://app.example.com'))),
    /** Express "trust proxy": set to the number of proxies in front of the API so rate limits see client addresses. */
    TRUST_PROXY: z.coerce.number().int().min(0).max(10).default(0),
    LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
    LOGIN_LOCK_MINUTES: z.coerce.number().int().min(1).max(1440).default(15),
    LOGIN_ATTEMPTS_PER_MINUTE: z.coerce.number().int().min(1).max(10_000).default(20),
  })
  .check(requireRedisTarget)
  .superRefine((env, context) => {
    if (env.NODE_ENV !== 'production') return;
    const secret = env.JWT_SECRET;
    if (secret.length < 32 || knownSecrets.includes(secret) || new Set(secret).size < 10) {
      context.addIssue({
        code: 'custom',
        path: ['JWT_SECRET'],
        message: 'is too weak for production: use at least 32 random characters (openssl rand -base64 48)',
      });
    }
  });
export type ApiEnv = z.output<typeof apiEnvSchema>;

const seedEnvSchema = z.object({
  ...nodeEnv.shape,
  ...mongoEnv.shape,
  BCRYPT_ROUNDS: bcryptRounds,
});
export type SeedEnv = z.output<typeof seedEnvSchema>;

function loadDotEnv(): void {
  const dotEnv = findDotEnv(process.cwd());
  if (dotEnv) process.loadEnvFile(dotEnv);
}

/** Validates an API environment; `loadApiEnv` feeds it the process environment. */
export function parseApiEnv(source: Record<string, string | undefined>): ApiEnv {
  return parseEnv(apiEnvSchema, source);
}

/** The API's configuration: the process environment, after an optional `.env` file at the repo root. */
export function loadApiEnv(): ApiEnv {
  loadDotEnv();
  return parseApiEnv(process.env);
}

/** What `pnpm seed` needs: only the database. */
export function loadSeedEnv(): SeedEnv {
  loadDotEnv();
  return parseEnv(seedEnvSchema, process.env);
}
