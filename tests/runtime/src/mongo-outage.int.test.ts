import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectDatabase, type Database } from '@fixstream/db';
import { type MongoService, mongoUriFor, startMongo } from '@fixstream/dev-services';
import { createFunctionWorker, createPublisher, type FunctionWorker, streamKeys } from '@fixstream/events';
import { createOutbox, createRunLedger } from '@fixstream/run-storage';
import { waitFor } from '@fixstream/test-support';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { pinged, pingFunction } from './events.fixture.ts';
import { fastTimings, pendingCount, waitForTrustPast } from './harness.ts';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

describe('a MongoDB outage', () => {
  it('holds what was delivered meanwhile and runs each event once when MongoDB is back', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fixstream-mongo-outage-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    let mongo: MongoService = await startMongo({ dir, quiet: true });
    const port = Number(new URL(mongo.uri).port);
    cleanups.push(() => mongo.stop());
    const db: Database = await connectDatabase(mongoUriFor(mongo.uri, 'outage'), {
      serverSelectionTimeoutMs: 1_000,
    });
    cleanups.push(() => db.close());
    const redis = new Redis(inject('services').redisUrl);
    cleanups.push(async () => redis.disconnect());
    const prefix = `outage:${Date.now()}:`;
    const keys = streamKeys(prefix);
    const publisher = createPublisher({ redis, prefix });
    const runs = new Map<number, number>();
    let mongoDown = false;
    const ranWhileDown = new Set<number>();
    const warnings: string[] = [];
    // What the worker logged above debug, with its time and error, for the message of a wait that runs out.
    const said: string[] = [];
    const note = (level: string) => (fields: { err?: unknown }, message: string) => {
      const error = fields.err instanceof Error ? `: ${fields.err.message}` : '';
      said.push(`${new Date().toISOString().slice(11, 23)} ${level} ${message}${error}`);
    };
    const logger = {
      debug: () => {},
      info: note('info'),
      warn: (fields: { err?: unknown }, message: string) => {
        warnings.push(message);
        note('warn')(fields, message);
      },
      error: note('error'),
    };
    const worker: FunctionWorker = createFunctionWorker({
      redis,
      prefix,
      ledger: createRunLedger(db.storage),
      outbox: { store: createOutbox(db.storage) },
      functions: [
        pingFunction(async ({ event }) => {
          runs.set(event.data.n, (runs.get(event.data.n) ?? 0) + 1);
          if (mongoDown) ranWhileDown.add(event.data.n);
        }),
      ],
      ...fastTimings,
      logger,
    });
    await worker.start();
    cleanups.push(() => worker.close());
    const warmEntry = await publisher.publish(pinged.create({ n: -1 }));
    await waitFor(() => runs.size === 1, 'the run before the outage');
    // Entries added from now on are trusted as new (see isSoleDelivery): they run without a claim.
    await waitForTrustPast(redis, warmEntry);

    await mongo.stop();
    mongoDown = true;
    // Delivered before the worker can tell: these run on their only delivery, their results wait in memory.
    const early = Array.from({ length: 10 }, (_, n) => pinged.create({ n }));
    await publisher.publishMany(early);
    await waitFor(() => runs.size === 11, 'the runs that went ahead');
    await waitFor(
      () => warnings.includes('the ledger does not answer; runs claim before they start'),
      () => `the worker to see the ledger stalled (${warnings.join('; ')})`,
    );
    // Delivered after: these claim first, which waits for MongoDB, so none of them runs during the outage.
    const late = Array.from({ length: 10 }, (_, n) => pinged.create({ n: 100 + n }));
    await publisher.publishMany(late);
    const stream = keys.stream(pinged.name);
    await waitFor(async () => {
      const groups = (await redis.xinfo('GROUPS', stream)) as unknown[][];
      const info = groups[0] ?? [];
      return info[info.indexOf('entries-read') + 1] === 21;
    }, 'every entry delivered during the outage');
    expect(await pendingCount(redis, stream, 'count-pings')).toBe(20);

    // The outage ends when the process starts, not when startMongo returns: the worker's driver can reconnect and
    // land a claim before startMongo's own ping does, and a run then is after the outage.
    mongoDown = false;
    mongo = await startMongo({ dir, port, quiet: true });
    await waitFor(
      () => runs.size === 21,
      () =>
        `every event run after MongoDB is back (${runs.size} of 21 ran; the worker's last words: ${said.slice(-20).join('; ')})`,
      { timeoutMs: 60_000 },
    );
    await waitFor(async () => (await pendingCount(redis, stream, 'count-pings')) === 0, 'all acknowledged', {
      timeoutMs: 60_000,
    });
    expect([...runs.values()].every((count) => count === 1)).toBe(true);
    expect(late.filter((event) => ranWhileDown.has(event.data.n))).toEqual([]);
    expect(await db.storage.results.countDocuments({ status: 'succeeded' })).toBe(21);
  }, 120_000);
});
