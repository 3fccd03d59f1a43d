import { type OwnershipKeys, runOwnership, sweepTombstones, tombstoneKeepMs } from '@fixstream/events';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pinged } from './events.fixture.ts';
import { ensureConsumerGroupForTest } from './group.fixture.ts';
import { createHarness, forEachRedis, pendingCount, type RuntimeHarness } from './harness.ts';

const fn = 'count-pings';
let h: RuntimeHarness;
let keys: OwnershipKeys;

forEachRedis((flavour) => {
  beforeEach(async () => {
    h = await createHarness(flavour);
    keys = {
      stream: h.keys.stream(pinged.name),
      group: fn,
      runs: h.keys.runs(pinged.name, fn),
      attempts: h.keys.attempts(pinged.name, fn),
    };
    await ensureConsumerGroupForTest(h.redis, keys.stream, fn);
  });
  afterEach(() => h.close());

  /** Publishes events and has `consumer` read them: their entries are pending to it. */
  async function deliver(consumer: string, count: number) {
    const events = Array.from({ length: count }, (_, n) => pinged.create({ n }));
    const ids = await h.publisher.publishMany(events);
    await h.redis.xreadgroup('GROUP', fn, consumer, 'COUNT', count, 'STREAMS', keys.stream, '>');
    return events.map((event, i) => ({ eventId: event.id, entryId: ids[i] as string }));
  }

  /** Another consumer takes the entry over, as XAUTOCLAIM would. */
  const takeOver = (entryId: string, consumer: string) =>
    h.redis.call('XCLAIM', keys.stream, fn, consumer, 0, entryId, 'JUSTID');

  describe('runOwnership', () => {
    it('counts attempts from the larger of Redis and the ledger, and refuses a second live entry of a run', async () => {
      const [first] = await deliver('a', 1);
      if (!first) throw new Error('no entry');
      const begin = (entryId: string, consumer: string, attemptsRecorded: number) =>
        runOwnership.begin(h.redis, keys, consumer, [
          { eventId: first.eventId, entryId, firstEntryId: first.entryId, attemptsRecorded },
        ]);
      expect(await begin(first.entryId, 'a', 1)).toEqual([{ kind: 'started', attempt: 2 }]);
      expect(await begin(first.entryId, 'a', 1)).toEqual([{ kind: 'started', attempt: 3 }]);
      expect(await begin(first.entryId, 'a', 7)).toEqual([{ kind: 'started', attempt: 8 }]);

      const [copy] = await h.publisher.publishMany([{ ...pinged.create({ n: 1 }), id: first.eventId }]);
      await h.redis.xreadgroup('GROUP', fn, 'b', 'COUNT', 1, 'STREAMS', keys.stream, '>');
      expect(await begin(copy as string, 'b', 8)).toEqual([{ kind: 'duplicate' }]);
      expect(await begin(first.entryId, 'b', 8)).toEqual([{ kind: 'lost' }]);
    });

    it('acknowledges only entries the consumer still holds, and forgets their bookkeeping', async () => {
      const entries = await deliver('a', 2);
      const [kept, taken] = entries as [(typeof entries)[0], (typeof entries)[0]];
      await runOwnership.begin(h.redis, keys, 'a', [
        { ...kept, firstEntryId: kept.entryId, attemptsRecorded: 1 },
      ]);
      await takeOver(taken.entryId, 'b');
      await runOwnership.ack(
        h.redis,
        keys,
        'a',
        entries.map((entry) => ({ ...entry, tombstone: false })),
      );
      expect(await pendingCount(h.redis, keys.stream, fn)).toBe(1);
      const [still] = (await h.redis.xpending(keys.stream, fn, '-', '+', 10)) as [string, string][];
      expect(still?.slice(0, 2)).toEqual([taken.entryId, 'b']);
      expect(await h.redis.hlen(keys.runs)).toBe(0);
      expect(await h.redis.hlen(keys.attempts)).toBe(0);
    });

    it('marks a run on its only delivery; after a run finished through a copy, an original is not taken for one', async () => {
      const [original, copy] = await deliver('a', 2);
      if (!original || !copy) throw new Error('two entries expected');
      const sameEvent = { eventId: original.eventId };
      expect(await runOwnership.mark(h.redis, keys, [{ ...sameEvent, entryId: copy.entryId }])).toEqual([
        true,
      ]);
      expect(await runOwnership.mark(h.redis, keys, [{ ...sameEvent, entryId: original.entryId }])).toEqual([
        false,
      ]);
      await runOwnership.ack(h.redis, keys, 'a', [{ ...sameEvent, entryId: copy.entryId, tombstone: true }]);
      expect(await h.redis.hget(keys.runs, original.eventId)).toBe(`done:${copy.entryId}`);
      expect(await runOwnership.mark(h.redis, keys, [{ ...sameEvent, entryId: original.entryId }])).toEqual([
        false,
      ]);
      expect(
        await runOwnership.live(h.redis, keys, [{ eventId: original.eventId, firstEntryId: null }]),
      ).toEqual([false]);
      expect(
        await runOwnership.begin(h.redis, keys, 'a', [
          { ...sameEvent, entryId: original.entryId, firstEntryId: original.entryId, attemptsRecorded: 0 },
        ]),
      ).toEqual([{ kind: 'started', attempt: 1 }]);
    });

    it('keeps a tombstone until every entry added up to a minute after it is trimmed', async () => {
      const [done] = await deliver('a', 1);
      if (!done) throw new Error('an entry expected');
      await runOwnership.ack(h.redis, keys, 'a', [{ ...done, tombstone: true }]);
      const doneMs = Number(done.entryId.split('-')[0]);
      await h.redis.xadd(keys.stream, `${doneMs + tombstoneKeepMs}-0`, 'n', '1');
      await h.redis.xtrim(keys.stream, 'MINID', `${doneMs + tombstoneKeepMs}-0`);
      expect(await sweepTombstones(h.redis, keys.stream, keys.runs)).toBe(0);
      await h.redis.xadd(keys.stream, `${doneMs + tombstoneKeepMs + 1}-0`, 'n', '2');
      await h.redis.xtrim(keys.stream, 'MINID', `${doneMs + tombstoneKeepMs + 1}-0`);
      expect(await sweepTombstones(h.redis, keys.stream, keys.runs)).toBe(1);
      expect(await h.redis.hlen(keys.runs)).toBe(0);
    });

    it('renews what the consumer holds and names what it lost; everything once the group is gone', async () => {
      const entries = await deliver('a', 3);
      const ids = entries.map((e) => e.entryId);
      await takeOver(ids[2] as string, 'b');
      expect(await runOwnership.heartbeat(h.redis, keys, 'a', ids)).toEqual([ids[2]]);
      const idle = (await h.redis.xpending(keys.stream, fn, '-', '+', 10, 'a')) as [string, string, number][];
      expect(idle.every(([, , ms]) => ms < 1_000)).toBe(true);
      await h.redis.del(keys.stream);
      expect(await runOwnership.heartbeat(h.redis, keys, 'a', ids)).toEqual(ids);
      expect(
        await runOwnership.live(h.redis, keys, [{ eventId: 'x', firstEntryId: ids[0] as string }]),
      ).toEqual([false]);
    });

    it('tells the relay which runs have an entry pending', async () => {
      const [pending, acked] = await deliver('a', 2);
      if (!pending || !acked) throw new Error('no entries');
      await h.redis.xack(keys.stream, fn, acked.entryId);
      const live = await runOwnership.live(h.redis, keys, [
        { eventId: pending.eventId, firstEntryId: pending.entryId },
        { eventId: acked.eventId, firstEntryId: acked.entryId },
        { eventId: 'never-claimed', firstEntryId: null },
      ]);
      expect(live).toEqual([true, false, false]);
    });
  });
});
