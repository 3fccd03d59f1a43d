import { mongoUriFor } from '@fixstream/dev-services';
import { defineFunction } from '@fixstream/events';
import { waitFor } from '@fixstream/test-support';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { keyedWork, pinged } from './events.fixture.ts';
import type { FlowRun, FlowWorkerConfig } from './flow-worker.process.ts';
import { createHarness, fastTimings, type RuntimeHarness } from './harness.ts';
import { type JsonLineProcess, startJsonLineProcess } from './json-line-process.ts';

let h: RuntimeHarness;
let workers: JsonLineProcess<FlowRun>[];

beforeEach(async () => {
  h = await createHarness('single Redis');
  workers = [];
});
afterEach(async () => {
  for (const worker of workers) worker.child.kill('SIGKILL');
  await Promise.all(workers.map((worker) => worker.exited));
  await h.close();
});

async function startWorker(consumer: string, limit: number): Promise<void> {
  const config: FlowWorkerConfig = {
    redisUrl: inject('services').redisUrl,
    mongoUri: mongoUriFor(inject('services').mongoUri, h.db.connection.name),
    prefix: h.prefix,
    consumer,
    limit,
    workMs: 40,
    timings: fastTimings,
  };
  workers.push(
    await startJsonLineProcess<FlowRun>(
      './flow-worker.process.ts',
      { FIXSTREAM_FLOW_WORKER: JSON.stringify(config) },
      `worker ${consumer}`,
    ),
  );
}

describe('flow control across worker processes', { timeout: 120_000 }, () => {
  it('never runs more than the limit of one key at once, while every event runs once', async () => {
    const limit = 2;
    await Promise.all(['a', 'b', 'c'].map((consumer) => startWorker(consumer, limit)));
    const events = Array.from({ length: 90 }, (_, n) => keyedWork.create({ company: `c${n % 3}`, n }));
    await h.publisher.publishMany(events);
    const runs = () => workers.flatMap((w) => w.seen);
    await waitFor(() => runs().length >= events.length, 'every event ran', { timeoutMs: 90_000 });
    expect(
      runs()
        .map((run) => run.n)
        .sort((a, b) => a - b),
    ).toEqual(events.map((e) => e.data.n));
    const most = new Map<string, number>();
    for (const run of runs()) most.set(run.key, Math.max(most.get(run.key) ?? 0, run.inFlight));
    expect([...most.values()].every((n) => n <= limit)).toBe(true);
    // The limit was reached, so the test measured something: three processes would otherwise run more.
    expect(Math.max(...most.values())).toBe(limit);
  });
});

describe('rate limit', { timeout: 60_000 }, () => {
  it('starts at most `limit` runs of a key in any period', async () => {
    const starts: number[] = [];
    const fn = defineFunction({
      id: 'rated',
      event: pinged,
      rateLimit: { limit: 3, periodMs: 1_000 },
      async handler() {
        starts.push(Date.now());
      },
    });
    await Promise.all([h.startWorker([fn]), h.startWorker([fn], { consumer: 'second' })]);
    await h.publisher.publishMany(Array.from({ length: 9 }, (_, n) => pinged.create({ n })));
    await waitFor(() => starts.length >= 9, 'every event ran', { timeoutMs: 30_000 });
    starts.sort((a, b) => a - b);
    // The gate admits three a second; a handler starts some ms after its admission (more on a busy machine), so
    // the bound measured here is looser than the gate's. Without the limit all nine start within a few ms.
    for (let i = 0; i + 3 < starts.length; i++) {
      expect((starts[i + 3] as number) - (starts[i] as number)).toBeGreaterThanOrEqual(500);
    }
    expect((starts[8] as number) - (starts[0] as number)).toBeGreaterThanOrEqual(1_500);
  });
});
