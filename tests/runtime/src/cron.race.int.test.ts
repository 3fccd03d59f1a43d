import { mongoUriFor } from '@fixstream/dev-services';
import { waitFor } from '@fixstream/test-support';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import type { CronRun, CronWorkerConfig } from './cron-worker.process.ts';
import { createHarness, fastTimings, pendingCount, type RuntimeHarness } from './harness.ts';
import { type JsonLineProcess, startJsonLineProcess } from './json-line-process.ts';

const leaseTtlMs = 3_000;
const timings = { ...fastTimings, leaderDuties: { ...fastTimings.leaderDuties, leaseTtlMs } };
const second = 1_000;

let h: RuntimeHarness;
let workers: JsonLineProcess<CronRun>[];
let byConsumer: Map<string, JsonLineProcess<CronRun>>;

beforeEach(async () => {
  h = await createHarness('single Redis');
  workers = [];
  byConsumer = new Map();
});
afterEach(async () => {
  for (const worker of workers) worker.child.kill('SIGKILL');
  await Promise.all(workers.map((worker) => worker.exited));
  await h.close();
});

async function startWorker(consumer: string): Promise<JsonLineProcess<CronRun>> {
  const config: CronWorkerConfig = {
    redisUrl: inject('services').redisUrl,
    mongoUri: mongoUriFor(inject('services').mongoUri, h.db.connection.name),
    prefix: h.prefix,
    consumer,
    cron: '* * * * * *',
    timings,
  };
  const worker = await startJsonLineProcess<CronRun>(
    './cron-worker.process.ts',
    { FIXSTREAM_CRON_WORKER: JSON.stringify(config) },
    `worker ${consumer}`,
  );
  workers.push(worker);
  byConsumer.set(consumer, worker);
  return worker;
}

/** Every tick any worker ran, as milliseconds, in order, with repeats kept. */
const ranTicks = () =>
  workers.flatMap((w) => w.seen.map((run) => Date.parse(run.scheduledAt))).sort((a, b) => a - b);

/** Waits until `count` more distinct ticks ran than `before`, and every run so far is acknowledged. */
async function moreTicks(before: number, count: number): Promise<void> {
  await waitFor(() => new Set(ranTicks()).size >= before + count, `${count} more ticks`, {
    timeoutMs: 30_000,
  });
  const stream = h.keys.stream('cron/every-tick');
  await waitFor(
    async () => (await pendingCount(h.redis, stream, 'every-tick')) === 0,
    'every tick acknowledged',
  );
}

/** The gaps between consecutive ticks that ran, in seconds. */
const gaps = (ticks: number[]) => ticks.slice(1).map((tick, i) => (tick - (ticks[i] as number)) / second);

describe('a seconds schedule on three worker processes', { timeout: 120_000 }, () => {
  it('runs each tick once, through the death of the lease holder, and a downtime fires one tick', async () => {
    await Promise.all(['a', 'b', 'c'].map(startWorker));
    await moreTicks(0, 5);
    let ticks = ranTicks();
    expect(ticks).toEqual([...new Set(ticks)]);
    expect(gaps(ticks).every((gap) => gap === 1)).toBe(true);

    // The holder of the lease dies between ticks; another takes it over once it expires, and ticks go on.
    const holder = byConsumer.get((await h.redis.get(h.keys.lease('relay'))) ?? '');
    if (!holder) throw new Error('no worker holds the lease');
    holder.child.kill('SIGKILL');
    await holder.exited;
    const beforeTakeover = new Set(ranTicks()).size;
    await moreTicks(beforeTakeover, 4);
    ticks = ranTicks();
    expect(ticks).toEqual([...new Set(ticks)]);
    // While a lease changes hands, due ticks collapse into one (at most the lease's TTL of them).
    expect(Math.max(...gaps(ticks))).toBeLessThanOrEqual(leaseTtlMs / second + 1);

    // Every worker down for five seconds: on start, the latest missed tick fires, once, not one per missed tick.
    for (const worker of workers) worker.child.kill('SIGKILL');
    await Promise.all(workers.map((w) => w.exited));
    const lastBeforeDown = Math.max(...ranTicks());
    const downAt = Date.now();
    await waitFor(() => Date.now() - downAt >= 5 * second, 'five seconds of downtime', { intervalMs: 200 });
    await startWorker('d');
    const startedAt = Date.now();
    await moreTicks(new Set(ranTicks()).size, 3);
    ticks = ranTicks();
    expect(ticks).toEqual([...new Set(ticks)]);
    // Ticks owed before the kill run late; of those due while every worker was down, only the latest runs, then
    // the schedule goes on second by second.
    const dueWhileDown = ticks.filter((tick) => tick > Math.max(lastBeforeDown, downAt) + second);
    expect(dueWhileDown[0]).toBeGreaterThanOrEqual(startedAt - 3 * second);
    expect(gaps(dueWhileDown).every((gap) => gap === 1)).toBe(true);

    // The ledger agrees: one final run per tick that ran.
    const results = await h.db.storage.results.find({ functionId: 'every-tick' }).toArray();
    expect(results.length).toBe(ticks.length);
    expect(results.every((result) => result.status === 'succeeded')).toBe(true);
  });
});
