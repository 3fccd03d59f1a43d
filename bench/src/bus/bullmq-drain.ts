import { waitFor } from '@fixstream/test-support';
import type { Queue } from 'bullmq';
import { nowMs } from '../stats/now-ms.ts';

/** Jobs handed to `Queue.add` before waiting for their answers; ioredis writes them back to back meanwhile. */
const addWindow = 1_000;

/**
 * BullMQ's side of a bus round: `Queue.add` for every event while the workers run, then waits until no job is
 * waiting, active or delayed (jobs are removed on completion, so an empty queue means all completed).
 * Returns jobs per second; a failed job fails the round.
 */
export async function addAndDrain(opts: {
  queue: Queue;
  payloads: readonly object[];
  timeoutMs: number;
}): Promise<number> {
  const started = nowMs();
  for (let i = 0; i < opts.payloads.length; i += addWindow) {
    await Promise.all(
      opts.payloads
        .slice(i, i + addWindow)
        .map((payload) => opts.queue.add('job', payload, { removeOnComplete: true, removeOnFail: 1_000 })),
    );
  }
  let counts: Record<string, number> = {};
  await waitFor(
    async () => {
      counts = await opts.queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'failed');
      if ((counts.failed ?? 0) > 0) throw new Error(`BullMQ jobs failed: ${JSON.stringify(counts)}`);
      return Object.values(counts).every((count) => count === 0);
    },
    () => `BullMQ queue ${opts.queue.name} to drain (${JSON.stringify(counts)})`,
    { timeoutMs: opts.timeoutMs, intervalMs: 5 },
  );
  return opts.payloads.length / ((nowMs() - started) / 1000);
}
