import { randomUUID } from 'node:crypto';
import { connectDatabase, type Database } from '@fixstream/db';
import { mongoUriFor } from '@fixstream/dev-services';
import {
  createFunctionWorker,
  createPublisher,
  type FunctionDefinition,
  type FunctionWorker,
  type FunctionWorkerOptions,
  type RedisConnection,
  type RunLedger,
  streamKeys,
} from '@fixstream/events';
import { createOutbox, createRunLedger } from '@fixstream/run-storage';
import { waitFor } from '@fixstream/test-support';
import { Cluster, Redis } from 'ioredis';
import { describe, inject } from 'vitest';

/**
 * The Redis deployments the runtime must work on: the suite's single Redis, and its 3-master cluster, where a
 * script or pipeline that strays across slots fails instead of quietly working.
 */
export const redisFlavours = ['single Redis', 'Redis Cluster'] as const;
export type RedisFlavour = (typeof redisFlavours)[number];

/** Runs the tests `body` declares once on each Redis flavour, in a group named after it, so no file repeats itself. */
export function forEachRedis(body: (flavour: RedisFlavour) => void): void {
  describe.each(redisFlavours)('on a %s', body);
}

/** A new connection to the suite's Redis of that flavour; test files isolate themselves by key prefix. */
export function connectTestRedis(flavour: RedisFlavour): RedisConnection {
  if (flavour === 'Redis Cluster') return new Cluster(inject('redisClusterNodes'));
  return new Redis(inject('services').redisUrl);
}

/** One test's world: its own database and key prefix on the suite's Redis and MongoDB-wire database. */
export interface RuntimeHarness {
  db: Database;
  redis: RedisConnection;
  prefix: string;
  ledger: RunLedger;
  keys: ReturnType<typeof streamKeys>;
  publisher: ReturnType<typeof createPublisher>;
  startWorker(
    functions: FunctionDefinition[],
    options?: Partial<FunctionWorkerOptions>,
  ): Promise<FunctionWorker>;
  close(): Promise<void>;
}

/** Timings small enough for tests, same code paths as production. */
export const fastTimings = {
  blockMs: 100,
  reclaimIdleMs: 400,
  reclaimIntervalMs: 100,
  timeoutMs: 5_000,
  retries: { initialDelayMs: 20, factor: 2, maxDelayMs: 200, jitter: 0 },
  claimAfterMs: 100,
  // Streams keep every entry during a test (no trimming), so a copy published when it should not be stays visible.
  leaderDuties: {
    intervalMs: 100,
    trimIntervalMs: Number.MAX_SAFE_INTEGER,
    relay: { confirmUnclaimedAfterMs: 1_000 },
  },
} satisfies Partial<FunctionWorkerOptions>;

export async function createHarness(flavour: RedisFlavour): Promise<RuntimeHarness> {
  const services = inject('services');
  const db = await connectDatabase(mongoUriFor(services.mongoUri, `runtime-${randomUUID()}`));
  const redis = connectTestRedis(flavour);
  const prefix = `rt:${randomUUID()}:`;
  const ledger = createRunLedger(db.storage);
  const workers: FunctionWorker[] = [];
  return {
    db,
    redis,
    prefix,
    ledger,
    keys: streamKeys(prefix),
    publisher: createPublisher({ redis, prefix }),
    async startWorker(functions, options = {}) {
      const worker = createFunctionWorker({
        redis,
        prefix,
        functions,
        ledger,
        outbox: { store: createOutbox(db.storage) },
        ...fastTimings,
        ...options,
      });
      workers.push(worker);
      await worker.start();
      return worker;
    },
    async close() {
      await Promise.all(workers.map((w) => w.close()));
      await db.connection.dropDatabase().catch(() => undefined);
      await db.close();
      redis.disconnect();
    },
  };
}

/**
 * Waits until Redis' clock is well past an entry a worker has already read: a consumer trusts no entry added before
 * its connection was made (see `isSoleDelivery`), so what is published after this counts as new.
 */
export async function waitForTrustPast(redis: RedisConnection, entryId: string): Promise<void> {
  const addedAt = Number(entryId.split('-')[0]);
  await waitFor(
    async () => Number((await redis.time())[0]) * 1000 > addedAt + 2_000,
    "Redis' clock past the warm-up entry",
  );
}

/** The id of the last entry the group handed to a consumer. */
export async function lastDeliveredId(
  redis: RedisConnection,
  stream: string,
  group: string,
): Promise<string | null> {
  const groups = (await redis.xinfo('GROUPS', stream)) as unknown[][];
  const info = groups.find((g) => g[g.indexOf('name') + 1] === group) ?? [];
  const id = info[info.indexOf('last-delivered-id') + 1];
  return typeof id === 'string' ? id : null;
}

export async function pendingCount(redis: RedisConnection, stream: string, group: string): Promise<number> {
  const [count] = (await redis.xpending(stream, group)) as [number];
  return count;
}

/** Another process's own connections to the harness's Redis and database, to race the harness's. */
export interface SecondConnections {
  redis: RedisConnection;
  db: Database;
  close(): Promise<void>;
}

export async function connectSecond(h: RuntimeHarness, flavour: RedisFlavour): Promise<SecondConnections> {
  const redis = connectTestRedis(flavour);
  const db = await connectDatabase(mongoUriFor(inject('services').mongoUri, h.db.connection.name));
  return {
    redis,
    db,
    async close() {
      redis.disconnect();
      await db.close();
    },
  };
}
