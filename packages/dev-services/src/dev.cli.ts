import { mkdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { DEV_ENV_FILE_NAME, devStateDir, isProcessAlive } from '@fixstream/config';
import { findExecutable, type ManagedChild, spawnManaged } from './child-process.ts';
import { renderBanner } from './dev-banner.ts';
import { devEnvFileOwner, removeDevEnvFile, writeDevEnvFile } from './dev-env-file.ts';
import { ensureDevJwtSecret } from './dev-secret.ts';
import { runSeed } from './dev-seed.ts';
import { devJobSchedules, devSessionEnv } from './dev-session-env.ts';
import { startDevStack } from './dev-stack.ts';
import { devProcessEnv, inheritedEnv, readDevEnv } from './env.ts';
import { isListening } from './readiness.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const APPS = [
  { name: 'api', filter: '@fixstream/api' },
  { name: 'worker', filter: '@fixstream/worker' },
  { name: 'web', filter: '@fixstream/web' },
] as const;

const log = (message: string) => console.log(`[dev] ${message}`);

/** What pnpm 12 prints when the script it runs is stopped by a signal: noise during a deliberate shutdown. */
const PNPM_STOP_NOISE =
  /^\s*$|ELIFECYCLE|ERR_PNPM_RECURSIVE_RUN_FIRST_FAIL|"pnpm recursive run" failed|^Terminated$/;

/** Stop steps in start order; shutdown runs them backwards (apps before the databases they use). */
const stopSteps: (() => Promise<unknown>)[] = [];
let shuttingDown: Promise<void> | null = null;
let firstSignalAt = 0;

/** This session's env file, once written: removed first on the way out, as its services are about to go. */
let envFile: string | null = null;

function removeEnvFile(): void {
  if (envFile) removeDevEnvFile(envFile);
}

function shutdown(code: number, message?: string): Promise<void> {
  shuttingDown ??= (async () => {
    removeEnvFile();
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

/** Refuses to start beside another live session of the same state directory (same data, same env file). */
function ensureNoOtherSession(path: string): void {
  const owner = devEnvFileOwner(path);
  if (owner !== null && owner !== process.pid && isProcessAlive(owner)) {
    throw new Error(
      `another pnpm dev (pid ${owner}) is running with ${path}; stop it first, or give this one its own ` +
        'FIXSTREAM_DEV_DIR',
    );
  }
}

/**
 * `pnpm dev`: starts what the environment does not provide (Redis, MongoDB/FerretDB, the SMTP sink), seeds the
 * demo company, runs the API and the worker in watch mode with that environment, writes that environment to
 * `.fixstream/dev.env` for other terminals (removed on exit), and prints where everything is.
 */
async function main(): Promise<void> {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, onSignal);
  process.on('exit', removeEnvFile);
  const processEnv = devProcessEnv(ROOT);
  const env = readDevEnv(processEnv);
  const stateDir = devStateDir(ROOT, processEnv);
  const dataDir = join(stateDir, 'dev');
  const envFilePath = join(stateDir, DEV_ENV_FILE_NAME);
  ensureNoOtherSession(envFilePath);
  const pnpm = await findExecutable('pnpm');
  if (!pnpm) throw new Error('pnpm was not found on PATH');
  if (await isListening('127.0.0.1', env.apiPort)) {
    throw new Error(`API_PORT ${env.apiPort} is already in use; stop that process or set API_PORT`);
  }
  if (await isListening('127.0.0.1', env.webPort)) {
    throw new Error(`WEB_PORT ${env.webPort} is already in use; stop that process or set WEB_PORT`);
  }
  const secret = env.jwtSecret ?? (await ensureDevJwtSecret(stateDir)).secret;

  log('starting services…');
  const started = Date.now();
  const stack = await startDevStack(env, dataDir);
  stopSteps.push(() => stack.stop());
  log(`services ready in ${Date.now() - started} ms (MongoDB: ${stack.mongo.kind})`);

  const session = devSessionEnv({ stack, jwtSecret: secret, apiPort: env.apiPort });
  mkdirSync(stateDir, { recursive: true });
  envFile = envFilePath;
  writeDevEnvFile(envFilePath, session.file, [
    `Written by pnpm dev (pid ${process.pid}) for other terminals; removed when it stops. Do not edit.`,
    'pnpm seed, pnpm ops and pnpm start:* read it in development; the environment and .env win over it.',
  ]);
  // the jobs every minute, so the demo shows each of them soon (devJobSchedules); the environment wins
  // mails link into the Vite-served app unless APP_URL is set; the environment wins, as for the schedules
  const webEnv = { APP_URL: `http://localhost:${env.webPort}`, WEB_PORT: String(env.webPort) };
  const childEnv = { ...devJobSchedules, ...webEnv, ...inheritedEnv(session.apps) };
  log('seeding the demo company (pnpm seed)…');
  const demoWebhook = stack.demoWebhook
    ? { DEV_WEBHOOK_URL: stack.demoWebhook.url, DEV_WEBHOOK_SECRET: stack.demoWebhook.secret }
    : {};
  const seed = await runSeed({ pnpm, cwd: ROOT, env: { ...childEnv, ...demoWebhook } });

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
      webPort: env.webPort,
      stack,
      seed,
      dataDir: relative(process.cwd(), dataDir) || '.',
      envFile: relative(process.cwd(), envFilePath),
      keyPrefix: env.keyPrefix,
      apiHealthy: healthy,
    }),
  );
}

main().catch((error: unknown) => {
  void shutdown(1, error instanceof Error ? error.message : String(error));
});
