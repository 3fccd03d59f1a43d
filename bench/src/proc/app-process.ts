import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type ManagedChild, spawnManaged } from '@fixstream/dev-services';
import { waitFor } from '@fixstream/test-support';

/** `apps/api` or `apps/worker` running as in production, from a given checkout. */
export interface AppProcess {
  readonly name: string;
  /** Pid of the Node process itself (not its guard shell), for /proc/<pid>/status. */
  readonly pid: number;
  /** From spawn until ready: the API's /readyz answered 200, or the worker logged its ready line. */
  readonly startupMs: number;
  output(): string;
  /** SIGSTOP / SIGCONT: an idle variant's background work (its relay) must not run during another's round. */
  pause(): void;
  resume(): void;
  /** SIGKILL to the app alone, as a crash ends it (no shutdown code runs); resolves once it is gone. */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts the app in `root` as deployed, `node apps/<app>/dist/main.js` (built by `pnpm build`), or with
 * `sources` under tsx (a checkout from before the build existed), under dev-services' process guard (so it cannot
 * outlive the bench even if the bench is SIGKILLed). Resolves once the app logs `readyLine` and, when `readyUrl`
 * is given, that URL answers 200.
 */
export async function startApp(opts: {
  app: 'api' | 'worker';
  name: string;
  root: string;
  env: Record<string, string>;
  readyLine: RegExp;
  readyUrl?: string;
  sources?: boolean;
  nodeArgs?: readonly string[];
  timeoutMs?: number;
}): Promise<AppProcess> {
  const lines: string[] = [];
  let ready = false;
  const entry = opts.sources
    ? ['--import', 'tsx', `apps/${opts.app}/src/main.ts`]
    : [builtEntry(opts.root, opts.app)];
  const spawnedAt = performance.now();
  const child: ManagedChild = spawnManaged({
    name: opts.name,
    command: process.execPath,
    args: [...(opts.nodeArgs ?? []), ...entry],
    cwd: opts.root,
    env: { ...process.env, ...opts.env },
    quiet: true,
    keepLines: 60,
    stopTimeoutMs: 20_000,
    onLine(line) {
      lines.push(line);
      if (lines.length > 200) lines.shift();
      if (opts.readyLine.test(line)) ready = true;
    },
  });
  const { readyUrl } = opts;
  try {
    await waitFor(
      async () => {
        if (!child.running()) throw new Error(`${opts.name} exited:\n${child.recentOutput()}`);
        if (!ready || !readyUrl) return ready;
        return fetch(readyUrl).then(
          (response) => response.status === 200,
          () => false,
        );
      },
      `${opts.name} to log ${opts.readyLine}${readyUrl ? ` and ${readyUrl} to answer 200` : ''}`,
      { timeoutMs: opts.timeoutMs ?? 60_000, intervalMs: 10 },
    );
  } catch (error) {
    await child.stop();
    throw error;
  }
  const startupMs = performance.now() - spawnedAt;
  const pid = await nodePidUnder(child.pid);
  return {
    name: opts.name,
    pid,
    startupMs,
    output: () => lines.join('\n'),
    pause: () => signal(pid, 'SIGSTOP'),
    resume: () => signal(pid, 'SIGCONT'),
    kill: async () => {
      signal(pid, 'SIGKILL');
      await child.exited;
    },
    stop: async () => {
      // A stopped process would not act on SIGTERM until continued.
      signal(pid, 'SIGCONT');
      await child.stop();
    },
  };
}

/** The compiled entry point; the bench builds before it starts (see `buildApps`), so a missing one is a bug. */
function builtEntry(root: string, app: 'api' | 'worker'): string {
  const entry = `apps/${app}/dist/main.js`;
  if (!existsSync(join(root, entry)))
    throw new Error(`${join(root, entry)} is missing: run pnpm build first`);
  return entry;
}

/** The guard shell has two children, the app and its watcher subshell: the app is the one running node. */
async function nodePidUnder(shellPid: number): Promise<number> {
  const children = await readFile(`/proc/${shellPid}/task/${shellPid}/children`, 'utf8').catch(() => '');
  for (const pid of children.trim().split(/\s+/).map(Number).filter(Number.isFinite)) {
    const comm = await readFile(`/proc/${pid}/comm`, 'utf8').catch(() => '');
    if (comm.trim() === 'node') return pid;
  }
  throw new Error(`no node process under the guard shell ${shellPid}`);
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // Already gone.
  }
}
