import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { parseDeadLetter, streamKeys } from '@fixstream/events';
import { waitFor } from '@fixstream/test-support';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFaultWorld, type FaultWorld, faultTestTimeout, faultWait, functionId } from './fault-world.ts';
import { repoRoot } from './processes.ts';

let world: FaultWorld;
beforeEach(async () => {
  world = await createFaultWorld();
});
afterEach(() => world.close());

const run = promisify(execFile);

// Single Redis only: an SMTP outage tests retries and replays, whose Redis side the runtime suite also runs on a
// Redis Cluster; running these twice would only add minutes.
describe('SMTP failures', { timeout: faultTestTimeout }, () => {
  it('SMTP server down for a while: runs retry with backoff and every mail arrives once it is back', async () => {
    await world.stopSink();
    // Runs per function are capped at the pool size; 16 connections keep 16 runs cycling through the 40 failing
    // events, so each fails once within seconds instead of early ones spending their retries meanwhile.
    await world.startWorker('worker', {
      WORKER_RETRIES: '30',
      WORKER_RETRY_MAX_DELAY_MS: '1000',
      MAIL_POOL_SIZE: '16',
    });
    const t0 = Date.now();
    const events = await world.createRequests(40);
    await waitFor(
      async () =>
        (await world.db.storage.runs.countDocuments({ lastError: { $ne: null } })) === events.length,
      'every run to fail at least once',
      faultWait,
    );
    console.info(`all runs failed once after ${Date.now() - t0} ms`);
    const failed = await world.db.storage.runs.findOne({ lastError: { $ne: null } });
    expect(failed?.lastError).toMatch(/ECONNREFUSED|connect/i);
    await world.startSinkAgain();
    await world.waitForMails(events);
    const counts = world.mailCounts();
    expect(counts.size).toBe(events.length);
    const twice = [...counts].filter(([, n]) => n > 1).map(([id]) => id);
    if (twice.length) {
      const ids = twice.map((id) => id.slice(1, 37));
      console.error(
        'DUPLICATES',
        twice,
        world
          .workerOutput()
          .split('\n')
          .filter((l) => ids.some((id) => l.includes(id)))
          .join('\n'),
      );
      console.error(
        'RUNS',
        JSON.stringify(await world.db.storage.runs.find({ eventId: { $in: ids } }).toArray()),
      );
    }
    expect(twice).toEqual([]);
    expect(await world.redis.xlen(streamKeys(world.prefix).deadLetters('send-request-notification'))).toBe(0);
  });

  it('a delivery that always fails is dead-lettered; after the fix a replay delivers it exactly once', async () => {
    const refused = 'tech0@faults.test';
    world
      .sink()
      .rejectRecipients((address) =>
        address === refused ? { code: 452, message: '4.2.2 Mailbox full, try again later' } : null,
      );
    await world.startWorker('worker', { WORKER_RETRIES: '2' });
    const events = await world.createRequests(10);
    const refusedEvents = events.filter((_, i) => i % 5 === 0);
    const deliveredEvents = events.filter((_, i) => i % 5 !== 0);
    await world.waitForMails(deliveredEvents);
    const deadKey = streamKeys(world.prefix).deadLetters('send-request-notification');
    await waitFor(
      async () => (await world.redis.xlen(deadKey)) === refusedEvents.length,
      'the dead letters',
      faultWait,
    );
    const letters = (await world.redis.xrange(deadKey, '-', '+')).map(([, fields]) =>
      parseDeadLetter(fields),
    );
    expect(letters.map((l) => l.eventId).sort()).toEqual(refusedEvents.map((e) => e.id).sort());
    expect(letters.every((l) => l.attempts === 3 && /Mailbox full/.test(l.error))).toBe(true);

    world.sink().rejectRecipients(null);
    const env = world.appEnv();
    for (const event of refusedEvents) {
      await run(
        process.execPath,
        ['--import', 'tsx', 'apps/ops/src/ops.cli.ts', 'replay', event.id, '--json'],
        {
          cwd: repoRoot,
          env: { ...process.env, ...env },
        },
      );
    }
    await world.waitForMails(events);
    const counts = world.mailCounts();
    expect(counts.size).toBe(events.length);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    // A run records its result after the mail is accepted, so the last result may land a moment after its mail.
    await waitFor(
      async () =>
        (await world.db.storage.results.countDocuments({ functionId, status: 'succeeded' })) ===
        events.length,
      'a succeeded result for every event',
      faultWait,
    );
  });
});
