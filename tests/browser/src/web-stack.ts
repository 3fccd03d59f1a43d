import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import {
  type ManagedChild,
  mongoUriFor,
  runCapture,
  type ServiceEndpoints,
  spawnManaged,
} from '@fixstream/dev-services';
import { quietJobSchedules, waitFor } from '@fixstream/test-support';
import getPort from 'get-port';
import { inject } from 'vitest';

export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** The contract `pnpm seed` prints as its last stdout line (the fields these tests use). */
export interface SeedOutput {
  users: { id: string; name: string; email: string; password: string; role: string }[];
  teams: { id: string; name: string; members: string[] }[];
  equipment: { id: string; name: string; serialNumber: string }[];
}

/** The API (serving the built web app) and the worker, on the suite's services, with a database of their own. */
export interface WebStack {
  baseUrl: string;
  seed: SeedOutput;
  user(email: string): SeedOutput['users'][number];
  stop(): Promise<void>;
}

async function runSeed(env: NodeJS.ProcessEnv): Promise<SeedOutput> {
  const result = await runCapture('pnpm', ['seed'], { cwd: repoRoot, env, timeoutMs: 60_000 });
  if (result.code !== 0)
    throw new Error(`pnpm seed failed (${result.code}):\n${result.stderr}\n${result.stdout}`);
  return JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '') as SeedOutput;
}

/**
 * Seeds the demo company, then starts the API with `WEB_DIST_DIR` (so the browser loads the app from the API, CSP
 * and all, as in production) and the worker that sends the mails, both from their sources. `envOverrides` replace
 * settings of both apps, e.g. a mail server of the test's own that it can make refuse mail, or short retries;
 * `services` are the suite's unless given (the screenshot script starts its own).
 */
export async function startWebStack(
  webDistDir: string,
  envOverrides: NodeJS.ProcessEnv = {},
  services: ServiceEndpoints = inject('services'),
): Promise<WebStack> {
  const port = await getPort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    MONGODB_URI: mongoUriFor(services.mongoUri, `browser-${randomUUID()}`),
    REDIS_URL: services.redisUrl,
    FIXSTREAM_KEY_PREFIX: `browser:${randomUUID()}:`,
    MAIL_HOST: services.smtp.host,
    MAIL_PORT: String(services.smtp.port),
    MAIL_FROM: 'fixstream <noreply@fixstream.test>',
    APP_URL: baseUrl,
    JWT_SECRET: `browser-${randomUUID()}`,
    API_PORT: String(port),
    API_HOST: '127.0.0.1',
    BCRYPT_ROUNDS: '4',
    WEB_DIST_DIR: webDistDir,
    ...quietJobSchedules,
    ...envOverrides,
  };
  const seed = await runSeed(env);
  const start = (name: string, filter: string) =>
    spawnManaged({
      name,
      command: 'pnpm',
      args: ['--filter', filter, 'run', 'start:src'],
      cwd: repoRoot,
      env,
      quiet: true,
    });
  const children: ManagedChild[] = [start('api', '@fixstream/api'), start('worker', '@fixstream/worker')];
  const stop = async () => {
    await Promise.all(children.map((child) => child.stop()));
  };
  const [api] = children;
  try {
    await waitFor(
      async () => {
        if (!api?.running()) throw new Error(`the API exited:\n${api?.recentOutput()}`);
        return fetch(`${baseUrl}/readyz`).then(
          (response) => response.ok,
          () => false,
        );
      },
      () => `${baseUrl}/readyz to answer:\n${api?.recentOutput()}`,
      { timeoutMs: 60_000, intervalMs: 100 },
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    baseUrl,
    seed,
    user(email) {
      const found = seed.users.find((candidate) => candidate.email === email);
      if (!found) throw new Error(`the seed has no ${email}`);
      return found;
    },
    stop,
  };
}
