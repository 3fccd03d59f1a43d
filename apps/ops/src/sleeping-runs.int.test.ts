import { defineEvent, defineFunction } from '@fixstream/events';
import { createStepStore } from '@fixstream/run-storage';
import { waitFor } from '@fixstream/test-support';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { StatusReport } from './status/collect-status.ts';
import { pinged } from './testing/events.fixture.ts';
import { createOpsHarness, type OpsHarness } from './testing/ops-harness.ts';

const called = defineEvent({
  name: 'ops-test/called-off',
  version: 1,
  data: z.object({ n: z.number().int() }),
});

let h: OpsHarness;
beforeEach(async () => {
  h = await createOpsHarness();
});
afterEach(() => h.close());

describe('ops status and durable sleeps', { timeout: 60_000 }, () => {
  it('counts the runs asleep at a step, and those a cancelOn event cancelled', async () => {
    const napper = defineFunction({
      id: 'napper',
      event: pinged,
      cancelOn: [{ event: called, match: 'data.n' }],
      async handler({ step }) {
        await step.sleep('a-day', 86_400_000);
      },
    });
    await h.startWorker([napper], { steps: createStepStore(h.db.storage) });
    await h.publisher.publishMany([1, 2, 3].map((n) => pinged.create({ n })));
    await waitFor(
      async () => (await h.db.storage.runs.countDocuments({ status: 'sleeping' })) === 3,
      'three runs asleep',
    );
    await h.publisher.publish(called.create({ n: 2 }));
    await waitFor(
      async () => (await h.db.storage.results.countDocuments({ status: 'cancelled' })) === 1,
      'one run cancelled',
    );

    const status = await h.cli('status', '--json');
    expect(status.code, status.stderr).toBe(0);
    const report = status.json<StatusReport>();
    expect(report.streams.find((stream) => stream.event === pinged.name)?.wakeUps).toBe(3);
    const groups = report.streams.flatMap((stream) => stream.groups);
    expect(groups.find((group) => group.function === 'napper')?.runs).toEqual({
      succeeded: 0,
      dead: 0,
      cancelled: 1,
      inProgress: 2,
      sleeping: 2,
    });
    const human = await h.cli('status');
    expect(human.stdout).toContain(`Wake-ups of sleeping runs in Redis: 3 for ${pinged.name}.`);
  });
});
