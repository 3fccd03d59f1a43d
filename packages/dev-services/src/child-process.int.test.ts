import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findExecutable, spawnManaged } from './child-process.ts';
import { groupHasLiveMembers } from './process-group.ts';
import { waitUntilReady } from './readiness.ts';

const CHILD_PROCESS_MODULE = fileURLToPath(new URL('./child-process.ts', import.meta.url));
const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));

/** A process that has exited but is not reaped yet (a zombie) counts as gone. */
function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] !== 'Z';
  } catch {
    return true;
  }
}

async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (condition()) return true;
    await delay(25);
  }
  return condition();
}

describe('spawnManaged', () => {
  it('prefixes and keeps output, reports the exit code', async () => {
    const lines: string[] = [];
    const child = spawnManaged({
      name: 'echo',
      command: '/bin/sh',
      args: ['-c', 'echo out; echo err >&2; exit 3'],
      quiet: true,
      onLine: (line, stream) => lines.push(`${stream}:${line}`),
    });
    expect(await child.exited).toEqual({ code: 3, signal: null });
    expect(lines.sort()).toEqual(['stderr:err', 'stdout:out']);
    expect(child.recentOutput().split('\n').sort()).toEqual(['err', 'out']);
    expect(child.running()).toBe(false);
  });

  it('stops with SIGTERM, escalates to SIGKILL for a child that ignores it, and is safe twice', async () => {
    const polite = spawnManaged({ name: 'polite', command: 'sleep', args: ['300'], quiet: true });
    const stubborn = spawnManaged({
      name: 'stubborn',
      command: '/bin/sh',
      args: ['-c', 'trap "" TERM; sleep 300 & wait'],
      quiet: true,
      stopTimeoutMs: 300,
    });
    await polite.stop();
    const [first, second] = await Promise.all([stubborn.stop(), stubborn.stop()]);
    expect(first).toBe(second);
    expect(await groupHasLiveMembers(polite.pid)).toBe(false);
    expect(await groupHasLiveMembers(stubborn.pid)).toBe(false);
  });

  it('waitUntilReady fails fast with the output of a child that exits', async () => {
    const child = spawnManaged({
      name: 'broken',
      command: '/bin/sh',
      args: ['-c', 'echo "bind: address already in use" >&2; exit 1'],
      quiet: true,
    });
    await expect(
      waitUntilReady({ child, what: 'broken server', timeoutMs: 10_000, check: async () => false }),
    ).rejects.toThrow(/broken server exited during startup \(code 1\)[\s\S]*bind: address already in use/);
  });

  it('resolves executables on PATH', async () => {
    expect(await findExecutable('sh')).toMatch(/^\/.*sh$/);
    expect(await findExecutable('no-such-command-fixstream')).toBeNull();
  });
});

describe('children die with their parent', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fixstream-child-test-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  /** Starts a parent that spawns `sleep` via spawnManaged; returns the pid of that sleep. */
  async function runParent(ending: 'sigkill' | 'exit'): Promise<number> {
    const script = join(dir, `parent-${ending}.mts`);
    await writeFile(
      script,
      [
        `import { spawnManaged } from ${JSON.stringify(CHILD_PROCESS_MODULE)};`,
        `spawnManaged({ name: 'sleeper', command: '/bin/sh', args: ['-c', 'echo $$; exec sleep 300'] });`,
        ending === 'exit' ? 'setTimeout(() => process.exit(0), 300);' : 'setInterval(() => {}, 1000);',
      ].join('\n'),
    );
    const parent = spawn(process.execPath, ['--import', 'tsx', script], {
      cwd: PACKAGE_DIR,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const pid = await new Promise<number>((resolve, reject) => {
      parent.stdout.once('data', (chunk: Buffer) =>
        resolve(Number(/\[sleeper\] (\d+)/.exec(chunk.toString())?.[1])),
      );
      parent.once('exit', (code) => reject(new Error(`parent exited early (${code})`)));
    });
    expect(processAlive(pid)).toBe(true);
    if (ending === 'sigkill') parent.kill('SIGKILL');
    return pid;
  }

  it('when the parent is SIGKILLed (no exit handler runs): the stdin guard ends them', async () => {
    const pid = await runParent('sigkill');
    expect(await waitUntil(() => !processAlive(pid), 10_000)).toBe(true);
  });

  it('when the parent exits without stopping them: the exit handler ends them', async () => {
    const pid = await runParent('exit');
    expect(await waitUntil(() => !processAlive(pid), 10_000)).toBe(true);
  });
});
