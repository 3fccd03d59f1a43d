import { defineFunction } from '@fixstream/events';
import { waitFor } from '@fixstream/test-support';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { keyedWork } from './events.fixture.ts';
import { createHarness, fastTimings, forEachRedis, type RuntimeHarness } from './harness.ts';

let h: RuntimeHarness;

forEachRedis((flavour) => {
  beforeEach(async () => {
    h = await createHarness(flavour);
  });
  afterEach(() => h.close());

  describe('a released concurrency slot', { timeout: 60_000 }, () => {
    it('goes to a run waiting for it in another worker as soon as it is given back, not at its recheck', async () => {
      let finishFirst = () => {};
      const firstMayFinish = new Promise<void>((resolve) => {
        finishFirst = resolve;
      });
      const started: number[] = [];
      const fn = defineFunction({
        id: 'one-per-company',
        event: keyedWork,
        concurrency: { key: 'data.company', limit: 1 },
        async handler({ event }) {
          started.push(event.data.n);
          if (event.data.n === 0) await firstMayFinish;
        },
      });
      // Far longer than the test may take: the waiting run can only start through the announcement.
      const options = { ...fastTimings, slotRecheckMs: 10 * 60_000 };
      await h.startWorker([fn], { ...options, consumer: 'first' });
      await h.publisher.publish(keyedWork.create({ company: 'acme', n: 0 }));
      await waitFor(() => started.length === 1, 'the first run to hold the slot');
      await h.startWorker([fn], { ...options, consumer: 'second' });
      await h.publisher.publish(keyedWork.create({ company: 'acme', n: 1 }));
      const stream = h.keys.stream(keyedWork.name);
      await waitFor(
        async () => ((await h.redis.xpending(stream, fn.id)) as [number])[0] === 2,
        'the second entry to be read while the first run holds the slot',
      );
      expect(started).toEqual([0]);
      finishFirst();
      await waitFor(() => started.length === 2, 'the waiting run to start', { timeoutMs: 30_000 });
      expect(started).toEqual([0, 1]);
    });
  });
});
