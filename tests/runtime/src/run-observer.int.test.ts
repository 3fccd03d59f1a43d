import { type AttemptOutcome, encodeEvent, type RunObserver } from '@fixstream/events';
import { waitFor } from '@fixstream/test-support';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pinged, pingFunction } from './events.fixture.ts';
import { createHarness, type RuntimeHarness } from './harness.ts';

let h: RuntimeHarness;

beforeEach(async () => {
  h = await createHarness('single Redis');
});
afterEach(() => h.close());

/** An observer that keeps what it is told, as a metrics implementation would count it. */
function recordingObserver() {
  const attempts: { functionId: string; outcome: AttemptOutcome; durationMs: number }[] = [];
  const deadLettered: string[] = [];
  const observer: RunObserver = {
    onAttemptFinished: (functionId, outcome, durationMs) =>
      attempts.push({ functionId, outcome, durationMs }),
    onRunsCancelled() {},
    onDeadLettered: (functionId, reason) => deadLettered.push(`${functionId}:${reason}`),
  };
  return { observer, attempts, deadLettered };
}

describe('RunObserver', () => {
  it('is told each attempt: failed while retries are left, then dead, and the dead letter', async () => {
    const seen = recordingObserver();
    await h.startWorker(
      [
        pingFunction(async ({ event }) => {
          if (event.data.n === 2) throw new Error('SMTP 451 try later');
        }),
      ],
      {
        observer: seen.observer,
        retries: { retries: 1, initialDelayMs: 10, factor: 1, maxDelayMs: 10, jitter: 0 },
      },
    );
    await h.publisher.publish(pinged.create({ n: 1 }));
    await h.publisher.publish(pinged.create({ n: 2 }));
    await h.redis.xadd(
      h.keys.stream(pinged.name),
      '*',
      ...encodeEvent({ ...pinged.create({ n: 3 }), data: {} }),
    );
    await waitFor(
      () => seen.attempts.length === 3 && seen.deadLettered.length === 2,
      'three attempts, two dead letters',
    );
    expect(seen.attempts.map((a) => a.outcome).sort()).toEqual(['dead', 'failed', 'succeeded']);
    expect(seen.attempts.every((a) => a.functionId === 'count-pings' && a.durationMs >= 0)).toBe(true);
    expect(seen.deadLettered.sort()).toEqual(['count-pings:failed', 'count-pings:invalid-event']);
  });

  it('never lets an observer that throws fail a run', async () => {
    let ran = 0;
    const throwing: RunObserver = {
      onAttemptFinished() {
        throw new Error('broken metrics');
      },
      onRunsCancelled() {},
      onDeadLettered() {},
    };
    await h.startWorker(
      [
        pingFunction(async () => {
          ran++;
        }),
      ],
      { observer: throwing },
    );
    const event = pinged.create({ n: 1 });
    await h.publisher.publish(event);
    await waitFor(
      async () =>
        (await h.db.storage.results.findOne({ _id: `${event.id}.count-pings` }))?.status === 'succeeded',
      'the run recorded succeeded',
    );
    expect(ran).toBe(1);
  });
});
