import { createFunctionWorker, defineFunction, type FunctionWorker, requestCreated } from '@fixstream/events';
import { createOutbox, createRunLedger, createStepStore } from '@fixstream/run-storage';
import type { TestApi } from './test-deps.ts';

/**
 * A function on `maintenance/request.created` that the test breaks and mends: it records a step, records the
 * Message-ID of a mail as a mail function does (`<run key@acme.test>`, no mail is sent), counts its calls per
 * event, and fails while `broken` is set (the bug an admin fixes before replaying).
 */
export interface ControlledFunction {
  id: string;
  broken: boolean;
  callsOf(eventId: string): number;
}

/**
 * A worker on the test API's Redis, prefix and database, running `functionIds` as controlled functions with
 * test timings: one retry after 10 ms, so a broken run fails once, is retried, and ends dead on its second
 * attempt.
 */
export async function startOpsWorker(
  api: TestApi,
  functionIds: readonly string[],
): Promise<{ functions: Map<string, ControlledFunction>; worker: FunctionWorker }> {
  const functions = new Map<string, ControlledFunction>();
  const definitions = functionIds.map((id) => {
    const calls = new Map<string, number>();
    const control: ControlledFunction = { id, broken: false, callsOf: (eventId) => calls.get(eventId) ?? 0 };
    functions.set(id, control);
    return defineFunction({
      id,
      event: requestCreated,
      handler: async ({ event, step, runKey, recordMessageId }) => {
        calls.set(event.id, (calls.get(event.id) ?? 0) + 1);
        await step.run('load', () => event.data.requestId);
        recordMessageId(`<${runKey}@acme.test>`);
        if (control.broken) throw new Error(`${id} is broken`);
      },
    });
  });
  const worker = createFunctionWorker({
    redis: api.redis,
    prefix: api.prefix,
    functions: definitions,
    ledger: createRunLedger(api.db.storage),
    outbox: { store: createOutbox(api.db.storage) },
    steps: createStepStore(api.db.storage),
    blockMs: 100,
    reclaimIdleMs: 400,
    reclaimIntervalMs: 100,
    timeoutMs: 30_000,
    retries: { retries: 1, initialDelayMs: 10, factor: 1, maxDelayMs: 10, jitter: 0 },
    leaderDuties: { intervalMs: 100, trimIntervalMs: Number.MAX_SAFE_INTEGER },
  });
  await worker.start();
  return { functions, worker };
}
