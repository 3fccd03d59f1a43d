import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { setTimeout as delay } from 'node:timers/promises';
import { groupHasLiveMembers, signalGroup, terminateTree } from './process-group.ts';

/** How a child process ended: exit code, or the signal that killed it. */
export type ChildExit = { code: number | null; signal: NodeJS.Signals | null };

/** Options of {@link spawnManaged}. */
export type ManagedChildOptions = {
  /** Short name used in the `[name]` output prefix and in error messages. */
  name: string;
  command: string;
  args?: readonly string[];
  cwd?: string;
  /** Full environment of the child; inherits the parent's when omitted. */
  env?: NodeJS.ProcessEnv;
  /** Do not echo the child's output (it is still kept for error messages). */
  quiet?: boolean;
  /** Return false to keep a line off the console (it is still kept and passed to `onLine`). */
  echoLine?: (line: string) => boolean;
  /** Called for every output line, e.g. to capture a command's last stdout line. */
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
  /** How long `stop()` waits after SIGTERM before sending SIGKILL. Default 10 s. */
  stopTimeoutMs?: number;
  /** How many recent output lines to keep for error messages. Default 40. */
  keepLines?: number;
};

/** A running child process whose whole process tree is stopped and reaped by `stop()`. */
export type ManagedChild = {
  readonly name: string;
  /** Pid of the wrapper shell, which is also the process-group id of the child's tree. */
  readonly pid: number;
  /** Settles when the child has exited (never rejects). */
  readonly exited: Promise<ChildExit>;
  running(): boolean;
  /** The last output lines, one string, for error messages. */
  recentOutput(): string;
  /**
   * SIGTERM to the tree (leaves first, so each process gets exactly one), SIGKILL to the group after the timeout;
   * resolves once it has exited. Safe to call twice.
   */
  stop(): Promise<ChildExit>;
};

/**
 * Runs the command in its own process group under a tiny `sh` guard. The guard's watcher holds the read end of a
 * pipe whose write end only this Node process has: when this process dies in any way (even SIGKILL, where no
 * 'exit' handler runs), it reads EOF and ends the group: SIGTERM, then SIGKILL once the command has exited or
 * 5 s have passed (which also ends grandchildren that ignored SIGTERM). While it waits, the watcher keeps the
 * default SIGTERM action, so `stop()` can signal every leaf of the tree without special-casing it. Its own group
 * also means a terminal Ctrl-C reaches only the parent, which then stops its children in order.
 */
const GUARD_SCRIPT = [
  'exec 3<&0',
  '"$@" 3<&- </dev/null &',
  'child=$!',
  'orphaned=',
  "trap ':' TERM INT HUP",
  "trap 'orphaned=1' USR1",
  '( read -r _ <&3; trap "" TERM INT HUP; kill -USR1 $$; kill -TERM 0; n=0',
  '  while [ "$n" -lt 50 ] && kill -0 "$child" 2>/dev/null; do sleep 0.1; n=$((n + 1)); done',
  '  kill -KILL 0 ) >/dev/null 2>&1 </dev/null &',
  'watcher=$!',
  'exec 3<&-',
  'while :; do',
  '  wait "$child"; status=$?',
  '  kill -0 "$child" 2>/dev/null || break',
  'done',
  '[ -n "$orphaned" ] || kill -KILL "$watcher" 2>/dev/null',
  'wait "$watcher" 2>/dev/null',
  'exit "$status"',
].join('\n');

const live = new Set<number>();
let exitHookInstalled = false;

/** Last resort for a parent that exits without stopping its children: signal each group synchronously. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const pgid of live) signalGroup(pgid, 'SIGTERM');
  });
}

/**
 * Spawns a long-running child (a database, a dev server) so that it cannot outlive this process, its output is
 * prefixed with `[name]`, and its last lines are at hand when it fails to start.
 */
export function spawnManaged(opts: ManagedChildOptions): ManagedChild {
  const keep = opts.keepLines ?? 40;
  const recent: string[] = [];
  const proc = spawn('/bin/sh', ['-c', GUARD_SCRIPT, opts.name, opts.command, ...(opts.args ?? [])], {
    cwd: opts.cwd,
    env: opts.env,
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: true,
  });
  const pid = proc.pid;
  if (pid === undefined) throw new Error(`[${opts.name}] could not spawn /bin/sh for ${opts.command}`);
  live.add(pid);
  installExitHook();

  let exitInfo: ChildExit | null = null;
  const exited = new Promise<ChildExit>((resolve) => {
    proc.once('exit', (code, signal) => {
      exitInfo = { code, signal };
      live.delete(pid);
      resolve(exitInfo);
    });
    proc.once('error', (error) => {
      recent.push(`spawn error: ${error.message}`);
      exitInfo = { code: null, signal: null };
      live.delete(pid);
      resolve(exitInfo);
    });
  });

  const follow = (stream: Readable, kind: 'stdout' | 'stderr') => {
    const lines = createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
    lines.on('line', (line) => {
      recent.push(line.length > 500 ? `${line.slice(0, 500)}…` : line);
      if (recent.length > keep) recent.shift();
      if (!opts.quiet && opts.echoLine?.(line) !== false) {
        (kind === 'stderr' ? process.stderr : process.stdout).write(`[${opts.name}] ${line}\n`);
      }
      opts.onLine?.(line, kind);
    });
  };
  follow(proc.stdout, 'stdout');
  follow(proc.stderr, 'stderr');
  // Never written to: only its closing (this process died) matters to the guard.
  proc.stdin.on('error', () => {});

  let stopping: Promise<ChildExit> | null = null;
  const stop = (): Promise<ChildExit> => {
    stopping ??= stopGroup(pid, exited, () => exitInfo !== null, opts.stopTimeoutMs ?? 10_000);
    return stopping;
  };

  return {
    name: opts.name,
    pid,
    exited,
    running: () => exitInfo === null,
    recentOutput: () => recent.join('\n'),
    stop,
  };
}

async function stopGroup(
  pgid: number,
  exited: Promise<ChildExit>,
  hasExited: () => boolean,
  timeoutMs: number,
): Promise<ChildExit> {
  const deadline = Date.now() + timeoutMs;
  if (!hasExited()) await terminateTree(pgid, deadline);
  const timer = new AbortController();
  const timedOut = await Promise.race([
    exited.then(() => false),
    delay(Math.max(deadline - Date.now(), 0), true, { signal: timer.signal }).catch(() => false),
  ]);
  timer.abort();
  if (timedOut) signalGroup(pgid, 'SIGKILL');
  const result = await exited;
  // Grandchildren (e.g. node under pnpm) may still be finishing: give them a moment, then kill what is left.
  const graceEnd = Date.now() + 2_000;
  while ((await groupHasLiveMembers(pgid)) && Date.now() < graceEnd) await delay(25);
  signalGroup(pgid, 'SIGKILL');
  return result;
}

/** Resolves a command name on PATH to its absolute path (via `sh -c 'command -v'`), or null if absent. */
export async function findExecutable(command: string): Promise<string | null> {
  const { stdout, code } = await runCapture('/bin/sh', ['-c', 'command -v "$1"', 'sh', command]);
  const path = stdout.trim();
  return code === 0 && path.startsWith('/') ? path : null;
}

/** Result of {@link runCapture}. */
export type CaptureResult = { code: number | null; stdout: string; stderr: string };

/** Runs a short command to completion and captures its output (version checks, `go env`); never rejects. */
export function runCapture(
  command: string,
  args: readonly string[],
  opts: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number } = {},
): Promise<CaptureResult> {
  return new Promise((resolve) => {
    const proc = spawn(command, args, {
      env: opts.env,
      cwd: opts.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: opts.timeoutMs ?? 30_000,
    });
    let stdout = '';
    let stderr = '';
    proc.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    proc.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    proc.once('error', (error) => resolve({ code: null, stdout, stderr: `${stderr}${error.message}` }));
    proc.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}
