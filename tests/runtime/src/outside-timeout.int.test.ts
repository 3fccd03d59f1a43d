import { waitFor } from '@fixstream/test-support';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pinged, pingFunction } from './events.fixture.ts';
import { createHarness, forEachRedis, type RuntimeHarness } from './harness.ts';

let h: RuntimeHarness;

forEachRedis((flavour) => {
  beforeEach(async () => {
    h = await createHarness(flavour);
  });
  afterEach(() => h.close());

  describe('a run waiting outside its timeout', () => {
    it('is not timed out while it waits for a shared resource, and is when its own work runs long', async () => {
      const timeoutMs = 300;
      let grant: () => void = () => {};
      const pool = new Promise<void>((resolve) => {
        grant = resolve;
      });
      let waitingSince = 0;
      const attempts: number[] = [];
      await h.startWorker([
        pingFunction(
          async ({ event, attempt, outsideTimeout, signal }) => {
            attempts.push(attempt);
            if (event.data.n === 1) {
              waitingSince = Date.now();
              await outsideTimeout(pool);
              return;
            }
            await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve()));
            throw signal.reason;
          },
          { timeoutMs, retries: { retries: 0 } },
        ),
      ]);
      const queued = pinged.create({ n: 1 });
      const slow = pinged.create({ n: 2 });
      await h.publisher.publishMany([queued, slow]);
      await waitFor(
        () => waitingSince > 0 && Date.now() > waitingSince + 3 * timeoutMs,
        'a wait past the timeout',
      );
      grant();
      const results = h.db.storage.results;
      await waitFor(async () => (await results.countDocuments()) === 2, 'both runs final');
      expect(await results.findOne({ _id: `${queued.id}.count-pings` })).toMatchObject({
        status: 'succeeded',
        attempts: 1,
      });
      expect(await results.findOne({ _id: `${slow.id}.count-pings` })).toMatchObject({ status: 'dead' });
    });
  });
});
