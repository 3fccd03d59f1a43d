import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { connectDatabase, type Database } from '@fixstream/db';
import { inheritedEnv, mongoUriFor } from '@fixstream/dev-services';
import {
  createFunctionWorker,
  createPublisher,
  type EventPublisher,
  type FunctionDefinition,
  type FunctionWorker,
  type FunctionWorkerOptions,
  type RedisConnection,
  type StreamKeys,
  streamKeys,
} from '@fixstream/events';
import { createOutbox, createRunLedger } from '@fixstream/run-storage';
import { Cluster, Redis } from 'ioredis';
import { inject } from 'vitest';
import type { CliIo } from '../cli/io.ts';
import { runOps } from '../cli/main.ts';
import type { OpsRuntime } from '../cli/runtime.ts';
import { parseOpsEnv } from '../env.ts';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));

/** What one run of the CLI printed and how it ended. */
export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** stdout parsed as the single JSON document `--json` promises (throws if it is anything else). */
  json<T = Record<string, unknown>>(): T;
}

/** One test file's world: its own database and key prefix on the suite's services, a worker, and the CLI. */
export interface OpsHarness {
  /** The test's own connection. */
  db: Database;
  /**
   * The connection the worker and `cliInProcess` use: with `monitorCommands`, a second one that reports every
   * command it sends (and only theirs); else `db`.
   */
  watched: Database;
  redis: RedisConnection;
  prefix: string;
  keys: StreamKeys;
  publisher: EventPublisher;
  startWorker(
    functions: FunctionDefinition[],
    options?: Partial<FunctionWorkerOptions>,
  ): Promise<FunctionWorker>;
  /** Runs `pnpm ops <args>` as operators do: a separate process, configured by the environment. */
  cli(...args: string[]): Promise<CliRun>;
  /** The same with some variables changed, e.g. a Redis that does not answer. */
  cliWithEnv(overrides: Record<string, string>, ...args: string[]): Promise<CliRun>;
  /** Runs a command in this process, on the harness's own connections (whose commands a test can watch). */
  cliInProcess(...args: string[]): Promise<CliRun>;
  close(): Promise<void>;
}

/**
 * Timings small enough for tests, same code paths as production. Runs may be held open for a while, and streams are
 * never trimmed (the first trim is due once `trimIntervalMs` has passed since 1970), so lengths stay what was published.
 */
export const fastTimings = {
  blockMs: 100,
  reclaimIdleMs: 400,
  reclaimIntervalMs: 100,
  timeoutMs: 30_000,
  retries: { retries: 1, initialDelayMs: 10, factor: 1, maxDelayMs: 10, jitter: 0 },
  leaderDuties: { intervalMs: 100, trimIntervalMs: Number.MAX_SAFE_INTEGER },
} satisfies Partial<FunctionWorkerOptions>;

/** The suite's single Redis unless told to use its Redis Cluster, for the worker, the test and the CLI alike. */
export async function createOpsHarness(
  options: { redisCluster?: boolean; monitorCommands?: boolean } = {},
): Promise<OpsHarness> {
  const services = inject('services');
  const mongoUri = mongoUriFor(services.mongoUri, `ops-${randomUUID()}`);
  const db = await connectDatabase(mongoUri);
  const watched = options.monitorCommands ? await connectDatabase(mongoUri, { monitorCommands: true }) : db;
  const clusterNodes = options.redisCluster ? inject('redisClusterNodes') : null;
  const redis: RedisConnection = clusterNodes ? new Cluster(clusterNodes) : new Redis(services.redisUrl);
  const prefix = `ops:${randomUUID()}:`;
  const ledger = createRunLedger(watched.storage);
  const workers: FunctionWorker[] = [];
  const env = {
    MONGODB_URI: mongoUri,
    ...(clusterNodes
      ? { REDIS_CLUSTER_NODES: clusterNodes.map((node) => `${node.host}:${node.port}`).join(',') }
      : { REDIS_URL: services.redisUrl, REDIS_CLUSTER_NODES: '' }),
    FIXSTREAM_KEY_PREFIX: prefix,
  };
  return {
    db,
    watched,
    redis,
    prefix,
    keys: streamKeys(prefix),
    publisher: createPublisher({ redis, prefix }),
    async startWorker(functions, options = {}) {
      const worker = createFunctionWorker({
        redis,
        prefix,
        functions,
        ledger,
        outbox: { store: createOutbox(watched.storage) },
        ...fastTimings,
        ...options,
      });
      workers.push(worker);
      await worker.start();
      return worker;
    },
    cli: (...args) => runCli(args, env),
    cliWithEnv: (overrides, ...args) => runCli(args, { ...env, ...overrides }),
    async cliInProcess(...args) {
      let stdout = '';
      let stderr = '';
      const io: CliIo = {
        stdout(text) {
          stdout += text;
        },
        stderr(text) {
          stderr += text;
        },
      };
      const runtime: OpsRuntime = {
        io,
        env: () => parseOpsEnv(env),
        database: async () => watched,
        redis: async () => redis,
        close: async () => undefined,
      };
      const code = await runOps(args, io, () => runtime);
      return cliRun(args, code, stdout, stderr);
    },
    async close() {
      await Promise.all(workers.map((w) => w.close()));
      await db.connection.dropDatabase().catch(() => undefined);
      await Promise.all([db.close(), watched.close()]);
      redis.disconnect();
    },
  };
}

function runCli(args: string[], env: Record<string, string>): Promise<CliRun> {
  const child = spawn('node_modules/.bin/tsx', ['apps/ops/src/ops.cli.ts', ...args], {
    cwd: repoRoot,
    env: inheritedEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), 25_000);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve(cliRun(args, code, stdout, stderr));
    });
  });
}

function cliRun(args: readonly string[], code: number | null, stdout: string, stderr: string): CliRun {
  return {
    code,
    stdout,
    stderr,
    json<T>() {
      try {
        return JSON.parse(stdout) as T;
      } catch {
        throw new Error(`ops ${args.join(' ')} did not print one JSON document:\n${stdout}\n${stderr}`);
      }
    },
  };
}

export async function pendingCount(redis: RedisConnection, stream: string, group: string): Promise<number> {
  const [count] = (await redis.xpending(stream, group)) as [number];
  return count;
}

/** Replays (replays, re-drives) the relay still watches; zero once every function finished them. */
export function owedReplays(db: Database): Promise<number> {
  return db.storage.owedRows.countDocuments({ ref: /^replay:/ });
}
