import { connectDatabase, type Database } from '@fixstream/db';
import { mongoUriFor, type RedisService, startRedis } from '@fixstream/dev-services';
import { connectRedis, createFunctionWorker, createPublisher, streamKeys } from '@fixstream/events';
import { createOutbox, createRunLedger } from '@fixstream/run-storage';
import { waitFor } from '@fixstream/test-support';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { pinged, pingFunction } from './events.fixture.ts';
import { fastTimings } from './harness.ts';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

// Single Redis only: the test stops a Redis server of its own.
describe('closing a worker', () => {
  it('finishes while its Redis server is gone, though every command would wait for it forever', async () => {
    const server: RedisService = await startRedis({ quiet: true });
    cleanups.push(() => server.stop());
    const db: Database = await connectDatabase(
      mongoUriFor(inject('services').mongoUri, `close-${Date.now()}`),
    );
    cleanups.push(async () => {
      await db.connection.dropDatabase();
      await db.close();
    });
    // The worker app's settings: commands queue until Redis is back, however long that takes.
    const redis = connectRedis({ url: server.url }, { maxRetriesPerRequest: null });
    redis.on('error', () => {});
    cleanups.push(async () => redis.disconnect());
    const prefix = 'close:';
    let runs = 0;
    const worker = createFunctionWorker({
      redis,
      prefix,
      ledger: createRunLedger(db.storage),
      outbox: { store: createOutbox(db.storage) },
      functions: [pingFunction(async () => void runs++)],
      ...fastTimings,
      leaderDuties: { ...fastTimings.leaderDuties, intervalMs: 50 },
      shutdownTimeoutMs: 500,
    });
    await worker.start();
    await createPublisher({ redis, prefix }).publishMany([1, 2, 3].map((n) => pinged.create({ n })));
    await waitFor(() => runs === 3, 'the runs');
    await waitFor(async () => (await redis.exists(streamKeys(prefix).lease('relay'))) === 1, 'a leader');

    await server.stop();
    await waitFor(() => redis.status !== 'ready', 'the connection to notice');
    await worker.close();
    expect(runs).toBe(3);
  }, 60_000);
});
