import { randomUUID } from 'node:crypto';
import { createRedisLease, type EventEnvelope, runKey, runOwnership } from '@fixstream/events';
import { createRunLedger } from '@fixstream/run-storage';
import { waitFor } from '@fixstream/test-support';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pinged, pingFunction } from './events.fixture.ts';
import {
  connectSecond,
  createHarness,
  forEachRedis,
  pendingCount,
  type RuntimeHarness,
  type SecondConnections,
} from './harness.ts';

/**
 * The idle time after which a taker may take an entry over. Long enough that the second taker cannot take back
 * what the first took a moment ago on a loaded machine (then the first is refused for an entry it did hold).
 */
const takeOverIdleMs = 1_000;

const iterations = 200;
let h: RuntimeHarness;
/** A second process's connections, to race the harness's. */
let second: SecondConnections;

forEachRedis((flavour) => {
  beforeEach(async () => {
    h = await createHarness(flavour);
    second = await connectSecond(h, flavour);
  });
  afterEach(async () => {
    await second.close();
    await h.close();
  });

  describe('takeover of runs whose holder stopped renewing them', () => {
    it(`starts each of ${iterations} runs once when two workers race for them, and fences off the old holder`, async () => {
      const fn = 'count-pings';
      const stream = h.keys.stream(pinged.name);
      const keys = {
        stream,
        group: fn,
        runs: h.keys.runs(pinged.name, fn),
        attempts: h.keys.attempts(pinged.name, fn),
      };
      await h.redis.xgroup('CREATE', stream, fn, '0', 'MKSTREAM');
      const events = Array.from({ length: iterations }, (_, n) => pinged.create({ n }));
      await h.publisher.publishMany(events);
      const read = (await h.redis.xreadgroup(
        'GROUP',
        fn,
        'stale',
        'COUNT',
        iterations,
        'STREAMS',
        stream,
        '>',
      )) as [string, [string, string[]][]][];
      const entries =
        read[0]?.[1].map(([entryId], i) => ({ entryId, event: events[i] as EventEnvelope })) ?? [];
      expect(entries).toHaveLength(iterations);
      const claims = await h.ledger.claim(
        entries.map(({ entryId, event }) => ({
          key: runKey(event.id, fn),
          functionId: fn,
          event,
          entryId,
          consumer: 'stale',
          now: new Date(),
        })),
      );
      expect(claims.every((claim) => claim.kind === 'fresh')).toBe(true);
      await waitFor(async () => {
        const [first] = (await h.redis.xpending(
          stream,
          fn,
          'IDLE',
          takeOverIdleMs,
          '-',
          '+',
          1,
        )) as unknown[];
        return first !== undefined;
      }, 'the stale holder idle');

      const takers = [
        { name: 'taker-a', redis: h.redis, ledger: h.ledger },
        { name: 'taker-b', redis: second.redis, ledger: createRunLedger(second.db.storage) },
      ];
      const started = new Map<string, string[]>();
      await Promise.all(
        takers.map(async ({ name, redis, ledger }) => {
          const [, taken] = (await redis.xautoclaim(
            stream,
            fn,
            name,
            takeOverIdleMs,
            '0-0',
            'COUNT',
            iterations,
          )) as [string, [string, string[]][]];
          const mine = new Set(taken.map(([entryId]) => entryId));
          // Each taker also tries the runs it did not get, as a worker with a stale view would: Redis must refuse.
          const recorded = await ledger.claim(
            entries.map(({ entryId, event }) => ({
              key: runKey(event.id, fn),
              functionId: fn,
              event,
              entryId,
              consumer: name,
              now: new Date(),
            })),
          );
          const starts = await runOwnership.begin(
            redis,
            keys,
            name,
            entries.map(({ entryId, event }, i) => {
              const claim = recorded[i];
              if (claim?.kind !== 'recorded') throw new Error(`expected a recorded run, got ${claim?.kind}`);
              return {
                eventId: event.id,
                entryId,
                firstEntryId: claim.firstEntryId,
                attemptsRecorded: claim.attempts,
              };
            }),
          );
          starts.forEach((start, i) => {
            const entryId = entries[i]?.entryId as string;
            if (start.kind === 'started') started.set(entryId, [...(started.get(entryId) ?? []), name]);
            else expect(mine.has(entryId)).toBe(false);
          });
        }),
      );
      expect([...started.values()].map((who) => who.length)).toEqual(entries.map(() => 1));
      const stale = await runOwnership.begin(
        h.redis,
        keys,
        'stale',
        entries.map(({ entryId, event }) => ({
          eventId: event.id,
          entryId,
          firstEntryId: entryId,
          attemptsRecorded: 1,
        })),
      );
      expect(stale.every((start) => start.kind === 'lost')).toBe(true);
      expect(
        await runOwnership.heartbeat(
          h.redis,
          keys,
          'stale',
          entries.map((e) => e.entryId),
        ),
      ).toHaveLength(iterations);
    });

    it(`keeps ${iterations} runs waiting for a retry longer than the reclaim idle time with their holder`, async () => {
      const calls = new Map<number, number>();
      const running = new Set<number>();
      let overlaps = 0;
      const fn = pingFunction(async ({ event }) => {
        const n = event.data.n;
        if (running.has(n)) overlaps++;
        running.add(n);
        try {
          calls.set(n, (calls.get(n) ?? 0) + 1);
          if (calls.get(n) === 1) throw new Error('first attempt fails');
        } finally {
          running.delete(n);
        }
      });
      const options = {
        concurrency: 50,
        retryBuffer: iterations,
        reclaimIdleMs: 300,
        heartbeatMs: 75,
        reclaimIntervalMs: 50,
        retries: { retries: 2, initialDelayMs: 1_500, factor: 1, maxDelayMs: 1_500, jitter: 0 },
      };
      await h.startWorker([fn], { ...options, consumer: 'worker-a' });
      await h.startWorker([fn], { ...options, consumer: 'worker-b', redis: second.redis });
      await h.publisher.publishMany(Array.from({ length: iterations }, (_, n) => pinged.create({ n })));
      await waitFor(
        () => [...calls.values()].filter((c) => c === 2).length === iterations,
        'every run retried',
        { timeoutMs: 60_000 },
      );
      await waitFor(
        async () => (await pendingCount(h.redis, h.keys.stream(pinged.name), 'count-pings')) === 0,
        'all acked',
      );
      expect(overlaps).toBe(0);
      expect([...calls.values()]).toEqual(Array.from({ length: iterations }, () => 2));
    });
  });

  describe('the relay lease', () => {
    it(`has one holder in each of ${iterations} rounds of two processes racing for it`, async () => {
      const key = h.keys.lease(`race-${randomUUID()}`);
      const leases = [createRedisLease(h.redis, key), createRedisLease(second.redis, key)];
      const tokens: number[] = [];
      for (let round = 0; round < iterations; round++) {
        const holders = [`a-${round}`, `b-${round}`];
        const won = await Promise.all(
          leases.map((lease, i) => lease.acquireToken(holders[i] as string, 60_000)),
        );
        expect(won.filter((token) => token > 0)).toHaveLength(1);
        const winner = won.findIndex((token) => token > 0);
        tokens.push(won[winner] as number);
        expect(await leases[1 - winner]?.acquire(holders[1 - winner] as string, 60_000)).toBe(false);
        await leases[winner]?.release(holders[winner] as string);
      }
      expect(tokens).toEqual([...tokens].sort((a, b) => a - b));
      expect(new Set(tokens).size).toBe(iterations);
    });

    it('refuses a holder whose lease ran out once another took it', async () => {
      const key = h.keys.lease(`expiry-${randomUUID()}`);
      const lease = createRedisLease(h.redis, key);
      const first = await lease.acquireToken('first', 50);
      await waitFor(async () => (await h.redis.exists(key)) === 0, 'the lease to run out');
      const next = await createRedisLease(second.redis, key).acquireToken('second', 60_000);
      expect(next).toBeGreaterThan(first);
      expect(await lease.acquire('first', 60_000)).toBe(false);
      await lease.release('first');
      expect(await h.redis.get(key)).toBe('second');
    });
  });
});
