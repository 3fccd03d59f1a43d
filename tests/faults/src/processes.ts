import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** An app (api or worker) running as its own Node process, as in production, so it can be killed for real. */
export interface AppProcess {
  name: string;
  child: ChildProcess;
  /** Settles with the exit code (or null and the signal) once the process is gone. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output(): string;
  signal(signal: NodeJS.Signals): void;
  /** Resolves once a log line matches. */
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<void>;
}

const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** Starts `apps/<app>/src/main.ts` with tsx, directly under Node (no pnpm wrapper, which would eat signals). */
export function startApp(app: 'api' | 'worker', name: string, env: Record<string, string>): AppProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', `apps/${app}/src/main.ts`], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  const lines: string[] = [];
  const listeners = new Set<(line: string) => void>();
  const onData = (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) {
      if (!line) continue;
      lines.push(line);
      if (lines.length > 2_000) lines.shift();
      for (const listener of listeners) listener(line);
    }
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = once(child, 'exit').then(([code, signal]) => {
    running.delete(child);
    return { code: code as number | null, signal: signal as NodeJS.Signals | null };
  });
  return {
    name,
    child,
    exited,
    output: () => lines.join('\n'),
    signal: (signal) => {
      child.kill(signal);
    },
    waitForLine(pattern, timeoutMs = 60_000) {
      if (lines.some((line) => pattern.test(line))) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          listeners.delete(listener);
          reject(
            new Error(`${name}: no line matching ${pattern} within ${timeoutMs} ms:\n${lines.join('\n')}`),
          );
        }, timeoutMs);
        const listener = (line: string) => {
          if (!pattern.test(line)) return;
          clearTimeout(timer);
          listeners.delete(listener);
          resolve();
        };
        listeners.add(listener);
        void exited.then(() => {
          if (!listeners.has(listener)) return;
          clearTimeout(timer);
          listeners.delete(listener);
          reject(new Error(`${name} exited before printing ${pattern}:\n${lines.join('\n')}`));
        });
      });
    },
  };
}

/** Stops a process the way an orchestrator does: SIGTERM, then SIGKILL if it does not exit in time. */
export async function stopApp(
  app: AppProcess,
  timeoutMs = 20_000,
): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (app.child.exitCode !== null || app.child.signalCode !== null) return app.exited;
  app.signal('SIGTERM');
  const timer = setTimeout(() => app.signal('SIGKILL'), timeoutMs);
  const result = await app.exited;
  clearTimeout(timer);
  return result;
}
