import { runKey } from '@fixstream/events';
import { waitFor } from '@fixstream/test-support';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Pinged, pinged, pingFunction } from './events.fixture.ts';
import {
  createHarness,
  forEachRedis,
  lastDeliveredId,
  pendingCount,
  type RuntimeHarness,
  waitForTrustPast,
} from './harness.ts';

let h: RuntimeHarness;
const fnId = 'count-pings';
const stream = () => h.keys.stream(pinged.name);

/**
 * A consumer trusts no entry added before its connection was made: once it has read one entry, waits until Redis'
 * clock is past it by more than the reconnection margin, so what is published next counts as new.
 */
async function warmUp(seen: () => number): Promise<void> {
  const [warmEntry] = await h.publisher.publishMany([pinged.create({ n: -1 })]);
  await waitFor(() => seen() >= 1, 'the warm-up run');
  await waitForTrustPast(h.redis, String(warmEntry));
}

const lastDelivered = () => lastDeliveredId(h.redis, stream(), fnId);

async function runDocuments(events: readonly Pinged[]): Promise<number> {
  return h.db.storage.runs.countDocuments({ _id: { $in: events.map((e) => runKey(e.id, fnId)) } });
}

forEachRedis((flavour) => {
  beforeEach(async () => {
    h = await createHarness(flavour);
  });
  afterEach(() => h.close());

  describe('runs on their only delivery', () => {
    it('record only their result: no claim is written for a run that finishes quickly', async () => {
      let runs = 0;
      await h.startWorker([pingFunction(async () => void runs++)], { concurrency: 8 });
      await warmUp(() => runs);
      const events = Array.from({ length: 40 }, (_, n) => pinged.create({ n }));
      await h.publisher.publishMany(events);
      await waitFor(() => runs === 41, 'every run');
      await waitFor(async () => (await pendingCount(h.redis, stream(), fnId)) === 0, 'all acknowledged');
      expect(await h.db.storage.results.countDocuments({ status: 'succeeded' })).toBe(41);
      expect(await runDocuments(events)).toBe(0);
      const mapped = await h.redis.hmget(h.keys.runs(pinged.name, fnId), ...events.map((e) => e.id));
      expect(mapped.every((entry) => entry === null)).toBe(true);
    });

    it('claim a run in the ledger while it runs past claimAfterMs, with the entry that carries it', async () => {
      let release: () => void = () => {};
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      let runs = 0;
      await h.startWorker([
        pingFunction(async ({ event }) => {
          runs++;
          if (event.data.n === 1) await gate;
        }),
      ]);
      await warmUp(() => runs);
      const event = pinged.create({ n: 1 });
      const [entryId] = await h.publisher.publishMany([event]);
      await waitFor(async () => (await runDocuments([event])) === 1, 'the late claim');
      const claim = await h.db.storage.runs.findOne({ _id: runKey(event.id, fnId) });
      expect(claim).toMatchObject({ firstEntryId: entryId, attempts: 1 });
      expect(await h.redis.hget(h.keys.runs(pinged.name, fnId), event.id)).toBe(entryId);
      release();
      await waitFor(
        async () => (await h.db.storage.results.countDocuments({ _id: runKey(event.id, fnId) })) === 1,
        'its result',
      );
      expect(runs).toBe(2);
    });

    it('claim a run that fails, with its attempt and error, before retrying it from the ledger', async () => {
      const attempts: number[] = [];
      await h.startWorker([
        pingFunction(async ({ event, attempt }) => {
          if (event.data.n < 0) return;
          attempts.push(attempt);
          if (attempt === 1) throw new Error('SMTP 451: try again later');
        }),
      ]);
      let warm = 0;
      const counted = pingFunction(async () => {});
      void counted;
      await h.publisher.publishMany([pinged.create({ n: -1 })]);
      await waitFor(async () => (await h.db.storage.results.countDocuments()) === 1, 'the warm-up run');
      warm = 1;
      await warmUp(() => warm);
      const event = pinged.create({ n: 1 });
      await h.publisher.publishMany([event]);
      await waitFor(
        async () => (await h.db.storage.results.countDocuments({ _id: runKey(event.id, fnId) })) === 1,
        'the retry succeeded',
      );
      expect(attempts).toEqual([1, 2]);
      const run = await h.db.storage.runs.findOne({ _id: runKey(event.id, fnId) });
      expect(run).toMatchObject({ attempts: 1, lastError: 'Error: SMTP 451: try again later' });
      const result = await h.db.storage.results.findOne({ _id: runKey(event.id, fnId) });
      expect(result).toMatchObject({ status: 'succeeded', attempts: 2 });
    });

    it('stand down for a copy published while they run: the copy is acknowledged, the run happens once', async () => {
      let release: () => void = () => {};
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      let runs = 0;
      await h.startWorker(
        [
          pingFunction(async ({ event }) => {
            runs++;
            if (event.data.n === 1) await gate;
          }),
        ],
        { claimAfterMs: 60_000 },
      );
      await warmUp(() => runs);
      const event = pinged.create({ n: 1 });
      const [original] = await h.publisher.publishMany([event]);
      await waitFor(
        async () => (await h.redis.hget(h.keys.runs(pinged.name, fnId), event.id)) === original,
        'the original mapped to its run',
      );
      expect(await runDocuments([event])).toBe(0);
      await h.publisher.publishMany([event], { republished: true });
      await waitFor(async () => (await h.redis.xpending(stream(), fnId))[0] === 1, 'the copy acknowledged');
      release();
      await waitFor(async () => (await pendingCount(h.redis, stream(), fnId)) === 0, 'all acknowledged');
      expect(runs).toBe(2);
    });

    it('leave nothing to run again for a copy published after they finished', async () => {
      let runs = 0;
      await h.startWorker([pingFunction(async () => void runs++)]);
      await warmUp(() => runs);
      const event = pinged.create({ n: 1 });
      await h.publisher.publishMany([event]);
      await waitFor(async () => (await h.db.storage.results.countDocuments()) === 2, 'the run recorded');
      await waitFor(async () => (await pendingCount(h.redis, stream(), fnId)) === 0, 'acknowledged');
      expect(await runDocuments([event])).toBe(0);
      const [copy] = await h.publisher.publishMany([event], { republished: true });
      await waitFor(async () => (await lastDelivered()) === copy, 'the copy delivered');
      await waitFor(async () => (await pendingCount(h.redis, stream(), fnId)) === 0, 'the copy acknowledged');
      expect(runs).toBe(2);
    });

    it('are not taken for the only delivery when a copy already finished the run first', async () => {
      let runs = 0;
      await h.startWorker([pingFunction(async () => void runs++)]);
      await warmUp(() => runs);
      const event = pinged.create({ n: 1 });
      await h.publisher.publishMany([event], { republished: true });
      await waitFor(() => runs === 2, 'the copy ran');
      await waitFor(async () => (await pendingCount(h.redis, stream(), fnId)) === 0, 'the copy acknowledged');
      const [original] = await h.publisher.publishMany([event]);
      await waitFor(async () => (await lastDelivered()) === original, 'the original delivered');
      await waitFor(
        async () => (await pendingCount(h.redis, stream(), fnId)) === 0,
        'the original acknowledged',
      );
      expect(runs).toBe(2);
    });

    it('are not trusted for entries added before the consumer connected: those claim first', async () => {
      const early = pinged.create({ n: 5 });
      await h.publisher.publishMany([early]);
      let runs = 0;
      await h.startWorker([pingFunction(async () => void runs++)]);
      await waitFor(() => runs === 1, 'the early run');
      await waitFor(async () => (await pendingCount(h.redis, stream(), fnId)) === 0, 'acknowledged');
      expect(await runDocuments([early])).toBe(1);
    });
  });
});
