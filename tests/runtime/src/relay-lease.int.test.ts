import type { EventEnvelope, FunctionWorker, OutboxStore } from '@fixstream/events';
import { createOutbox } from '@fixstream/run-storage';
import { waitFor, writeOwingRequests } from '@fixstream/test-support';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pinged, pingFunction } from './events.fixture.ts';
import { connectTestRedis, createHarness, fastTimings, type RuntimeHarness } from './harness.ts';

let h: RuntimeHarness;
const leaseTtlMs = 2_000;

/** The outbox store of one worker, counting how often its relay asked for due events. */
function countingStore(): OutboxStore & { dueCalls: number } {
  const store = createOutbox(h.db.storage);
  const counted = {
    ...store,
    dueCalls: 0,
    due(now: Date, limit: number) {
      counted.dueCalls++;
      return store.due(now, limit);
    },
  };
  return counted;
}

/** Owed events that were never published, due now: only a relay brings them to Redis. */
async function oweUnpublished(ns: number[]): Promise<EventEnvelope[]> {
  const events = ns.map((n) => pinged.create({ n }));
  await writeOwingRequests(h.db, events);
  return events;
}

// Single Redis only: a Redis Cluster client disconnected under a running worker keeps that worker's close from
// returning, so the dead worker could not be cleaned up; the lease is one key and its script the same on both.
const flavour = 'single Redis';
beforeEach(async () => {
  h = await createHarness(flavour);
});
afterEach(() => h.close());

describe('relay lease', () => {
  it('only the holder relays; when it dies without releasing, the other takes over within the TTL', async () => {
    const runs = new Map<number, number>();
    const fn = pingFunction(
      async ({ event }) => void runs.set(event.data.n, (runs.get(event.data.n) ?? 0) + 1),
    );
    const leaseKey = h.keys.lease('relay');
    const holder = () => h.redis.get(leaseKey);
    const leaderDuties = { ...fastTimings.leaderDuties, leaseTtlMs };
    const doomedRedis = connectTestRedis(flavour);
    doomedRedis.on('error', () => {});
    const doomedStore = countingStore();
    const doomed: FunctionWorker = await h.startWorker([fn], {
      redis: doomedRedis,
      outbox: { store: doomedStore },
      leaderDuties,
    });
    await waitFor(async () => (await holder()) === doomed.consumer, 'the first worker to hold the lease');
    const survivorStore = countingStore();
    const survivor = await h.startWorker([fn], { outbox: { store: survivorStore }, leaderDuties });

    await oweUnpublished([1, 2, 3]);
    await waitFor(() => runs.size === 3, 'the owed events relayed and handled');
    await waitFor(async () => (await h.db.storage.owedRows.countDocuments()) === 0, 'all settled');
    expect(await holder()).toBe(doomed.consumer);
    expect(doomedStore.dueCalls).toBeGreaterThan(0);
    expect(survivorStore.dueCalls).toBe(0);

    // Death without a goodbye: its connection is gone, the lease is neither renewed nor released.
    doomedRedis.disconnect();
    const diedAt = Date.now();
    expect(await holder()).toBe(doomed.consumer);
    await waitFor(async () => (await holder()) === survivor.consumer, 'the survivor to take the lease');
    const tookOverAfterMs = Date.now() - diedAt;
    // Within the TTL, plus one relay interval and some slack for a busy machine.
    expect(tookOverAfterMs).toBeLessThan(leaseTtlMs + 1_500);

    const relayedBefore = doomedStore.dueCalls;
    await oweUnpublished([4, 5, 6]);
    await waitFor(() => runs.size === 6, 'the new owed events relayed by the survivor and handled');
    await waitFor(async () => (await h.db.storage.owedRows.countDocuments()) === 0, 'all settled again');
    expect(survivorStore.dueCalls).toBeGreaterThan(0);
    expect(doomedStore.dueCalls).toBe(relayedBefore);
    expect([...runs.values()]).toEqual([1, 1, 1, 1, 1, 1]);
  });
});
