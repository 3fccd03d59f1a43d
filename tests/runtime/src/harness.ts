import { randomUUID } from 'node:crypto';
import { connectDatabase, createOutboxStore, createRunLedger, type Database } from '@fixstream/db';
import { mongoUriFor } from '@fixstream/dev-services';
import {
  createFunctionWorker,
  createPublisher,
  type FunctionDefinition,
  type FunctionWorker,
  type FunctionWorkerOptions,
  type RunLedger,
  streamKeys,
} from '@fixstream/events';
import { Redis } from 'ioredis';
import { inject } from 'vitest';

/** One test's world: its own database and key prefix on the suite's Redis and MongoDB-wire database. */
export interface RuntimeHarness {
  db: Database;
  redis: Redis;
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
  maintenance: { intervalMs: 100, trimIntervalMs: 0 },
} satisfies Partial<FunctionWorkerOptions>;

export async function createHarness(): Promise<RuntimeHarness> {
  const services = inject('services');
  const db = await connectDatabase(mongoUriFor(services.mongoUri, `runtime-${randomUUID()}`));
  const redis = new Redis(services.redisUrl);
  const prefix = `rt:${randomUUID()}:`;
  const ledger = createRunLedger(db);
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
        outbox: { store: createOutboxStore(db) },
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

/** Polls until the condition holds; tests wait for conditions, never for fixed sleeps. */
export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  what = 'condition',
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export async function pendingCount(redis: Redis, stream: string, group: string): Promise<number> {
  const [count] = (await redis.xpending(stream, group)) as [number];
  return count;
}
