import { requestCreated, streamKeys } from '@fixstream/events';
import { waitFor } from '@fixstream/test-support';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createFaultWorld,
  createRequestsAcrossRedisRestart,
  type FaultWorld,
  faultTestTimeout,
  faultWait,
  functionId,
  streamEventIds,
  waitForRequestMails,
} from './fault-world.ts';

let world: FaultWorld;
beforeEach(async () => {
  world = await createFaultWorld('single Redis', { persistentRedis: true });
});
afterEach(() => world.close());

// Single Redis only: the test restarts a Redis of its own.
describe('Redis restart with its data', { timeout: faultTestTimeout }, () => {
  it('events in Redis before the restart are kept and mailed; requests before, during and after are mailed once', async () => {
    const { createRequest } = await world.api();
    const kept = await world.createRequests(50);
    const stream = streamKeys(world.prefix).stream(requestCreated.name);
    const keptIds = kept.map((e) => e.id).sort();
    expect(await streamEventIds(world, stream)).toEqual(keptIds);
    await world.stopRedis();
    await world.startRedisAgain();
    // No worker has run yet, so nothing but Redis' own file can have put these back.
    expect(await streamEventIds(world, stream)).toEqual(keptIds);

    const worker = await world.startWorker('worker');
    await world.waitForMails(kept);
    // The kept entries brought these mails, not copies: the relay (in this worker) had published nothing when they
    // had all arrived. It would have, had the worker failed to run the entries Redis kept (the API's owed rows
    // are due 10 s after each request).
    expect(worker.output()).not.toMatch(/relay published owed events/);

    const requestIds = await createRequestsAcrossRedisRestart(world, createRequest, {
      before: 20,
      during: 20,
      after: 10,
    });
    expect(requestIds).toHaveLength(50);
    await waitForRequestMails(world, requestIds);
    const counts = world.mailCounts();
    expect(counts.size).toBe(100);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    await waitFor(
      async () =>
        (await world.db.storage.results.countDocuments({ functionId, status: 'succeeded' })) === 100,
      'every run recorded as succeeded',
      faultWait,
    );
  });
});
