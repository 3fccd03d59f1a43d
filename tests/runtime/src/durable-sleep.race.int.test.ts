import { mongoUriFor, type RedisService, startRedis } from '@fixstream/dev-services';
import { createPublisher, type EventEnvelope } from '@fixstream/events';
import { waitFor } from '@fixstream/test-support';
import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { pinged } from './events.fixture.ts';
import { createHarness, fastTimings, pendingCount, type RuntimeHarness } from './harness.ts';
import { type JsonLineProcess, startJsonLineProcess } from './json-line-process.ts';
import type { NappingWorkerConfig, StepRan } from './napping-worker.process.ts';

const sleepMs = 6_000;
const timings = {
  ...fastTimings,
  leaderDuties: {
    ...fastTimings.leaderDuties,
    relay: { ...fastTimings.leaderDuties.relay, wakeGraceMs: 1_000 },
  },
};

let h: RuntimeHarness;
let redis: RedisService;
let watcher: Redis;
let workers: JsonLineProcess<StepRan>[];

beforeEach(async () => {
  h = await createHarness('single Redis');
  redis = await startRedis();
  watcher = new Redis(redis.url);
  workers = [];
});
afterEach(async () => {
  for (const worker of workers) worker.child.kill('SIGKILL');
  await Promise.all(workers.map((worker) => worker.exited));
  watcher.disconnect();
  await redis.stop();
  await h.close();
});

async function startWorker(consumer: string): Promise<JsonLineProcess<StepRan>> {
  const config: NappingWorkerConfig = {
    redisUrl: redis.url,
    mongoUri: mongoUriFor(inject('services').mongoUri, h.db.connection.name),
    prefix: h.prefix,
    consumer,
    sleepMs,
    timings,
  };
  const worker = await startJsonLineProcess<StepRan>(
    './napping-worker.process.ts',
    { FIXSTREAM_NAPPING_WORKER: JSON.stringify(config) },
    `worker ${consumer}`,
  );
  workers.push(worker);
  return worker;
}

const ran = (step: StepRan['step']) => workers.flatMap((w) => w.seen.filter((s) => s.step === step));

/** Publishes events and waits until every run is asleep: recorded so in the ledger, its entry acknowledged. */
async function asleep(ns: number[]): Promise<EventEnvelope[]> {
  const events = ns.map((n) => pinged.create({ n }));
  await createPublisher({ redis: watcher, prefix: h.prefix }).publishMany(events);
  await waitFor(
    async () =>
      (await h.db.storage.runs.countDocuments({ functionId: 'napper', status: 'sleeping' })) === ns.length,
    'every run asleep in the ledger',
  );
  await waitFor(
    async () => (await pendingCount(watcher, h.keys.stream(pinged.name), 'napper')) === 0,
    'every entry acknowledged while its run sleeps',
  );
  return events;
}

/** Each step ran once per event; the step after the sleep no sooner than the sleep's end. */
function expectSleptOnce(ns: number[]): void {
  const before = ran('before');
  const after = ran('after');
  expect(before.map((s) => s.n).sort()).toEqual(ns);
  expect(after.map((s) => s.n).sort()).toEqual(ns);
  for (const n of ns) {
    const start = before.find((s) => s.n === n)?.at ?? 0;
    const end = after.find((s) => s.n === n)?.at ?? 0;
    expect(end - start).toBeGreaterThanOrEqual(sleepMs);
  }
}

describe('a durable sleep between two steps', { timeout: 120_000 }, () => {
  it('survives the death of its worker: another one runs the step after it, once, when it is due', async () => {
    const first = await startWorker('a');
    await asleep([1, 2, 3]);
    first.child.kill('SIGKILL');
    await first.exited;
    await startWorker('b');
    await waitFor(() => ran('after').length >= 3, 'the steps after the sleep', { timeoutMs: 60_000 });
    expectSleptOnce([1, 2, 3]);
    expect(ran('after').every((s) => s.consumer === 'b')).toBe(true);
    await waitFor(
      async () =>
        (await h.db.storage.results.countDocuments({ functionId: 'napper', status: 'succeeded' })) === 3,
      'every run succeeded',
    );
  });

  it('survives Redis losing its data (FLUSHALL) mid-sleep: the relay wakes it, once', async () => {
    await startWorker('a');
    await asleep([1, 2]);
    await watcher.flushall();
    await waitFor(() => ran('after').length >= 2, 'the steps after the sleep', { timeoutMs: 60_000 });
    expectSleptOnce([1, 2]);
    // The wake-ups were lost with the data: the runs were woken by the relay's copies, not by Redis' timers.
    const entries = await watcher.xrange(h.keys.stream(pinged.name), '-', '+');
    expect(entries.length).toBeGreaterThanOrEqual(2);
    expect(entries.every(([, fields]) => fields.includes('republished') && !fields.includes('wake'))).toBe(
      true,
    );
    await waitFor(
      async () => (await h.db.storage.owedRows.countDocuments()) === 0,
      'the events settled once the runs finished',
      { timeoutMs: 60_000 },
    );
  });
});
