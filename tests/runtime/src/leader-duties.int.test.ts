import { randomUUID } from 'node:crypto';
import { connectDatabase, type Database } from '@fixstream/db';
import { mongoUriFor } from '@fixstream/dev-services';
import {
  createFunctionWorker,
  createPublisher,
  type FunctionWorker,
  type FunctionWorkerOptions,
  type LeaderSweep,
  type Lease,
  streamKeys,
} from '@fixstream/events';
import { createOutbox, createRunLedger } from '@fixstream/run-storage';
import { waitFor } from '@fixstream/test-support';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { pinged, pingFunction } from './events.fixture.ts';
import { fastTimings } from './harness.ts';

let db: Database;
let redis: Redis;
let prefix: string;
const workers: FunctionWorker[] = [];

beforeAll(async () => {
  db = await connectDatabase(mongoUriFor(inject('services').mongoUri, `leader-duties-${randomUUID()}`));
  redis = new Redis(inject('services').redisUrl);
});
afterEach(async () => {
  await Promise.all(workers.splice(0).map((worker) => worker.close()));
});
afterAll(async () => {
  await db?.connection.dropDatabase().catch(() => undefined);
  await db?.close();
  redis?.disconnect();
});

/** A relay lease the test hands out or withholds. */
function switchableLease(granted: boolean): Lease & { granted: boolean } {
  return {
    granted,
    async acquire() {
      return this.granted;
    },
    async release() {},
  };
}

const publisher = () => createPublisher({ redis, prefix });

async function startWorker(
  leaderDuties: FunctionWorkerOptions['leaderDuties'],
  lease: Lease = switchableLease(true),
  handler: Parameters<typeof pingFunction>[0] = async () => {},
): Promise<FunctionWorker> {
  const worker = createFunctionWorker({
    redis,
    prefix,
    functions: [pingFunction(handler)],
    ledger: createRunLedger(db.storage),
    outbox: { store: createOutbox(db.storage), lease },
    ...fastTimings,
    leaderDuties: { ...fastTimings.leaderDuties, ...leaderDuties },
  });
  workers.push(worker);
  await worker.start();
  return worker;
}

describe('leaderDuties: idle consumers and the sweep', () => {
  it('removes the consumers of gone processes from the groups; a live one removed while idle reads on', async () => {
    prefix = `ms:${randomUUID()}:`;
    const stream = streamKeys(prefix).stream(pinged.name);
    await redis.xgroup('CREATE', stream, 'count-pings', '0', 'MKSTREAM');
    await redis.xgroup('CREATECONSUMER', stream, 'count-pings', 'gone-idle');
    const names = async () =>
      ((await redis.xinfo('CONSUMERS', stream, 'count-pings')) as unknown[][]).map((flat) => String(flat[1]));

    const handled: number[] = [];
    const worker = await startWorker(
      { idleConsumerMs: 1_000, trimIntervalMs: 0 },
      switchableLease(true),
      async ({ event }) => {
        handled.push(event.data.n);
      },
    );
    await publisher().publish(pinged.create({ n: 1 }));
    await waitFor(() => handled.length === 1, 'the first event handled');
    await waitFor(async () => (await names()).length === 0, 'the idle consumers removed, the live one too');
    await publisher().publish(pinged.create({ n: 2 }));
    await waitFor(() => handled.length === 2, 'the next event handled');
    await waitFor(async () => (await names()).includes(worker.consumer), 'the live consumer back');
    expect(handled).toEqual([1, 2]);
  });

  it('runs the sweep in the lease holder only, and aborts it when the worker stops', async () => {
    prefix = `ms:${randomUUID()}:`;
    const calls = { holder: 0, other: 0 };
    const aborted: boolean[] = [];
    const sweepOf =
      (who: keyof typeof calls): LeaderSweep =>
      (signal) => {
        calls[who]++;
        if (calls[who] < 3) return Promise.resolve();
        return new Promise<void>((resolve) =>
          signal.addEventListener('abort', () => {
            aborted.push(true);
            resolve();
          }),
        );
      };
    await startWorker({ sweepIntervalMs: 0, sweep: sweepOf('holder') });
    await startWorker({ sweepIntervalMs: 0, sweep: sweepOf('other') }, switchableLease(false));
    await waitFor(() => calls.holder === 3, 'three sweeps by the lease holder');
    await Promise.all(workers.splice(0).map((worker) => worker.close()));
    expect({ ...calls, aborted }).toEqual({ holder: 3, other: 0, aborted: [true] });
  });

  it('aborts a running sweep when the worker loses the lease', async () => {
    prefix = `ms:${randomUUID()}:`;
    const lease = switchableLease(true);
    const started: { signal: AbortSignal | null } = { signal: null };
    await startWorker(
      {
        sweepIntervalMs: 60_000,
        sweep: (given) => {
          started.signal = given;
          return new Promise((resolve) => given.addEventListener('abort', () => resolve()));
        },
      },
      lease,
    );
    await waitFor(() => started.signal !== null, 'the sweep started');
    expect(started.signal?.aborted).toBe(false);
    lease.granted = false;
    await waitFor(() => started.signal?.aborted === true, 'the sweep aborted');
  });
});
