import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseEnv } from 'node:util';
import { findDotEnv } from './dot-env.ts';

/** An environment as apps see it: variable names to values, `undefined` for unset. */
export type EnvSource = Record<string, string | undefined>;

/**
 * Where `pnpm dev` keeps its state (service data, its env file, its JWT secret), relative to the workspace root;
 * `FIXSTREAM_DEV_DIR` moves it (tests use that to keep a developer's own `pnpm dev` out of their way).
 */
export const DEV_STATE_DIR = '.fixstream';
/** The file a running `pnpm dev` writes into its state directory, and removes when it stops. */
export const DEV_ENV_FILE_NAME = 'dev.env';
/** Written into the dev env file: the pid of the `pnpm dev` that wrote it, so a file left by a killed one is ignored. */
export const DEV_PID_VARIABLE = 'FIXSTREAM_DEV_PID';

/** The nearest directory at or above `startDir` that holds `pnpm-workspace.yaml`, or null outside the repo. */
export function findWorkspaceRoot(startDir: string): string | null {
  let dir = resolve(startDir);
  for (;;) {
    if (existsSync(join(dir, 'pnpm-workspace.yaml'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

/** `pnpm dev`'s state directory: `FIXSTREAM_DEV_DIR` (relative paths from the workspace root) or `.fixstream`. */
export function devStateDir(root: string, env: EnvSource): string {
  const configured = env.FIXSTREAM_DEV_DIR?.trim();
  return resolve(root, configured || DEV_STATE_DIR);
}

/** Whether a process with this pid exists (one of another user, which we may not signal, counts). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Options of {@link readEnvLayers}. */
export type EnvLayersOptions = {
  /** Where the process runs: `.env` is looked up from here, the workspace root (and its dev env file) too. */
  cwd: string;
  /** Read the env file of a running `pnpm dev` (default true); `pnpm dev` itself turns it off. */
  devFile?: boolean;
  /** Told why a dev env file was skipped. Default: `console.warn`. */
  warn?: (message: string) => void;
  isAlive?: (pid: number) => boolean;
};

function readEnvFile(path: string): EnvSource {
  return parseEnv(readFileSync(path, 'utf8'));
}

function devFileLayer(root: string, above: EnvSource, options: EnvLayersOptions): EnvSource {
  const nodeEnv = above.NODE_ENV?.trim();
  if (nodeEnv && nodeEnv !== 'development') return {};
  const path = join(devStateDir(root, above), DEV_ENV_FILE_NAME);
  if (!existsSync(path)) return {};
  const layer = readEnvFile(path);
  const pid = Number(layer[DEV_PID_VARIABLE]);
  if (Number.isInteger(pid) && pid > 0 && !(options.isAlive ?? isProcessAlive)(pid)) {
    (options.warn ?? console.warn)(
      `Ignoring ${path}: the pnpm dev that wrote it (pid ${pid}) is not running any more.`,
    );
    return {};
  }
  return layer;
}

/**
 * The environment an app should validate: the process environment, then a `.env` file (the nearest one up to the
 * workspace root), then, in development only, the env file of a running `pnpm dev` (the URIs of the services it
 * started and its JWT secret), so `pnpm seed`, `pnpm ops` and `pnpm start:*` work from a second terminal.
 * A variable the process environment sets, even to an empty string, wins over `.env`. The dev file fills in only
 * what both leave unset or empty (empty means unset to the apps, and `.env.example` leaves `JWT_SECRET` empty for
 * `pnpm dev` to fill). With `NODE_ENV` set to anything but `development` the dev file is never read: production and
 * tests get only what they were given.
 */
export function readEnvLayers(processEnv: EnvSource, options: EnvLayersOptions): EnvSource {
  const dotEnvPath = findDotEnv(options.cwd);
  const dotEnv = dotEnvPath ? readEnvFile(dotEnvPath) : {};
  const above: EnvSource = { ...dotEnv, ...withoutUnset(processEnv) };
  const root = findWorkspaceRoot(options.cwd);
  const devLayer = options.devFile === false || root === null ? {} : devFileLayer(root, above, options);
  return { ...devLayer, ...withoutEmpty(above) };
}

function withoutUnset(env: EnvSource): EnvSource {
  return Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined));
}

function withoutEmpty(env: EnvSource): EnvSource {
  return Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
}
