import { waitFor } from '@fixstream/test-support';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pinged, pingFunction } from './events.fixture.ts';
import { ensureConsumerGroupForTest } from './group.fixture.ts';
import { createHarness, forEachRedis, pendingCount, type RuntimeHarness } from './harness.ts';

let h: RuntimeHarness;

forEachRedis((flavour) => {
  beforeEach(async () => {
    h = await createHarness(flavour);
  });
  afterEach(() => h.close());

  describe('reclaiming entries of consumers that died', () => {
    it('takes over entries a dead consumer read but never acked, and runs each once', async () => {
      const stream = h.keys.stream(pinged.name);
      await ensureConsumerGroupForTest(h.redis, stream, 'count-pings');
      const events = [1, 2, 3, 4, 5].map((n) => pinged.create({ n }));
      await h.publisher.publishMany(events);
      await h.redis.xreadgroup('GROUP', 'count-pings', 'ghost', 'COUNT', 10, 'STREAMS', stream, '>');
      expect(await pendingCount(h.redis, stream, 'count-pings')).toBe(5);

      const seen: number[] = [];
      await h.startWorker([pingFunction(async ({ event }) => void seen.push(event.data.n))]);
      await waitFor(() => seen.length === 5, 'the five events, after the idle time');
      expect(seen.sort()).toEqual([1, 2, 3, 4, 5]);
      await waitFor(async () => (await pendingCount(h.redis, stream, 'count-pings')) === 0, 'acked');
    });

    it('counts a run that a crashed worker started as an attempt, and dead-letters when none are left', async () => {
      const stream = h.keys.stream(pinged.name);
      await ensureConsumerGroupForTest(h.redis, stream, 'count-pings');
      const crashedOnce = pinged.create({ n: 1 });
      const crashedOften = pinged.create({ n: 2 });
      await h.publisher.publishMany([crashedOnce, crashedOften]);
      await h.redis.xreadgroup('GROUP', 'count-pings', 'ghost', 'COUNT', 10, 'STREAMS', stream, '>');
      const past = new Date(Date.now() - 60_000);
      const run = (event: typeof crashedOnce, attempts: number) => ({
        _id: `${event.id}.count-pings`,
        eventId: event.id,
        eventName: event.name,
        functionId: 'count-pings',
        event,
        status: 'running' as const,
        attempts,
        firstEntryId: null,
        consumer: 'ghost',
        nextAttemptAt: past,
        firstStartedAt: past,
        startedAt: past,
        lastError: null,
        createdAt: past,
        updatedAt: past,
      });
      await h.db.storage.runs.insertMany([run(crashedOnce, 1), run(crashedOften, 5)]);

      const attempts = new Map<number, number>();
      await h.startWorker([
        pingFunction(async ({ event, attempt }) => void attempts.set(event.data.n, attempt)),
      ]);
      await waitFor(async () => (await h.db.storage.results.countDocuments()) === 2, 'two results');
      expect(attempts).toEqual(new Map([[1, 2]]));
      const results = await h.db.storage.results.find().sort({ attempts: 1 }).toArray();
      expect(results.map((r) => [r.status, r.attempts])).toEqual([
        ['succeeded', 2],
        ['dead', 5],
      ]);
      expect(results[1]?.error).toMatch(/no attempts left/);
    });

    it('does not take over its own entries that wait behind the runs in flight', async () => {
      const calls = new Map<number, number>();
      await h.startWorker(
        [
          pingFunction(async ({ event, attempt }) => {
            calls.set(event.data.n, (calls.get(event.data.n) ?? 0) + 1);
            if (attempt === 1) throw new Error('first try fails');
            await new Promise((resolve) => setTimeout(resolve, 20));
          }),
        ],
        { concurrency: 1, reclaimIdleMs: 150, reclaimIntervalMs: 30 },
      );
      const total = 30;
      await h.publisher.publishMany(Array.from({ length: total }, (_, n) => pinged.create({ n })));
      await waitFor(async () => (await h.db.storage.results.countDocuments()) === total, 'every event done');
      expect([...calls.values()]).toEqual(Array.from({ length: total }, () => 2));
    });

    it('lets several workers share a group without running an event twice', async () => {
      const runs = new Map<number, number>();
      const handler = pingFunction(async ({ event }) => {
        runs.set(event.data.n, (runs.get(event.data.n) ?? 0) + 1);
      });
      const workers = await Promise.all([1, 2, 3].map(() => h.startWorker([handler], { concurrency: 4 })));
      const total = 600;
      await h.publisher.publishMany(Array.from({ length: total }, (_, n) => pinged.create({ n })));
      await waitFor(() => runs.size === total, 'all events');
      await waitFor(
        async () => (await pendingCount(h.redis, h.keys.stream(pinged.name), 'count-pings')) === 0,
        'acked',
      );
      expect([...runs.values()].every((count) => count === 1)).toBe(true);
      const consumers = (await h.redis.xinfo(
        'CONSUMERS',
        h.keys.stream(pinged.name),
        'count-pings',
      )) as unknown[][];
      expect(consumers.map((c) => c[1]).sort()).toEqual(workers.map((w) => w.consumer).sort());
    });
  });
});
