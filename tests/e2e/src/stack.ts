import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { type ManagedChild, mongoUriFor, runCapture, spawnManaged } from '@fixstream/dev-services';
import { quietJobSchedules, waitFor } from '@fixstream/test-support';
import getPort from 'get-port';
import { inject } from 'vitest';

/** Repository root: the e2e tests run the product the way a person does, with `pnpm` scripts from here. */
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** The contract `pnpm seed` prints as its last stdout line. */
export interface SeedOutput {
  company: { id: string; name: string };
  users: { id: string; name: string; email: string; password: string; role: string }[];
  teams: { id: string; name: string; members: string[] }[];
  equipment: { id: string; name: string; serialNumber: string; location: string }[];
}

/** API and worker as separate processes on the suite's services, with a database and key prefix of their own. */
export interface Stack {
  env: Record<string, string>;
  apiUrl: string;
  seed: SeedOutput;
  api: ManagedChild;
  worker: ManagedChild;
  stop(): Promise<void>;
}

export async function runSeed(env: Record<string, string>): Promise<SeedOutput> {
  const result = await runCapture('pnpm', ['seed'], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    timeoutMs: 60_000,
  });
  if (result.code !== 0)
    throw new Error(`pnpm seed failed (${result.code}):\n${result.stderr}\n${result.stdout}`);
  const lastLine = result.stdout.trim().split('\n').at(-1) ?? '';
  return JSON.parse(lastLine) as SeedOutput;
}

async function waitForHttp(url: string, child: ManagedChild, timeoutMs = 60_000): Promise<void> {
  await waitFor(
    async () => {
      if (!child.running())
        throw new Error(`${child.name} exited before it was ready:\n${child.recentOutput()}`);
      return fetch(url).then(
        (response) => response.ok,
        () => false,
      );
    },
    () => `${url} to answer:\n${child.recentOutput()}`,
    { timeoutMs, intervalMs: 100 },
  );
}

/**
 * Seeds a database, then starts the API and the worker: from their sources under tsx (no build step before the
 * tests), or with `compiled` as deployed, through `pnpm start:api` and `pnpm start:worker` (after `pnpm build`).
 * `env` adds settings (short job schedules, say) to every process.
 */
export async function startStack(
  options: { compiled?: boolean; env?: Record<string, string> } = {},
): Promise<Stack> {
  const services = inject('services');
  const port = await getPort();
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    MONGODB_URI: mongoUriFor(services.mongoUri, `e2e-${randomUUID()}`),
    REDIS_URL: services.redisUrl,
    FIXSTREAM_KEY_PREFIX: `e2e:${randomUUID()}:`,
    MAIL_HOST: services.smtp.host,
    MAIL_PORT: String(services.smtp.port),
    MAIL_FROM: 'fixstream <noreply@fixstream.test>',
    APP_URL: 'https://app.fixstream.test',
    JWT_SECRET: `e2e-${randomUUID()}`,
    API_PORT: String(port),
    API_HOST: '127.0.0.1',
    BCRYPT_ROUNDS: '4',
    ...quietJobSchedules,
    ...options.env,
  };
  const seed = await runSeed(env);
  const childEnv = { ...process.env, ...env };
  const api = spawnManaged({
    name: 'api',
    command: 'pnpm',
    args: options.compiled ? ['start:api'] : ['--filter', '@fixstream/api', 'run', 'start:src'],
    cwd: repoRoot,
    env: childEnv,
    quiet: true,
  });
  const worker = spawnManaged({
    name: 'worker',
    command: 'pnpm',
    args: options.compiled ? ['start:worker'] : ['--filter', '@fixstream/worker', 'run', 'start:src'],
    cwd: repoRoot,
    env: childEnv,
    quiet: true,
  });
  const stop = async () => {
    await Promise.all([api.stop(), worker.stop()]);
  };
  try {
    await waitForHttp(`http://127.0.0.1:${port}/readyz`, api);
  } catch (error) {
    await stop();
    throw error;
  }
  return { env, apiUrl: `http://127.0.0.1:${port}/trpc`, seed, api, worker, stop };
}
