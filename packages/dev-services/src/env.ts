/**
 * The only reader of `process.env` in this package (project rule): library code takes its configuration as
 * arguments, and only `pnpm dev` and child-process environments come from here.
 */

/** What `pnpm dev` takes from the environment; unset values mean "start a local one". */
export type DevEnv = {
  mongoUri: string | undefined;
  redisUrl: string | undefined;
  mail: { host: string; port: number; user: string | undefined; pass: string | undefined } | undefined;
  mailFrom: string;
  jwtSecret: string;
  apiPort: number;
  /** A FerretDB 1.24 binary to use instead of looking one up or building it. */
  ferretdbBin: string | undefined;
};

/** Development-only secret: lets `pnpm dev` work with no setup; never used where `JWT_SECRET` is set. */
export const DEV_JWT_SECRET = 'fixstream-dev-only-secret-change-me-0123456789';

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

function portFrom(name: string, value: string | undefined, fallback: number): number {
  if (nonEmpty(value) === undefined) return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) {
    throw new Error(`${name} must be a TCP port (1-65535), got ${JSON.stringify(value)}`);
  }
  return port;
}

/** Reads and validates the variables `pnpm dev` honours (names as in `.env.example`). */
export function readDevEnv(env: NodeJS.ProcessEnv = process.env): DevEnv {
  const mailHost = nonEmpty(env.MAIL_HOST);
  return {
    mongoUri: nonEmpty(env.MONGODB_URI),
    redisUrl: nonEmpty(env.REDIS_URL),
    mail: mailHost
      ? {
          host: mailHost,
          port: portFrom('MAIL_PORT', env.MAIL_PORT, 587),
          user: nonEmpty(env.MAIL_USER),
          pass: nonEmpty(env.MAIL_PASS),
        }
      : undefined,
    mailFrom: nonEmpty(env.MAIL_FROM) ?? 'Fixstream <no-reply@fixstream.local>',
    jwtSecret: nonEmpty(env.JWT_SECRET) ?? DEV_JWT_SECRET,
    apiPort: portFrom('API_PORT', env.API_PORT, 3000),
    ferretdbBin: nonEmpty(env.FERRETDB_BIN),
  };
}

/** This process's environment plus overrides: the environment for a child (seed, api, worker, `go build`). */
export function inheritedEnv(overrides: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  return { ...process.env, ...overrides };
}
