import { parseDeadLetter, streamKeys } from '@fixstream/events';
import { waitFor } from '@fixstream/test-support';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFaultWorld, type FaultWorld, faultTestTimeout, faultWait, mailRuns } from './fault-world.ts';

let world: FaultWorld;
beforeEach(async () => {
  world = await createFaultWorld();
});
afterEach(() => world.close());

// Single Redis only: what is tested is the worker's judgement of a failure, not Redis.
describe('failures retrying cannot fix', { timeout: faultTestTimeout }, () => {
  it('a 550 for the recipient and an invalid address are dead-lettered after one attempt, with the error', async () => {
    const refused = 'tech0@faults.test';
    const invalid = 'tech1 at faults.test';
    await world.db.models.User.updateOne({ email: 'tech1@faults.test' }, { email: invalid });
    world
      .sink()
      .rejectRecipients((address) =>
        address === refused ? { code: 550, message: '5.1.1 No such user here' } : null,
      );
    // Retries soon and often: had either failure been retried, the dead letter would count 5 attempts.
    await world.startWorker('worker', { WORKER_RETRIES: '4', WORKER_RETRY_DELAY_MS: '100' });
    const events = await world.createRequests(10);
    // Technicians are assigned round robin over tech0..tech4.
    const refusedEvents = events.filter((_, i) => i % 5 === 0);
    const invalidEvents = events.filter((_, i) => i % 5 === 1);
    const deliveredEvents = events.filter((_, i) => i % 5 > 1);
    await world.waitForMails(deliveredEvents);

    const deadKey = streamKeys(world.prefix).deadLetters('send-request-notification');
    await waitFor(async () => (await world.redis.xlen(deadKey)) === 4, 'the four dead letters', faultWait);
    const letters = (await world.redis.xrange(deadKey, '-', '+')).map(([, fields]) =>
      parseDeadLetter(fields),
    );
    const letterOf = (id: string) => letters.find((letter) => letter.eventId === id);
    for (const event of refusedEvents) {
      expect(letterOf(event.id)).toMatchObject({ attempts: 1 });
      // The sink's own reply is in the error: the server really answered 550.
      expect(letterOf(event.id)?.error).toMatch(/550.*No such user here/);
    }
    for (const event of invalidEvents) {
      expect(letterOf(event.id)).toMatchObject({ attempts: 1 });
      expect(letterOf(event.id)?.error).toContain(invalid);
    }

    const dead = await world.db.storage.results.find({ ...mailRuns, status: 'dead' }).toArray();
    expect(dead).toHaveLength(4);
    expect(world.mails().flatMap((mail) => mail.to)).not.toContain(refused);
    expect(world.mailCounts().size).toBe(deliveredEvents.length);
  });
});
