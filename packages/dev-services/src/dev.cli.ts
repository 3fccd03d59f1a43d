import { dirname, join, relative, resolve } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { findExecutable, type ManagedChild, spawnManaged } from './child-process.ts';
import { renderBanner } from './dev-banner.ts';
import { runSeed } from './dev-seed.ts';
import { startDevStack } from './dev-stack.ts';
import { inheritedEnv, readDevEnv } from './env.ts';
import { isListening } from './readiness.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const DATA_DIR = join(ROOT, '.fixstream', 'dev');
const APPS = [
  { name: 'api', filter: '@fixstream/api' },
  { name: 'worker', filter: '@fixstream/worker' },
] as const;

const log = (message: string) => console.log(`[dev] ${message}`);

/** What pnpm 12 prints when the script it runs is stopped by a signal: noise during a deliberate shutdown. */
const PNPM_STOP_NOISE =
  /^\s*$|ELIFECYCLE|ERR_PNPM_RECURSIVE_RUN_FIRST_FAIL|"pnpm recursive run" failed|^Terminated$/;

/** Stop steps in start order; shutdown runs them backwards (apps before the databases they use). */
const stopSteps: (() => Promise<unknown>)[] = [];
let shuttingDown: Promise<void> | null = null;
let firstSignalAt = 0;

function shutdown(code: number, message?: string): Promise<void> {
  shuttingDown ??= (async () => {
    if (message) console.error(`[dev] ${message}`);
    for (const step of [...stopSteps].reverse()) {
      await step().catch((error: unknown) => console.error(`[dev] while stopping: ${String(error)}`));
    }
    process.exit(code);
  })();
  return shuttingDown;
}

function onSignal(signal: NodeJS.Signals): void {
  if (!shuttingDown) {
    firstSignalAt = Date.now();
    log(`${signal}: stopping the apps and services…`);
    void shutdown(0);
    return;
  }
  // The same Ctrl-C can arrive twice (terminal and the tsx/pnpm wrappers); only a later one means "hurry".
  if (Date.now() - firstSignalAt > 1_000) {
    console.error('[dev] second signal: exiting now (remaining children get SIGTERM)');
    process.exit(1);
  }
}

async function waitForHealth(port: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !shuttingDown) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/healthz`, {
        signal: AbortSignal.timeout(2_000),
      });
      if (response.status < 500) return true;
    } catch {
      // not listening yet
    }
    await delay(250);
  }
  return false;
}

/**
 * `pnpm dev`: starts what the environment does not provide (Redis, MongoDB/FerretDB, the SMTP sink), seeds the
 * demo company, runs the API and the worker in watch mode with that environment, and prints where everything is.
 */
async function main(): Promise<void> {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, onSignal);
  const env = readDevEnv();
  const pnpm = await findExecutable('pnpm');
  if (!pnpm) throw new Error('pnpm was not found on PATH');
  if (await isListening('127.0.0.1', env.apiPort)) {
    throw new Error(`API_PORT ${env.apiPort} is already in use; stop that process or set API_PORT`);
  }

  log('starting services…');
  const started = Date.now();
  const stack = await startDevStack(env, DATA_DIR);
  stopSteps.push(() => stack.stop());
  log(`services ready in ${Date.now() - started} ms (MongoDB: ${stack.mongo.kind})`);

  const childEnv = inheritedEnv({
    ...stack.appEnv,
    MAIL_FROM: env.mailFrom,
    JWT_SECRET: env.jwtSecret,
    API_PORT: String(env.apiPort),
  });
  log('seeding the demo company (pnpm seed)…');
  const seed = await runSeed({ pnpm, cwd: ROOT, env: childEnv });

  const apps: ManagedChild[] = APPS.map(({ name, filter }) =>
    spawnManaged({
      name,
      command: pnpm,
      args: ['--filter', filter, 'run', 'dev'],
      cwd: ROOT,
      env: childEnv,
      echoLine: (line) => !(shuttingDown && PNPM_STOP_NOISE.test(line)),
    }),
  );
  stopSteps.push(() => Promise.all(apps.map((app) => app.stop())));
  const firstExit = Promise.race(apps.map((app) => app.exited.then((exit) => ({ app, exit }))));
  void firstExit.then(({ app, exit }) => {
    if (shuttingDown) return;
    const how = exit.signal ?? `code ${exit.code}`;
    void shutdown(1, `${app.name} exited (${how}); its output is above. Stopping everything.`);
  });

  const healthy = await waitForHealth(env.apiPort, 30_000);
  if (shuttingDown) return;
  console.log(
    renderBanner({
      apiPort: env.apiPort,
      stack,
      seed,
      dataDir: relative(process.cwd(), DATA_DIR) || '.',
      apiHealthy: healthy,
    }),
  );
}

main().catch((error: unknown) => {
  void shutdown(1, error instanceof Error ? error.message : String(error));
});
