import { readEnvLayers } from '@fixstream/config';

/**
 * The only reader of `process.env` in this package (project rule): library code takes its configuration as
 * arguments, and only `pnpm dev` and child-process environments come from here.
 */

/**
 * What `pnpm dev` configures itself from: the process environment over the `.env` file, like the apps, but never
 * the env file of a `pnpm dev` session (its own last one, or another's).
 */
export function devProcessEnv(root: string): Record<string, string | undefined> {
  return readEnvLayers(process.env, { cwd: root, devFile: false });
}

/** What `pnpm dev` takes from the environment; unset values mean "start a local one". */
export type DevEnv = {
  mongoUri: string | undefined;
  redisUrl: string | undefined;
  mail: { host: string; port: number; user: string | undefined; pass: string | undefined } | undefined;
  /** Unset: `pnpm dev` uses the secret it generated once and keeps in its state directory. */
  jwtSecret: string | undefined;
  apiPort: number;
  /** Where Vite serves the web app, proxying /trpc to the API. */
  webPort: number;
  /** Prefix of fixstream's Redis keys, for the `redis-cli` lines of the banner. */
  keyPrefix: string;
  /** A FerretDB 1.24 binary to use instead of looking one up or building it. */
  ferretdbBin: string | undefined;
};

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

/**
 * Reads and validates the variables `pnpm dev` honours (names as in `.env.example`), from the environment it is
 * given: `pnpm dev` passes the process environment layered over `.env`.
 */
export function readDevEnv(env: Record<string, string | undefined>): DevEnv {
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
    jwtSecret: nonEmpty(env.JWT_SECRET),
    apiPort: portFrom('API_PORT', env.API_PORT, 3000),
    webPort: portFrom('WEB_PORT', env.WEB_PORT, 5173),
    keyPrefix: nonEmpty(env.FIXSTREAM_KEY_PREFIX) ?? 'fixstream:',
    ferretdbBin: nonEmpty(env.FERRETDB_BIN),
  };
}

/**
 * The FerretDB binary `FERRETDB_BIN` names, for the tests and probes that can run against another build (a
 * change to a patch, or the build before it); undefined to look one up or build it as usual.
 */
export function ferretdbBinFromEnv(): string | undefined {
  return nonEmpty(process.env.FERRETDB_BIN);
}

/** This process's environment plus overrides: the environment for a child (seed, api, worker, `go build`). */
export function inheritedEnv(overrides: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  return { ...process.env, ...overrides };
}

/**
 * FerretDB's Go collector setting (`GOGC`: how far the heap grows, in percent of the live heap, before a collection),
 * unless the environment sets one. FerretDB decodes every document it reads from JSON into fresh objects over a live
 * heap of a few tens of MiB, so at Go's default (100: collect whenever the heap has doubled) more than a quarter of
 * its CPU went to collecting; at 1000 it holds about 100 MiB and answers reads of whole requests in about 0.6 of the
 * time (docs/performance.md).
 */
export const FERRETDB_GOGC = '1000';

/** The environment FerretDB runs in: this process's, with {@link FERRETDB_GOGC} where `GOGC` is unset. */
export function ferretDbEnv(): NodeJS.ProcessEnv {
  return inheritedEnv({ GOGC: nonEmpty(process.env.GOGC) ?? FERRETDB_GOGC });
}
