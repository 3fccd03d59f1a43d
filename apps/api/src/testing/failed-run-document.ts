import type { RunDocument } from '@fixstream/run-storage';

/**
 * The `function_runs` document of a run that failed its attempt at `at`, holding `event`, as the worker leaves one:
 * for tests that put a run in the ledger without running it.
 */
export function failedRunDocument(
  event: { id: string; name: string },
  functionId: string,
  at: Date,
  lastError: string | null = null,
): RunDocument {
  return {
    _id: `${event.id}.${functionId}`,
    eventId: event.id,
    eventName: event.name,
    functionId,
    event,
    status: 'failed',
    attempts: 1,
    firstEntryId: null,
    consumer: null,
    nextAttemptAt: at,
    firstStartedAt: at,
    startedAt: at,
    lastError,
    createdAt: at,
    updatedAt: at,
  };
}
