import { randomUUID } from 'node:crypto';
import { encodeEvent, parseDeadLetter } from '@fixstream/events';
import { waitFor } from '@fixstream/test-support';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pinged, pingFunction } from './events.fixture.ts';
import {
  createHarness,
  forEachRedis,
  lastDeliveredId,
  pendingCount,
  type RuntimeHarness,
} from './harness.ts';

let h: RuntimeHarness;

const stream = () => h.keys.stream(pinged.name);

forEachRedis((flavour) => {
  beforeEach(async () => {
    h = await createHarness(flavour);
  });
  afterEach(() => h.close());

  describe('function worker: reading, acking, the ledger', () => {
    it('handles each of N events once, acks them all and records each run as succeeded', async () => {
      const seen = new Map<number, number>();
      await h.startWorker(
        [pingFunction(async ({ event }) => void seen.set(event.data.n, (seen.get(event.data.n) ?? 0) + 1))],
        {
          concurrency: 8,
        },
      );
      const total = 500;
      await h.publisher.publishMany(Array.from({ length: total }, (_, n) => pinged.create({ n })));
      await waitFor(() => seen.size === total, 'all events handled');
      await waitFor(
        async () => (await pendingCount(h.redis, stream(), 'count-pings')) === 0,
        'nothing pending',
      );
      expect([...seen.values()].every((count) => count === 1)).toBe(true);
      expect(await h.db.storage.results.countDocuments({ status: 'succeeded', attempts: 1 })).toBe(total);
    });

    it('acks a redelivered event whose run already succeeded without running it again', async () => {
      let runs = 0;
      await h.startWorker([pingFunction(async () => void runs++)]);
      const event = pinged.create({ n: 1 });
      await h.publisher.publish(event);
      await waitFor(() => runs === 1, 'first run');
      const copies = await h.publisher.publishMany([event, event], { republished: true });
      await waitFor(
        async () => (await lastDeliveredId(h.redis, stream(), 'count-pings')) === copies[1],
        'both copies delivered',
      );
      await waitFor(async () => (await pendingCount(h.redis, stream(), 'count-pings')) === 0, 'all acked');
      expect(runs).toBe(1);
    });

    it('picks up events published before the group existed', async () => {
      await h.publisher.publish(pinged.create({ n: 7 }));
      const seen: number[] = [];
      await h.startWorker([pingFunction(async ({ event }) => void seen.push(event.data.n))]);
      await waitFor(() => seen.length === 1, 'the early event');
      expect(seen).toEqual([7]);
    });

    it('dead-letters a schema-invalid event and an unknown version, and handles the events behind them', async () => {
      const seen: number[] = [];
      await h.startWorker([pingFunction(async ({ event }) => void seen.push(event.data.n))]);
      const badData = { ...pinged.create({ n: 1 }), id: randomUUID(), data: { n: 'not a number' } };
      const newVersion = { ...pinged.create({ n: 3 }), version: 2 };
      await h.redis.xadd(stream(), '*', ...encodeEvent(badData));
      await h.redis.xadd(stream(), '*', 'garbage', 'yes', 'data', '{not json');
      await h.redis.xadd(stream(), '*', ...encodeEvent(newVersion));
      await h.publisher.publishMany([pinged.create({ n: 1 }), pinged.create({ n: 2 })]);
      await waitFor(() => seen.length === 2, 'the valid events');
      expect(seen).toEqual([1, 2]);
      const deadKey = h.keys.deadLetters('count-pings');
      await waitFor(async () => (await h.redis.xlen(deadKey)) === 3, 'three dead letters');
      const letters = (await h.redis.xrange(deadKey, '-', '+')).map(([, fields]) => parseDeadLetter(fields));
      const byId = (id: string) => letters.find((letter) => letter.eventId === id);
      expect(byId(badData.id)?.error).toMatch(/invalid event: .*data\.n/s);
      expect(JSON.parse(byId(badData.id)?.event ?? '{}')).toMatchObject({ data: { n: 'not a number' } });
      expect(byId(newVersion.id)?.error).toMatch(/version/);
      expect(byId('')?.error).toMatch(/not valid JSON/);
      await waitFor(async () => (await pendingCount(h.redis, stream(), 'count-pings')) === 0, 'all acked');
      const dead = await h.db.storage.results.find({ status: 'dead' }).toArray();
      expect(dead.map((run) => run._id).sort()).toEqual(
        [badData.id, newVersion.id].map((id) => `${id}.count-pings`).sort(),
      );
    });

    it('close() finishes in-flight runs, records and acks them, and is safe to call twice', async () => {
      let release: () => void = () => {};
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      let started = 0;
      let finished = 0;
      const worker = await h.startWorker(
        [
          pingFunction(async () => {
            started++;
            await gate;
            finished++;
          }),
        ],
        { blockMs: 5_000 },
      );
      await h.publisher.publishMany([1, 2, 3].map((n) => pinged.create({ n })));
      await waitFor(() => started === 3, 'three runs started');
      const closing = worker.close();
      release();
      await Promise.all([closing, worker.close()]);
      expect(finished).toBe(3);
      expect(await pendingCount(h.redis, stream(), 'count-pings')).toBe(0);
      expect(await h.db.storage.results.countDocuments({ status: 'succeeded' })).toBe(3);
    });
  });
});
