import { defineEvent, defineFunction } from '@fixstream/events';
import { createStepStore } from '@fixstream/run-storage';
import { waitFor } from '@fixstream/test-support';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { pinged, pingFunction } from './events.fixture.ts';
import { createHarness, pendingCount, type RuntimeHarness } from './harness.ts';

let h: RuntimeHarness;
beforeEach(async () => {
  h = await createHarness('single Redis');
});
afterEach(() => h.close());

describe('durable steps', { timeout: 60_000 }, () => {
  it('a retry resumes after the last finished step: finished steps do not run again, their results are kept', async () => {
    const calls: string[] = [];
    const seen: unknown[] = [];
    let failures = 2;
    const fn = pingFunction(async ({ event, step }) => {
      const loaded = await step.run('load', async () => {
        calls.push('load');
        return { n: event.data.n, at: new Date(1_000) };
      });
      seen.push(loaded);
      await step.run('flaky', async () => {
        calls.push('flaky');
        if (failures-- > 0) throw new Error('not yet');
      });
      await step.run('send', async () => {
        calls.push('send');
      });
    });
    await h.startWorker([fn], { steps: createStepStore(h.db.storage) });
    await h.publisher.publish(pinged.create({ n: 7 }));
    await waitFor(
      async () => (await h.db.storage.results.countDocuments({ status: 'succeeded' })) === 1,
      'the run succeeded',
    );
    expect(calls).toEqual(['load', 'flaky', 'flaky', 'flaky', 'send']);
    expect(seen).toEqual([1, 2, 3].map(() => ({ n: 7, at: new Date(1_000) })));
    const steps = await h.db.storage.steps.find({}, { projection: { name: 1 } }).toArray();
    expect(steps.map((s) => s.name).sort()).toEqual(['flaky', 'load', 'send']);
  });
});

const ponged = defineEvent({ name: 'test/ponged', version: 1, data: z.object({ n: z.number().int() }) });

describe('cancelOn', { timeout: 60_000 }, () => {
  it('a matching event cancels a sleeping run: it never resumes, and another run sleeps on undisturbed', async () => {
    const after: number[] = [];
    const fn = defineFunction({
      id: 'remind',
      event: pinged,
      cancelOn: [{ event: ponged, match: 'data.n' }],
      async handler({ event, step }) {
        await step.sleep('nap', 1_500);
        await step.run('after', async () => {
          after.push(event.data.n);
        });
      },
    });
    await h.startWorker([fn], { steps: createStepStore(h.db.storage) });
    await h.publisher.publishMany([pinged.create({ n: 1 }), pinged.create({ n: 2 })]);
    await waitFor(
      async () =>
        (await h.db.storage.runs.countDocuments({ functionId: 'remind', status: 'sleeping' })) === 2,
      'both runs asleep',
    );
    await h.publisher.publish(ponged.create({ n: 1 }));
    await waitFor(
      async () =>
        (await h.db.storage.results.countDocuments({ functionId: 'remind', status: 'cancelled' })) === 1,
      'the matching run cancelled',
    );
    await waitFor(() => after.includes(2), 'the other run resumed');
    // The cancelled run's wake-up came and went: its entry was read and acknowledged without running it.
    await waitFor(async () => (await h.redis.zcard(h.keys.timers(pinged.name))) === 0, 'every wake-up taken');
    await waitFor(
      async () => (await pendingCount(h.redis, h.keys.stream(pinged.name), 'remind')) === 0,
      'every entry acknowledged',
    );
    expect(after).toEqual([2]);
    const results = await h.db.storage.results.find({ functionId: 'remind' }).sort({ status: 1 }).toArray();
    expect(results.map((r) => r.status)).toEqual(['cancelled', 'succeeded']);
    expect(results[0]?.error).toMatch(/^cancelled by test\/ponged /);
  });
});
