import { waitFor } from '@fixstream/test-support';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createFaultWorld,
  type FaultWorld,
  faultRedisFlavours,
  faultTestTimeout,
  faultWait,
  functionId,
} from './fault-world.ts';
import { stopApp } from './processes.ts';

let world: FaultWorld;

async function inProgressRuns(): Promise<number> {
  const [runs, results] = await Promise.all([
    world.db.storage.runs.countDocuments({ functionId }),
    world.db.storage.results.countDocuments({ functionId }),
  ]);
  return runs - results;
}

for (const { redis, eventsFor } of faultRedisFlavours) {
  describe(`worker crashes and shutdowns on a ${redis}`, { timeout: faultTestTimeout }, () => {
    beforeEach(async () => {
      world = await createFaultWorld(redis);
    });
    afterEach(() => world.close());

    it('SIGKILL mid-flight: a new worker finishes every event and each mail exists once per Message-ID', async () => {
      const events = await world.createRequests(eventsFor(1_200));
      const doomed = await world.startWorker('worker-a');
      await waitFor(() => world.mails().length >= eventsFor(150), 'the first mails', faultWait);
      doomed.signal('SIGKILL');
      const killedAt = Date.now();
      await doomed.exited;
      const delivered = world.mails().length;
      expect(delivered).toBeLessThan(events.length);
      const finalAtKill = new Set(
        (await world.db.storage.results.find({ functionId }, { projection: { _id: 1 } }).toArray()).map(
          (result) => String(result._id),
        ),
      );

      await world.startWorker('worker-b');
      await world.waitForMails(events);
      const counts = world.mailCounts();
      expect(counts.size).toBe(events.length);
      expect([...counts.keys()].sort()).toEqual(events.map((e) => world.messageIdOf(e.id)).sort());
      const repeated = [...counts].filter(([, n]) => n > 1).map(([messageId]) => messageId);
      const duplicates = repeated.length;
      // A crash between the SMTP server's "250 OK" and the ledger write can only repeat mails that were in flight:
      // the first copy reached the sink by the kill (the sink may finish reading a message just after the sender
      // died, hence a second of slack), and the run had no result yet. Anything else is a run started twice.
      const runKeyOf = new Map(events.map((e) => [world.messageIdOf(e.id), `${e.id}.${functionId}`]));
      for (const messageId of repeated) {
        const first = world
          .mails()
          .filter((mail) => mail.messageId === messageId)
          .map((mail) => Date.parse(mail.receivedAt))
          .sort((a, b) => a - b)[0];
        expect(first, `first copy of ${messageId}`).toBeLessThanOrEqual(killedAt + 1_000);
        expect(finalAtKill.has(runKeyOf.get(messageId) ?? ''), `result of ${messageId} at the kill`).toBe(
          false,
        );
      }
      console.info(
        `SIGKILL after ${delivered} mails; ${duplicates} mails sent twice with the same Message-ID`,
      );
      await waitFor(
        async () =>
          (await world.db.storage.results.countDocuments({ functionId, status: 'succeeded' })) ===
          events.length,
        'every run recorded as succeeded',
        faultWait,
      );
    });

    it('SIGTERM under load: in-flight runs finish and are recorded; a restart sends the rest without duplicates', async () => {
      const events = await world.createRequests(eventsFor(1_000));
      const first = await world.startWorker('worker-a');
      await waitFor(() => world.mails().length >= eventsFor(150), 'the first mails', faultWait);
      const exit = await stopApp(first);
      expect(exit).toEqual({ code: 0, signal: null });
      expect(await inProgressRuns()).toBe(0);
      const sentBeforeRestart = world.mails().length;
      expect(sentBeforeRestart).toBe(
        await world.db.storage.results.countDocuments({ functionId, status: 'succeeded' }),
      );

      await world.startWorker('worker-b');
      await world.waitForMails(events);
      const counts = world.mailCounts();
      expect(counts.size).toBe(events.length);
      expect([...counts.values()].every((n) => n === 1)).toBe(true);
    });
  });
}
