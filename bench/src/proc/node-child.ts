import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';

/** A Node process the bench started: its pid (for RSS), its last output lines, and IPC messages. */
export interface NodeChild {
  readonly name: string;
  readonly pid: number;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Sends an IPC message (bench child scripts only). */
  send(message: unknown): void;
  /** Resolves with the first IPC message the predicate accepts; rejects if the process exits first. */
  waitForMessage<T>(predicate: (message: unknown) => message is T, timeoutMs?: number): Promise<T>;
  onMessage(listener: (message: unknown) => void): () => void;
  /** Resolves once an output line matches (the apps log "API listening", "worker running"). */
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<void>;
  output(): string;
  /** SIGSTOP / SIGCONT, so an idle process takes no CPU from another's measurement. */
  pause(): void;
  resume(): void;
  /** SIGTERM, then SIGKILL after `timeoutMs`; resolves once it has exited. Safe to call twice. */
  stop(timeoutMs?: number): Promise<void>;
}

const live = new Set<ChildProcess>();
let exitHookInstalled = false;

/** Kills what is still running when the bench exits in any way Node can still react to. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const child of live) child.kill('SIGKILL');
  });
}

/**
 * Runs a TypeScript entry point under `node --import tsx` directly (no pnpm wrapper, so signals and
 * /proc/<pid>/status belong to the process doing the work), with an IPC channel. Bench child scripts exit when
 * that channel closes, so they cannot outlive a bench that was killed.
 */
export function startNodeChild(opts: {
  name: string;
  entry: string;
  args?: readonly string[];
  cwd: string;
  env?: Record<string, string>;
  nodeArgs?: readonly string[];
}): NodeChild {
  const child = spawn(
    process.execPath,
    [...(opts.nodeArgs ?? []), '--import', 'tsx', opts.entry, ...(opts.args ?? [])],
    {
      cwd: opts.cwd,
      // Production mode like the apps, so libraries (React above all) run their fast builds on both sides.
      env: { ...process.env, NODE_ENV: 'production', ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    },
  );
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not start ${opts.name}`);
  live.add(child);
  installExitHook();
  const lines: string[] = [];
  const lineListeners = new Set<(line: string) => void>();
  const onData = (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) {
      if (!line) continue;
      lines.push(line);
      if (lines.length > 200) lines.shift();
      for (const listener of lineListeners) listener(line);
    }
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = once(child, 'exit').then(([code, signal]) => {
    live.delete(child);
    return { code: code as number | null, signal: signal as NodeJS.Signals | null };
  });
  const describe = () => `${opts.name} (pid ${pid}) output:\n${lines.slice(-40).join('\n')}`;

  function waitFor<T>(
    subscribe: (resolve: (value: T) => void) => () => void,
    what: string,
    timeoutMs: number,
  ): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let done = false;
      const finish = (fn: () => void) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        unsubscribe();
        fn();
      };
      const timer = setTimeout(
        () => finish(() => reject(new Error(`${what}: timed out after ${timeoutMs} ms; ${describe()}`))),
        timeoutMs,
      );
      const unsubscribe = subscribe((value) => finish(() => resolve(value)));
      void exited.then(() => finish(() => reject(new Error(`${what}: process exited; ${describe()}`))));
    });
  }

  let stopping: Promise<void> | null = null;
  return {
    name: opts.name,
    pid,
    exited,
    send(message) {
      if (child.connected) child.send(message as never);
    },
    onMessage(listener) {
      child.on('message', listener);
      return () => child.off('message', listener);
    },
    waitForMessage<T>(predicate: (message: unknown) => message is T, timeoutMs = 60_000) {
      return waitFor<T>(
        (resolve) => {
          const listener = (message: unknown) => {
            if (predicate(message)) resolve(message);
          };
          child.on('message', listener);
          return () => child.off('message', listener);
        },
        `${opts.name}: waiting for a message`,
        timeoutMs,
      );
    },
    waitForLine(pattern, timeoutMs = 60_000) {
      if (lines.some((line) => pattern.test(line))) return Promise.resolve();
      return waitFor<void>(
        (resolve) => {
          const listener = (line: string) => {
            if (pattern.test(line)) resolve();
          };
          lineListeners.add(listener);
          return () => lineListeners.delete(listener);
        },
        `${opts.name}: waiting for ${pattern}`,
        timeoutMs,
      );
    },
    output: () => lines.join('\n'),
    pause: () => void child.kill('SIGSTOP'),
    resume: () => void child.kill('SIGCONT'),
    stop(timeoutMs = 15_000) {
      stopping ??= (async () => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        child.kill('SIGCONT');
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
        await exited;
        clearTimeout(timer);
      })();
      return stopping;
    },
  };
}
