import { waitFor } from '@fixstream/test-support';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pinged, pingFunction } from './events.fixture.ts';
import {
  connectTestRedis,
  createHarness,
  fastTimings,
  forEachRedis,
  pendingCount,
  type RuntimeHarness,
} from './harness.ts';

const entries = 300;
let h: RuntimeHarness;

forEachRedis((flavour) => {
  beforeEach(async () => {
    h = await createHarness(flavour);
  });
  afterEach(() => h.close());

  describe('the bound on held entries', () => {
    it('never has more entries pending in Redis than concurrency plus retry buffer, acknowledgements in flight included', async () => {
      const concurrency = 4;
      const retryBuffer = 2;
      const stream = h.keys.stream(pinged.name);
      await h.startWorker(
        [
          pingFunction(async ({ event, attempt }) => {
            if (event.data.n % 10 === 0 && attempt === 1) throw new Error('fails once');
          }),
        ],
        {
          concurrency,
          retryBuffer,
          retries: { retries: 2, initialDelayMs: 20, factor: 1, maxDelayMs: 20, jitter: 0 },
        },
      );
      // What an operator's XPENDING sees, on a connection of its own, as fast as Redis answers.
      const observer = connectTestRedis(flavour);
      let mostPending = 0;
      let watching = true;
      const watcher = (async () => {
        while (watching) {
          mostPending = Math.max(mostPending, await pendingCount(observer, stream, 'count-pings'));
        }
      })();
      try {
        await h.publisher.publishMany(Array.from({ length: entries }, (_, n) => pinged.create({ n })));
        await waitFor(
          async () => (await h.db.storage.results.countDocuments({ status: 'succeeded' })) === entries,
          'every run succeeded',
          { timeoutMs: 60_000 },
        );
        await waitFor(async () => (await pendingCount(h.redis, stream, 'count-pings')) === 0, 'all acked');
      } finally {
        watching = false;
        await watcher;
        observer.disconnect();
      }
      expect(mostPending).toBeGreaterThan(0);
      expect(mostPending).toBeLessThanOrEqual(concurrency + retryBuffer);
    });

    it('does not let a takeover and a blocked read fill the same room', async () => {
      const fn = 'count-pings';
      const stream = h.keys.stream(pinged.name);
      await h.redis.xgroup('CREATE', stream, fn, '0', 'MKSTREAM');
      await h.publisher.publishMany([pinged.create({ n: 0 }), pinged.create({ n: 1 })]);
      await h.redis.xreadgroup('GROUP', fn, 'stale', 'COUNT', 2, 'STREAMS', stream, '>');
      const idleMs = async () => {
        const entries = (await h.redis.xpending(stream, fn, '-', '+', 10)) as [string, string, number][];
        return Math.min(...entries.map(([, , idle]) => idle));
      };
      await waitFor(async () => (await idleMs()) > fastTimings.reclaimIdleMs, 'the stale entries to idle');
      let open: () => void = () => {};
      const gate = new Promise<void>((resolve) => {
        open = resolve;
      });
      const started: number[] = [];
      // Reads may block far longer than the takeover period: with both in flight, both would fill the room.
      await h.startWorker(
        [
          pingFunction(async ({ event }) => {
            started.push(event.data.n);
            await gate;
          }),
        ],
        { concurrency: 2, retryBuffer: 0, blockMs: 30_000, consumer: 'taker' },
      );
      try {
        await waitFor(() => started.length === 2, 'the stale entries taken over and running');
        expect(started.sort()).toEqual([0, 1]);
        // Redis serves a blocked read before it answers the XADD, so the new entries would be held by now.
        await h.publisher.publishMany([pinged.create({ n: 2 }), pinged.create({ n: 3 })]);
        const held = (await h.redis.xpending(stream, fn, '-', '+', 10, 'taker')) as unknown[];
        expect(held).toHaveLength(2);
      } finally {
        open();
      }
      await waitFor(
        async () => (await h.db.storage.results.countDocuments({ status: 'succeeded' })) === 4,
        'every run succeeded',
      );
    });
  });
});
