import { requestOutboxRef } from '@fixstream/db';
import { type EventEnvelope, streamGroups, trimStream } from '@fixstream/events';
import { createOutbox, owedBy } from '@fixstream/run-storage';
import { waitFor, writeOwingRequests } from '@fixstream/test-support';
import { Types } from 'mongoose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pinged, pingFunction } from './events.fixture.ts';
import { ensureConsumerGroupForTest } from './group.fixture.ts';
import { createHarness, forEachRedis, pendingCount, type RuntimeHarness } from './harness.ts';

let h: RuntimeHarness;

/** Documents that owe events, as the API leaves them; `dueInMs` < 0 makes the relay look at once. */
const owe = (events: EventEnvelope[], dueInMs = -1) =>
  writeOwingRequests(h.db, events, { dueAt: inMs(dueInMs) });

const inMs = (ms: number) => new Date(Date.now() + ms);
const makeAllDue = () => h.db.storage.owedRows.updateMany({}, { $set: { dueAt: inMs(-1) } });

/** Events still owed: rows telling the relay to look (settling deletes them; documents are the API's to write). */
async function owedCount(): Promise<number> {
  return h.db.storage.owedRows.countDocuments();
}

function counter() {
  const runs = new Map<number, number>();
  const fn = pingFunction(
    async ({ event }) => void runs.set(event.data.n, (runs.get(event.data.n) ?? 0) + 1),
  );
  return { runs, fn };
}

forEachRedis((flavour) => {
  beforeEach(async () => {
    h = await createHarness(flavour);
  });
  afterEach(() => h.close());

  describe('outbox relay', () => {
    it('publishes events that were saved but never published (Redis was down), then settles them', async () => {
      const { runs, fn } = counter();
      await owe([1, 2, 3].map((n) => pinged.create({ n })));
      await h.startWorker([fn]);
      await waitFor(() => runs.size === 3, 'the owed events handled');
      await waitFor(async () => (await owedCount()) === 0, 'all settled');
      expect([...runs.values()]).toEqual([1, 1, 1]);
      expect(await h.redis.xlen(h.keys.stream(pinged.name))).toBe(3);
    });

    it('publishes again what Redis lost before it was consumed, and every event still runs once', async () => {
      const { runs, fn } = counter();
      const events = [1, 2, 3, 4].map((n) => pinged.create({ n }));
      await owe(events, 60_000);
      await h.publisher.publishMany(events);
      await h.redis.del(h.keys.stream(pinged.name));
      await makeAllDue();
      await h.startWorker([fn]);
      await waitFor(() => runs.size === 4, 'the lost events handled');
      await waitFor(async () => (await owedCount()) === 0, 'all settled');
      expect([...runs.values()]).toEqual([1, 1, 1, 1]);
      expect(await h.redis.xlen(h.keys.stream(pinged.name))).toBe(4);
    });

    it('settles events whose runs finished without publishing them again', async () => {
      const { runs, fn } = counter();
      const events = [1, 2].map((n) => pinged.create({ n }));
      await owe(events, 60_000);
      await h.publisher.publishMany(events);
      await h.startWorker([fn]);
      await waitFor(() => runs.size === 2, 'handled once');
      await makeAllDue();
      await waitFor(async () => (await owedCount()) === 0, 'all settled');
      expect(await h.redis.xlen(h.keys.stream(pinged.name))).toBe(2);
      expect([...runs.values()]).toEqual([1, 1]);
    });

    it('leaves events in a backlog alone while their group still has undelivered entries', async () => {
      const stream = h.keys.stream(pinged.name);
      let release: () => void = () => {};
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      const runs = new Map<number, number>();
      const statesAskedFor: string[] = [];
      const worker = await h.startWorker(
        [
          pingFunction(async ({ event }) => {
            if (event.data.n === 1) await gate;
            runs.set(event.data.n, (runs.get(event.data.n) ?? 0) + 1);
          }),
        ],
        {
          concurrency: 1,
          batchSize: 1,
          leaderDuties: { intervalMs: 60_000, trimIntervalMs: 0 },
          ledger: {
            ...h.ledger,
            states: (keys) => {
              statesAskedFor.push(...keys);
              return h.ledger.states(keys);
            },
          },
        },
      );
      const events = [1, 2, 3].map((n) => pinged.create({ n }));
      await h.publisher.publishMany(events);
      await waitFor(
        async () => (await pendingCount(h.redis, stream, 'count-pings')) === 1,
        'the first in flight',
      );
      const [group] = await streamGroups(h.redis, stream);
      const deliveredMs = Number(group?.lastDeliveredId.split('-')[0]);
      await waitFor(() => Date.now() > deliveredMs, "the clock past the delivered entry's");
      const later = pinged.create({ n: 4 });
      await h.publisher.publish(later);
      await owe([events[2] as EventEnvelope, later]);

      await worker.maintain();
      expect(await h.redis.xlen(stream)).toBe(4);
      expect(statesAskedFor.some((key) => key.startsWith(later.id))).toBe(false);
      const postponed = await h.db.storage.owedRows.findOne({ eventId: later.id });
      expect(postponed?.dueAt.getTime()).toBeGreaterThan(Date.now());
      release();
      await waitFor(() => runs.size === 4, 'all handled');
      // The one pass below settles only runs the ledger already records as finished, which it does after the handler.
      await waitFor(async () => (await h.db.storage.results.countDocuments()) === 4, 'all recorded');
      await h.db.storage.owedRows.updateMany({}, { $set: { dueAt: inMs(-1) } });
      await worker.maintain();
      await waitFor(async () => (await owedCount()) === 0, 'all settled');
      expect([...runs.values()]).toEqual([1, 1, 1, 1]);
    });
  });

  describe('outbox store', () => {
    it('drops a row whose event its document never took, once it is old enough, and leaves a young one', async () => {
      const store = createOutbox(h.db.storage, { orphanAfterMs: 60_000 });
      const [young, old] = [pinged.create({ n: 1 }), pinged.create({ n: 2 })];
      const nowhere = () => requestOutboxRef(new Types.ObjectId().toString());
      const lostWrite = async () => {
        throw new Error('the request write was lost');
      };
      for (const event of [young, old]) {
        await expect(
          store.write(owedBy(nowhere(), [event]), lostWrite, { dueAt: inMs(-1) }),
        ).rejects.toThrow();
      }
      await h.db.storage.owedRows.updateOne({ eventId: old.id }, { $set: { createdAt: inMs(-61_000) } });

      const now = new Date();
      expect(await store.envelopes(await store.due(now, 10), now)).toEqual([]);
      const rows = await h.db.storage.owedRows.find({}).toArray();
      expect(rows.map((row) => row.eventId)).toEqual([young.id]);
      expect(rows[0]?.dueAt.getTime()).toBe((rows[0]?.createdAt.getTime() ?? 0) + 60_000);
    });

    it('settles events by forgetting their rows only, never writing the documents that owe them', async () => {
      const store = createOutbox(h.db.storage);
      const [alone, first, second] = [1, 2, 3].map((n) => pinged.create({ n })) as EventEnvelope[];
      const [aloneId, sharedId] = await owe([alone as EventEnvelope, first as EventEnvelope]);
      const shared = requestOutboxRef(String(sharedId));
      await store.write(
        owedBy(shared, [second as EventEnvelope]),
        () =>
          h.db.models.Request.collection.updateOne({ _id: sharedId }, { $push: { outbox: second } } as never),
        { publish: false, dueAt: inMs(60_000) },
      );
      const before = await h.db.models.Request.find({}).sort({ _id: 1 }).lean();

      await store.settle(await store.due(new Date(), 10));
      expect(await h.db.models.Request.find({}).sort({ _id: 1 }).lean()).toEqual(before);
      expect((await h.db.storage.owedRows.find({}).toArray()).map((row) => row.eventId)).toEqual([
        second?.id,
      ]);
      expect(before.map((doc) => String(doc._id))).toEqual([String(aloneId), String(sharedId)].sort());
    });

    it('reads the envelopes of events to publish again from the documents that owe them', async () => {
      const store = createOutbox(h.db.storage);
      const events = [1, 2].map((n) => pinged.create({ n }));
      await owe(events);
      const now = new Date();
      const envelopes = await store.envelopes(await store.due(now, 10), now);
      expect(envelopes.map((event) => event.id).sort()).toEqual(events.map((event) => event.id).sort());
    });
  });

  describe('stream trimming', () => {
    it('removes acknowledged entries but never one a group has not acknowledged', async () => {
      const stream = h.keys.stream(pinged.name);
      await ensureConsumerGroupForTest(h.redis, stream, 'slow-reader');
      const { runs, fn } = counter();
      await h.startWorker([fn], { leaderDuties: { intervalMs: 60_000 } });
      await h.publisher.publishMany([1, 2, 3].map((n) => pinged.create({ n })));
      await h.redis.xreadgroup('GROUP', 'slow-reader', 'r1', 'COUNT', 1, 'STREAMS', stream, '>');
      await h.publisher.publishMany([4, 5].map((n) => pinged.create({ n })));
      await waitFor(() => runs.size === 5, 'all handled by the worker');
      await waitFor(async () => (await pendingCount(h.redis, stream, 'count-pings')) === 0, 'worker acked');

      expect(await trimStream(h.redis, stream)).toBe(0);
      const [first] = await h.redis.xrange(stream, '-', '+', 'COUNT', 1);
      const firstId = first?.[0] ?? '';
      await h.redis.xack(stream, 'slow-reader', firstId);
      await h.redis.xreadgroup('GROUP', 'slow-reader', 'r1', 'COUNT', 2, 'STREAMS', stream, '>');
      expect(await trimStream(h.redis, stream)).toBe(1);
      expect(await h.redis.xlen(stream)).toBe(4);
    });
  });
});
