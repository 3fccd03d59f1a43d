import { defineCronFunction } from '@fixstream/events';
import { createCronStore } from '@fixstream/run-storage';
import { waitFor } from '@fixstream/test-support';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StatusReport } from './status/collect-status.ts';
import { createOpsHarness, type OpsHarness } from './testing/ops-harness.ts';

let h: OpsHarness;
beforeEach(async () => {
  h = await createOpsHarness();
});
afterEach(() => h.close());

describe('ops status and schedules', { timeout: 60_000 }, () => {
  it('lists each scheduled function with its cron, next tick, last tick and how that tick ran', async () => {
    const ran: string[] = [];
    const everySecond = defineCronFunction({
      id: 'tick-counter',
      cron: '* * * * * *',
      timezone: 'Europe/Paris',
      async handler({ event }) {
        ran.push(event.data.scheduledAt);
      },
    });
    await h.startWorker([everySecond], { cron: { store: createCronStore(h.db.storage) } });
    await waitFor(
      async () => (await h.db.storage.results.countDocuments({ functionId: 'tick-counter' })) >= 2,
      'two ticks ran',
    );

    const before = Date.now();
    const status = await h.cli('status', '--json');
    expect(status.code, status.stderr).toBe(0);
    const [schedule] = status.json<StatusReport>().schedules;
    expect(schedule).toMatchObject({
      functionId: 'tick-counter',
      cron: '* * * * * *',
      timezone: 'Europe/Paris',
    });
    expect(Date.parse(String(schedule?.nextAt))).toBeGreaterThan(before - 1_000);
    expect(Date.parse(String(schedule?.lastTickAt))).toBeGreaterThanOrEqual(Date.parse(String(ran[1])));
    expect(['succeeded', 'pending', 'in-progress']).toContain(schedule?.lastRun);

    const human = await h.cli('status');
    expect(human.stdout).toMatch(/SCHEDULED FUNCTION\s+CRON\s+TIME ZONE\s+NEXT TICK\s+LAST TICK\s+LAST RUN/);
    expect(human.stdout).toMatch(/tick-counter\s+\* \* \* \* \* \*\s+Europe\/Paris/);
  });
});
