import { defineFunction } from '@fixstream/events';
import { createStepStore } from '@fixstream/run-storage';
import { waitFor } from '@fixstream/test-support';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { keyedWork } from './events.fixture.ts';
import { createHarness, type RuntimeHarness } from './harness.ts';

let h: RuntimeHarness;
beforeEach(async () => {
  h = await createHarness('single Redis');
});
afterEach(() => h.close());

describe('debounce', { timeout: 60_000 }, () => {
  it('runs once per burst of a key, with its last event, once the key is quiet; the replaced runs are cancelled', async () => {
    const ran: { company: string; n: number; at: number }[] = [];
    const fn = defineFunction({
      id: 'digest',
      event: keyedWork,
      debounce: { key: 'data.company', periodMs: 800 },
      async handler({ event }) {
        ran.push({ ...event.data, at: Date.now() });
      },
    });
    await h.startWorker([fn], { steps: createStepStore(h.db.storage) });
    let lastAt = 0;
    for (const n of [1, 2, 3, 4, 5]) {
      await h.publisher.publish(keyedWork.create({ company: 'acme', n }));
      lastAt = Date.now();
      await waitFor(
        async () => (await h.db.storage.runs.countDocuments({ status: 'sleeping' })) >= n,
        'the event waiting',
      );
    }
    await h.publisher.publish(keyedWork.create({ company: 'globex', n: 9 }));
    await waitFor(() => ran.length >= 2, 'one run per company');
    await waitFor(
      async () => (await h.db.storage.results.countDocuments({ functionId: 'digest' })) === 6,
      'every run final',
    );
    expect(ran.map(({ company, n }) => ({ company, n })).sort((a, b) => a.n - b.n)).toEqual([
      { company: 'acme', n: 5 },
      { company: 'globex', n: 9 },
    ]);
    expect(ran.find((r) => r.company === 'acme')?.at).toBeGreaterThanOrEqual(lastAt + 800 - 50);
    expect(await h.db.storage.results.countDocuments({ functionId: 'digest', status: 'cancelled' })).toBe(4);
  });

  it('runs a key that never goes quiet once its burst has waited the longest it may', async () => {
    const ran: { n: number; at: number }[] = [];
    const fn = defineFunction({
      id: 'busy-digest',
      event: keyedWork,
      debounce: { key: 'data.company', periodMs: 3_000, maxWaitMs: 1_500 },
      async handler({ event }) {
        ran.push({ n: event.data.n, at: Date.now() });
      },
    });
    await h.startWorker([fn], { steps: createStepStore(h.db.storage) });
    // An event every 200 ms: the key is never quiet for the 3 s period.
    const published: number[] = [];
    for (let n = 0; ran.length === 0 && n < 100; n++) {
      await h.publisher.publish(keyedWork.create({ company: 'acme', n }));
      published.push(Date.now());
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const [run] = ran;
    expect(run).toBeDefined();
    const lastBefore = Math.max(...published.filter((at) => at <= (run?.at ?? 0)));
    expect((run?.at ?? 0) - lastBefore).toBeLessThan(3_000);
    expect((run?.at ?? 0) - (published[0] ?? 0)).toBeGreaterThanOrEqual(1_500 - 50);
  });
});
