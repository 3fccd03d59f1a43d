import { waitFor } from '@fixstream/test-support';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFaultWorld, type FaultWorld, faultTestTimeout, faultWait, functionId } from './fault-world.ts';

let world: FaultWorld;
beforeEach(async () => {
  world = await createFaultWorld();
});
afterEach(() => world.close());

// Single Redis only: the test wipes a Redis of its own.
describe('Redis loses its data under runs', { timeout: faultTestTimeout }, () => {
  it('runs waiting for a retry and runs in progress at FLUSHALL still each send their mail once', async () => {
    world.sink().rejectRecipients(() => ({ code: 451, message: '4.3.0 Temporary failure, try again later' }));
    await world.startWorker('worker', {
      WORKER_RETRY_DELAY_MS: '5000',
      WORKER_RETRY_MAX_DELAY_MS: '5000',
      WORKER_TIMEOUT_MS: '8000',
    });
    const waiting = await world.createRequests(5);
    const failedOnce = () =>
      world.db.storage.runs.countDocuments({
        eventId: { $in: waiting.map((e) => e.id) },
        lastError: { $regex: 'Temporary failure' },
      });
    await waitFor(
      async () => (await failedOnce()) === waiting.length,
      'the first attempts to fail with 451',
      faultWait,
    );

    world.sink().rejectRecipients(null);
    world.sink().delayRecipientReplies(3_000);
    const running = await world.createRequests(5);
    await waitFor(
      () => world.sink().recipientsHeld() === running.length,
      'the new runs stuck at RCPT TO',
      faultWait,
    );

    // The situation: five runs waiting for their retry, five in progress, nothing recorded as done.
    expect(await world.db.storage.results.countDocuments({ functionId })).toBe(0);
    expect(world.mails()).toHaveLength(0);
    // The worker keeps writing (heartbeats, leases), so only the flush's own reply says the data went.
    expect(await world.redis.flushall()).toBe('OK');

    const events = [...waiting, ...running];
    await world.waitForMails(events, 120_000);
    await waitFor(
      async () =>
        (await world.db.storage.results.countDocuments({ functionId, status: 'succeeded' })) ===
        events.length,
      'every run recorded as succeeded',
      { ...faultWait, timeoutMs: 120_000 },
    );
    const counts = world.mailCounts();
    expect([...counts.keys()].sort()).toEqual(events.map((e) => world.messageIdOf(e.id)).sort());
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    await waitFor(
      async () => (await world.db.storage.owedRows.countDocuments()) === 0,
      'every event settled',
      { ...faultWait, timeoutMs: 60_000 },
    );
  });
});
