import { requestCreated, streamKeys } from '@fixstream/events';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  countBySubject,
  createFaultWorld,
  createRequestsAcrossRedisRestart,
  type FaultWorld,
  faultTestTimeout,
  streamEventIds,
  waitForOutboxesCleared,
  waitForRequestMails,
} from './fault-world.ts';

let world: FaultWorld;
beforeEach(async () => {
  world = await createFaultWorld();
});
afterEach(() => world.close());

// Single Redis only: these tests stop, restart and FLUSHALL a Redis of their own. The cluster is the suite's, shared
// by every test file, and losing part of a cluster (a master down, a failover) is another fault than these.
describe('Redis failures', { timeout: faultTestTimeout }, () => {
  it('Redis stopped while requests are created: every accepted request is mailed once after it returns', async () => {
    const { createRequest: create } = await world.api();
    await world.startWorker('worker');
    const requestIds = await createRequestsAcrossRedisRestart(world, create, {
      before: 20,
      during: 30,
      after: 10,
    });

    const events = await world.db.models.Request.find({ _id: { $in: requestIds } }, { outbox: 1 }).lean();
    expect(requestIds).toHaveLength(60);
    const owedDuring = events.filter((doc) => doc.outbox.length > 0).length;
    expect(owedDuring).toBeGreaterThanOrEqual(30);
    await waitForRequestMails(world, requestIds);
    const counts = countBySubject(world);
    expect(counts.size).toBe(60);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
  });

  it('Redis loses its data after events were published but before they were consumed: each is still mailed once', async () => {
    // Published by the API as it answered; no worker reads them yet, so all 200 are in the stream, unread.
    const events = await world.createRequests(200);
    const stream = streamKeys(world.prefix).stream(requestCreated.name);
    expect(await streamEventIds(world, stream)).toEqual(events.map((e) => e.id).sort());
    await world.redis.flushall();
    await world.startWorker('worker');
    await world.waitForMails(events);
    const counts = world.mailCounts();
    expect(counts.size).toBe(200);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    await waitForOutboxesCleared(world);
  });
});
