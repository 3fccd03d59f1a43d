import { requestCreated, streamKeys } from '@fixstream/events';
import getPort from 'get-port';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createFaultWorld,
  createRequestsAcrossRedisRestart,
  type FaultWorld,
  faultTestTimeout,
  loginToApi,
  waitFor,
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
    // Owed rows due in 10 minutes: the relay will not publish these again within the test, so only the entries
    // Redis kept across its restart can bring their mails.
    const kept = await world.createRequests(50, { dueInMs: 600_000 });
    const stream = streamKeys(world.prefix).stream(requestCreated.name);
    expect(await world.redis.xlen(stream)).toBe(50);
    await world.stopRedis();
    await world.startRedisAgain();
    expect(await world.redis.xlen(stream)).toBe(50);

    const port = await getPort();
    await world.startApi(port);
    await world.startWorker('worker');
    const { createRequest } = await loginToApi(world, port);
    const requestIds = await createRequestsAcrossRedisRestart(world, createRequest, {
      before: 20,
      during: 20,
      after: 10,
    });
    expect(requestIds).toHaveLength(50);
    await world.waitForMails(kept);
    await waitForRequestMails(world, requestIds);
    const counts = world.mailCounts();
    expect(counts.size).toBe(100);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    await waitFor(
      async () => (await world.db.storage.results.countDocuments({ status: 'succeeded' })) === 100,
      'every run recorded as succeeded',
    );
  });
});
