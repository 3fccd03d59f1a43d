import { streamKeys } from '@fixstream/events';
import { waitFor } from '@fixstream/test-support';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFaultWorld, type FaultWorld, faultWait } from './fault-world.ts';
import { stopApp } from './processes.ts';

let world: FaultWorld;
beforeEach(async () => {
  world = await createFaultWorld();
});
afterEach(() => world.close());

const functionId = 'send-request-notification';

describe('slow SMTP server', { timeout: 120_000 }, () => {
  it('DATA answered after 10 s, pool 1, timeout 2 s, 5 events: one mail per request, none twice', async () => {
    world.sink().delayDataReplies(10_000);
    await world.startWorker('worker', { MAIL_POOL_SIZE: '1', WORKER_TIMEOUT_MS: '2000' });
    const t0 = Date.now();
    const events = await world.createRequests(5);

    await world.waitForMails(events, 85_000);
    await waitFor(
      async () =>
        (await world.db.storage.results.countDocuments({ functionId, status: 'succeeded' })) ===
        events.length,
      'every run recorded as succeeded',
      faultWait,
    );
    await waitFor(async () => world.sink().repliesHeld() === 0, 'no mail still with the server', faultWait);
    console.info(`5 slow mails delivered and recorded after ${Date.now() - t0} ms`);

    const counts = world.mailCounts();
    expect([...counts.keys()].sort()).toEqual(events.map((e) => world.messageIdOf(e.id)).sort());
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    expect(await world.redis.xlen(streamKeys(world.prefix).deadLetters(functionId))).toBe(0);
    // The runs beyond the one connection waited for it outside their 2 s timeout: none failed for the queue.
    expect(world.workerOutput()).toMatch(
      /mail capacity: 1 SMTP connections, \d+ runs per function; .* queue for a connection, outside their timeout/,
    );
  });

  it('SIGTERM while a mail is with the server: its run is aborted, the send waits for the 250, one mail, recorded', async () => {
    // The runtime aborts runs 300 ms after SIGTERM and then waits 2 s for them: a reply 2 s after the body lands
    // inside that window, so the abort reaches a send already with the server and the outcome is still recorded.
    world.sink().delayDataReplies(2_000);
    const worker = await world.startWorker('worker', {
      WORKER_TIMEOUT_MS: '30000',
      WORKER_SHUTDOWN_TIMEOUT_MS: '300',
    });
    const [event] = await world.createRequests(1);
    await waitFor(async () => world.sink().repliesHeld() === 1, 'the body to reach the server', faultWait);

    const exit = await stopApp(worker);
    expect(exit).toEqual({ code: 0, signal: null });
    const aborted = worker
      .output()
      .split('\n')
      .filter((line) => line.includes('"aborted":true'));
    expect(aborted.join('\n')).toMatch(/reached the SMTP server; waited for the answer: delivered/);
    expect(world.mailCounts()).toEqual(new Map([[world.messageIdOf(event?.id ?? ''), 1]]));
    const result = await world.db.storage.results.findOne({ functionId }, { projection: { status: 1 } });
    expect(result?.status).toBe('succeeded');
  });
});
