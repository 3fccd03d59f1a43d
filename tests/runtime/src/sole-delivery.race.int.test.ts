import { createFunctionWorker, createPublisher, type FunctionWorker } from '@fixstream/events';
import { createRunLedger } from '@fixstream/run-storage';
import { waitFor } from '@fixstream/test-support';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pinged, pingFunction } from './events.fixture.ts';
import {
  connectSecond,
  createHarness,
  fastTimings,
  forEachRedis,
  pendingCount,
  type RuntimeHarness,
  type SecondConnections,
  waitForTrustPast,
} from './harness.ts';

const iterations = 200;
let h: RuntimeHarness;
/** A second worker's own connections, as another process would have. */
let second: SecondConnections & { worker: FunctionWorker | null };

forEachRedis((flavour) => {
  beforeEach(async () => {
    h = await createHarness(flavour);
    second = { ...(await connectSecond(h, flavour)), worker: null };
  });
  afterEach(async () => {
    await second.worker?.close();
    await second.close();
    await h.close();
  });

  describe('a run on its only delivery racing a copy of its event', () => {
    it(`runs each of ${iterations} events once when originals and copies reach two workers at once`, async () => {
      const runs = new Map<string, number>();
      const count = pingFunction(async ({ event }) => {
        runs.set(event.id, (runs.get(event.id) ?? 0) + 1);
        if (event.data.n % 3 === 0) await new Promise((resolve) => setImmediate(resolve));
      });
      await h.startWorker([count], { concurrency: 16 });
      second.worker = createFunctionWorker({
        redis: second.redis,
        prefix: h.prefix,
        ledger: createRunLedger(second.db.storage),
        functions: [count],
        ...fastTimings,
        concurrency: 16,
      });
      await second.worker.start();
      // Both consumers read once, then Redis' clock passes it: what comes next is trusted as new (isSoleDelivery).
      const warm = Array.from({ length: 20 }, (_, n) => pinged.create({ n: -1 - n }));
      const warmIds = await h.publisher.publishMany(warm);
      await waitFor(() => runs.size === warm.length, 'the warm-up runs');
      await waitForTrustPast(h.redis, String(warmIds.at(-1)));

      const events = Array.from({ length: iterations }, (_, n) => pinged.create({ n }));
      const copies = createPublisher({ redis: second.redis, prefix: h.prefix });
      await Promise.all(
        events.map(async (event, i) => {
          // Originals and copies interleave, in either order, from two connections.
          const original = () => h.publisher.publishMany([event]);
          const copy = () => copies.publishMany([event], { republished: true });
          if (i % 2 === 0) await Promise.all([original(), copy()]);
          else await Promise.all([copy(), original()]);
        }),
      );
      await waitFor(() => events.every((e) => runs.has(e.id)), 'every event run', { timeoutMs: 60_000 });
      await waitFor(
        async () => (await pendingCount(h.redis, h.keys.stream(pinged.name), 'count-pings')) === 0,
        'every entry acknowledged',
        { timeoutMs: 60_000 },
      );
      const twice = events.filter((e) => (runs.get(e.id) ?? 0) > 1);
      expect(twice.map((e) => e.data.n)).toEqual([]);
      expect(await h.db.storage.results.countDocuments({ status: 'succeeded' })).toBe(
        iterations + warm.length,
      );
    });
  });
});
