import { createStepStore } from '@fixstream/run-storage';
import { waitFor } from '@fixstream/test-support';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pinged, pingFunction } from './events.fixture.ts';
import { createHarness, type RuntimeHarness } from './harness.ts';

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
