import type { EventEnvelope } from '@fixstream/events';
import { waitFor } from '@fixstream/test-support';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFaultWorld, type FaultWorld, faultTestTimeout, faultWait, functionId } from './fault-world.ts';
import { stopApp } from './processes.ts';

let world: FaultWorld;
beforeEach(async () => {
  world = await createFaultWorld();
  // Every send hangs at RCPT TO, before the message is handed over: no run can finish, and one aborted there has
  // left nothing at the server.
  world.sink().delayRecipientReplies(120_000);
});
afterEach(() => world.close());

const stuckWorker = { WORKER_TIMEOUT_MS: '60000', WORKER_SHUTDOWN_TIMEOUT_MS: '1000' };

async function expectEveryMailOnceAfterRestart(events: readonly EventEnvelope[]): Promise<void> {
  world.sink().delayRecipientReplies(null);
  await world.startWorker('worker-b');
  await world.waitForMails(events);
  const counts = world.mailCounts();
  expect([...counts.keys()].sort()).toEqual(events.map((e) => world.messageIdOf(e.id)).sort());
  expect([...counts.values()].every((n) => n === 1)).toBe(true);
  await waitFor(
    async () =>
      (await world.db.storage.results.countDocuments({ functionId, status: 'succeeded' })) === events.length,
    'every run recorded as succeeded',
    faultWait,
  );
}

// Single Redis only: shutdown on the cluster is covered by crash.fault.test.ts; this is about the process.
describe('worker shutdown with runs that cannot finish', { timeout: faultTestTimeout }, () => {
  it('SIGTERM past WORKER_SHUTDOWN_TIMEOUT_MS: runs are aborted, the process exits, a new worker mails each once', async () => {
    const worker = await world.startWorker('worker-a', stuckWorker);
    const events = await world.createRequests(10);
    await waitFor(() => world.sink().recipientsHeld() >= 5, 'runs stuck at RCPT TO', faultWait);

    const t0 = Date.now();
    const exit = await stopApp(worker, 30_000);
    const tookMs = Date.now() - t0;
    expect(exit).toEqual({ code: 0, signal: null });
    // It waited for its timeout, then gave up on the runs instead of waiting for the server's replies.
    expect(tookMs).toBeGreaterThanOrEqual(1_000);
    expect(tookMs).toBeLessThan(20_000);
    expect(worker.output()).toMatch(/runs did not finish in time/);
    expect(world.mails()).toHaveLength(0);
    expect(await world.db.storage.results.countDocuments({ functionId })).toBe(0);

    await expectEveryMailOnceAfterRestart(events);
  });

  it('a second SIGTERM exits at once, without waiting for the runs in flight or the shutdown timeout', async () => {
    const worker = await world.startWorker('worker-a', {
      ...stuckWorker,
      WORKER_SHUTDOWN_TIMEOUT_MS: '60000',
    });
    const events = await world.createRequests(10);
    await waitFor(() => world.sink().recipientsHeld() >= 5, 'runs stuck at RCPT TO', faultWait);

    worker.signal('SIGTERM');
    const firstAt = Date.now();
    await worker.waitForLine(/shutting down gracefully/);
    // A repeat within a second counts as the same signal relayed by a wrapper (tsx watch, a shell).
    await waitFor(() => Date.now() - firstAt > 1_200, 'the relay window to pass', faultWait);
    expect(worker.child.exitCode).toBeNull();
    expect(world.sink().recipientsHeld()).toBeGreaterThanOrEqual(5);

    const t1 = Date.now();
    worker.signal('SIGTERM');
    const exit = await worker.exited;
    expect(Date.now() - t1).toBeLessThan(5_000);
    expect(exit).toEqual({ code: 130, signal: null });
    expect(worker.output()).toMatch(/SIGTERM again: exiting now/);
    expect(world.mails()).toHaveLength(0);

    await expectEveryMailOnceAfterRestart(events);
  });
});
