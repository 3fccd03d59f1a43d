import {
  apiEnv,
  apiMetricsEnv,
  authEnv,
  type EnvSource,
  envBoolean,
  mongoEnv,
  nodeEnv,
  parseEnv,
  readEnvLayers,
  redisEnv,
  requireRedisTarget,
  tracingEnv,
} from '@fixstream/config';
import { webhookAllowlistSetting } from '@fixstream/webhooks';
import { z } from 'zod';
import { isPublishedSecret } from './published-secrets.ts';

/** bcrypt cost; 12 is ~250 ms per hash in pure JS on this kind of machine. */
const bcryptRounds = z.coerce.number().int().min(4).max(15).default(12);

const apiEnvSchema = z
  .object({
    ...nodeEnv.shape,
    ...mongoEnv.shape,
    ...redisEnv.shape,
    ...authEnv.shape,
    ...apiEnv.shape,
    ...apiMetricsEnv.shape,
    ...tracingEnv.shape,
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
    /** Lists and stats (`*.list`, `requests.stats`) per user per minute. */
    RATE_LIMIT_READS_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(600),
    /** Creates (`*.create`) per user per minute. */
    RATE_LIMIT_CREATES_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(120),
    /** Internal errors reach clients with their message and stack trace: for debugging on your own machine only. */
    API_ERROR_DETAILS: envBoolean.default(false),
    /** Private, loopback or link-local destinations webhook endpoints may point at anyway (as the worker's). */
    WEBHOOK_ALLOWED_DESTINATIONS: webhookAllowlistSetting,
    /** The built web app (apps/web/dist) to serve at / beside the API; unset, the API serves no pages. */
    WEB_DIST_DIR: z.string().trim().min(1).optional(),
  })
  .check(requireRedisTarget)
  .superRefine((env, context) => {
    const secret = env.JWT_SECRET;
    if (isPublishedSecret(secret)) {
      context.addIssue({
        code: 'custom',
        path: ['JWT_SECRET'],
        message:
          'is published in the fixstream repository, so anyone can sign tokens with it: generate one (openssl rand -base64 48)',
      });
      return;
    }
    if (env.NODE_ENV !== 'production') return;
    if (secret.length < 32 || new Set(secret).size < 10) {
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
  /** Set by `pnpm dev` only: the demo webhook receiver on the mail sink, and the secret it verifies with. */
  DEV_WEBHOOK_URL: z.url({ protocol: /^https?$/ }).optional(),
  DEV_WEBHOOK_SECRET: z.string().startsWith('whsec_').optional(),
});
export type SeedEnv = z.output<typeof seedEnvSchema>;

/** The process environment, then `.env`, then a running `pnpm dev`'s env file (development only). */
function layeredEnv(): EnvSource {
  return readEnvLayers(process.env, { cwd: process.cwd() });
}

/** Validates an API environment; `loadApiEnv` feeds it the process environment. */
export function parseApiEnv(source: Record<string, string | undefined>): ApiEnv {
  return parseEnv(apiEnvSchema, source);
}

/** The API's configuration: the process environment, then `.env`, then a running `pnpm dev`'s env file. */
export function loadApiEnv(): ApiEnv {
  return parseApiEnv(layeredEnv());
}

/** What `pnpm seed` needs: only the database. */
export function loadSeedEnv(): SeedEnv {
  return parseEnv(seedEnvSchema, layeredEnv());
}
