import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { waitFor } from '@fixstream/test-support';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** A TypeScript script run as a process of its own, which prints one JSON object per line of what it does. */
export interface JsonLineProcess<T> {
  child: ChildProcess;
  exited: Promise<unknown>;
  /** Every line it printed but `{"kind":"started"}`, parsed. */
  seen: T[];
}

/**
 * Starts `script` (a path relative to this folder) with `env` added, and resolves once it printed
 * `{"kind":"started"}`; fails with its stderr (and kills it) if it exits or does not start in time.
 */
export async function startJsonLineProcess<T>(
  script: string,
  env: Record<string, string>,
  name: string,
): Promise<JsonLineProcess<T>> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(new URL(script, import.meta.url))],
    {
      cwd: repoRoot,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const started = { value: false };
  const instance: JsonLineProcess<T> = { child, exited: once(child, 'exit'), seen: [] };
  let exited = false;
  void instance.exited.then(() => {
    exited = true;
  });
  const output: string[] = [];
  let partial = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    const lines = (partial + chunk.toString()).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      const parsed = JSON.parse(line) as T | { kind: 'started' };
      if ((parsed as { kind?: string }).kind === 'started') started.value = true;
      else instance.seen.push(parsed as T);
    }
  });
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  try {
    await waitFor(
      () => {
        if (exited) throw new Error(`${name} exited:\n${output.join('')}`);
        return started.value;
      },
      () => `${name} to start:\n${output.join('')}`,
      { timeoutMs: 60_000 },
    );
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return instance;
}
