import { PermanentError, parseDeadLetter } from '@fixstream/events';
import { waitFor } from '@fixstream/test-support';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pinged, pingFunction } from './events.fixture.ts';
import { createHarness, forEachRedis, pendingCount, type RuntimeHarness } from './harness.ts';

let h: RuntimeHarness;

async function deadLetters() {
  return (await h.redis.xrange(h.keys.deadLetters('count-pings'), '-', '+')).map(([, fields]) =>
    parseDeadLetter(fields),
  );
}

forEachRedis((flavour) => {
  beforeEach(async () => {
    h = await createHarness(flavour);
  });
  afterEach(() => h.close());

  describe('retries and dead letters', () => {
    it('retries a failing run with backoff until it succeeds, and counts the attempts', async () => {
      const attempts: number[] = [];
      await h.startWorker([
        pingFunction(async ({ attempt, recordMessageId }) => {
          attempts.push(attempt);
          recordMessageId(`<mail-${attempt}@acme.test>`);
          if (attempt < 3) throw new Error(`flaky ${attempt}`);
        }),
      ]);
      const event = pinged.create({ n: 1 });
      await h.publisher.publish(event);
      await waitFor(async () => (await h.db.storage.results.countDocuments()) === 1, 'a result');
      expect(attempts).toEqual([1, 2, 3]);
      const result = await h.db.storage.results.findOne({ _id: `${event.id}.count-pings` });
      expect(result).toMatchObject({ status: 'succeeded', attempts: 3, messageIds: ['<mail-3@acme.test>'] });
      const { id, name, version, occurredAt, data } = event;
      expect(result?.event).toEqual({ id, name, version, occurredAt, data });
      const run = await h.db.storage.runs.findOne({ _id: `${event.id}.count-pings` });
      expect(run?.lastError).toBe('Error: flaky 2');
      expect(run?.failures?.map((failure) => failure.messageIds)).toEqual([
        ['<mail-1@acme.test>'],
        ['<mail-2@acme.test>'],
      ]);
      await waitFor(
        async () => (await pendingCount(h.redis, h.keys.stream(pinged.name), 'count-pings')) === 0,
        'acked',
      );
      expect(await deadLetters()).toEqual([]);
    });

    it('gives up after the last retry and dead-letters the event with its error and attempt count', async () => {
      let calls = 0;
      await h.startWorker(
        [
          pingFunction(async ({ recordMessageId }) => {
            calls++;
            recordMessageId('<sent-before-failing@acme.test>');
            throw new Error('SMTP 451 try later');
          }),
        ],
        { retries: { retries: 2, initialDelayMs: 10, factor: 2, maxDelayMs: 50, jitter: 0 } },
      );
      const event = pinged.create({ n: 9 });
      await h.publisher.publish(event);
      await waitFor(async () => (await deadLetters()).length === 1, 'a dead letter');
      expect(calls).toBe(3);
      const [letter] = await deadLetters();
      expect(letter).toMatchObject({
        functionId: 'count-pings',
        eventId: event.id,
        attempts: 3,
        error: 'Error: SMTP 451 try later',
      });
      expect(JSON.parse(letter?.event ?? '{}')).toEqual(event);
      expect(await h.db.storage.results.findOne({ _id: `${event.id}.count-pings` })).toMatchObject({
        status: 'dead',
        attempts: 3,
        event: { id: event.id, data: event.data },
        messageIds: ['<sent-before-failing@acme.test>'],
      });
      await waitFor(
        async () => (await pendingCount(h.redis, h.keys.stream(pinged.name), 'count-pings')) === 0,
        'acked',
      );
    });

    it('skips the retries of an error marked permanent', async () => {
      let calls = 0;
      await h.startWorker([
        pingFunction(async () => {
          calls++;
          throw new PermanentError('recipient does not exist');
        }),
      ]);
      await h.publisher.publish(pinged.create({ n: 2 }));
      await waitFor(async () => (await deadLetters()).length === 1, 'a dead letter');
      expect(calls).toBe(1);
      expect((await deadLetters())[0]).toMatchObject({
        attempts: 1,
        error: 'PermanentError: recipient does not exist',
      });
    });

    it('aborts a run that exceeds its timeout and retries it', async () => {
      const attempts: number[] = [];
      await h.startWorker([
        pingFunction(
          async ({ attempt, signal }) => {
            attempts.push(attempt);
            if (attempt === 1) {
              await new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
            }
          },
          { timeoutMs: 100 },
        ),
      ]);
      const event = pinged.create({ n: 3 });
      await h.publisher.publish(event);
      await waitFor(
        async () => (await h.db.storage.results.countDocuments({ status: 'succeeded' })) === 1,
        'success',
      );
      expect(attempts).toEqual([1, 2]);
      const run = await h.db.storage.runs.findOne({ _id: `${event.id}.count-pings` });
      expect(run?.lastError).toMatch(/RunTimeoutError: run took longer than 100 ms/);
    });

    it('counts a run that ignores the abort but finishes before its lease ends as done, without repeating it', async () => {
      const attempts: number[] = [];
      await h.startWorker([
        pingFunction(
          async ({ attempt }) => {
            attempts.push(attempt);
            await new Promise((resolve) => setTimeout(resolve, 300));
          },
          { timeoutMs: 100 },
        ),
      ]);
      const event = pinged.create({ n: 4 });
      await h.publisher.publish(event);
      await waitFor(
        async () => (await h.db.storage.results.countDocuments({ status: 'succeeded' })) === 1,
        'success',
      );
      expect(attempts).toEqual([1]);
    });
  });
});
