import { type RunOrigin, runOriginOf } from '@fixstream/events';
import { type ResultDocument, resultSummary, resultsByRequest } from '../collections/function-run-results.ts';
import type { RunDocument } from '../collections/function-runs.ts';
import { owedByEvent } from '../collections/outbox-owed.ts';
import { type StepDocument, stepsByRun } from '../collections/run-steps.ts';
import { indexedDates } from '../indexed-dates.ts';
import { type KeptEvent, keptEvent } from '../kept-event.ts';
import type { RunStorage } from '../run-storage.ts';
import { eventIdOfKey, findEvent } from './ops-queries.ts';

/** Everything the ledger holds of one run, for a run's detail page. */
export interface RunDetail {
  key: string;
  functionId: string;
  eventId: string;
  /** The run's document: present for runs claimed (retried, long, asleep, dead); absent for one-delivery successes. */
  run: RunDocument | null;
  /** Its final result; null while in progress. */
  result: ResultDocument | null;
  /**
   * The event, secrets redacted (`keptEvent`): from the result, which keeps it; for a run in progress or a result
   * recorded before results kept it, from the run's document, else wherever `findEvent` finds it by index. Null
   * when nothing keeps it (such an older result of a run that succeeded on its only delivery, its event settled).
   */
  event: KeptEvent | null;
  /** What the event was about: from the result where it recorded it, else from the kept event. */
  origin: RunOrigin | null;
  /** Its recorded steps and sleeps, in the order they were recorded. */
  steps: StepDocument[];
  /**
   * The Message-IDs of the mails it sent, whichever attempt sent them: those its failed attempts recorded, then
   * its final one's, each once.
   */
  messageIds: string[];
  /** How many more Message-IDs its busiest attempt recorded than it kept (a run that mailed very many). */
  messageIdsOmitted: number;
}

/** Reads one run by key (`<event id>.<function id>`); null when the ledger has neither its document nor its result. */
export async function runDetail(storage: RunStorage, key: string): Promise<RunDetail | null> {
  const [run, result] = await Promise.all([
    storage.runs.findOne({ _id: key }),
    storage.results.findOne({ _id: key }),
  ]);
  if (!run && !result) return null;
  const functionId = (result?.functionId ?? run?.functionId) as string;
  const eventId = run?.eventId ?? eventIdOfKey(key, functionId);
  const kept = keptEvent(result?.event) ?? keptEvent(run?.event);
  const [found, steps] = await Promise.all([
    kept ? null : findEvent(storage, eventId, { indexedOnly: true }),
    storage.steps.find({ runKey: key }, { hint: stepsByRun }).toArray(),
  ]);
  const event = kept ?? keptEvent(found?.event);
  const origin =
    result && result.companyId !== undefined
      ? {
          eventName: result.eventName ?? '',
          companyId: result.companyId ?? null,
          requestId: result.requestId ?? null,
        }
      : run
        ? runOriginOf(run.event as { name?: unknown; data?: unknown })
        : null;
  steps.sort((a, b) => a.recordedAt.getTime() - b.recordedAt.getTime());
  const attempts = [...(run?.failures ?? []), ...(result ? [result] : [])];
  return {
    key,
    functionId,
    eventId,
    run,
    result,
    event,
    origin,
    steps,
    messageIds: [...new Set(attempts.flatMap((attempt) => attempt.messageIds ?? []))],
    messageIdsOmitted: Math.max(0, ...attempts.map((attempt) => attempt.messageIdsOmitted ?? 0)),
  };
}

/**
 * The finished runs of a request's events, oldest first, at most `limit`, by the index `{requestId, finishedAt}`:
 * the runs its own events caused, and the webhook deliveries of those events (`RunOrigin.requestId`).
 */
export async function requestRuns(
  storage: RunStorage,
  requestId: string,
  limit: number,
): Promise<ResultDocument[]> {
  return storage.results
    .find({ requestId, finishedAt: indexedDates() }, { projection: resultSummary, hint: resultsByRequest })
    .sort({ finishedAt: 1 })
    .limit(limit)
    .toArray();
}

/**
 * The company a run belongs to: as its result recorded it, else from the event its document keeps; null for a run
 * the ledger does not know, or of no company. By `_id` only, so a caller's check costs two index lookups.
 */
export async function runCompany(storage: RunStorage, key: string): Promise<string | null> {
  const result = await storage.results.findOne({ _id: key }, { projection: { companyId: 1 } });
  if (result?.companyId) return result.companyId;
  const run = await storage.runs.findOne({ _id: key }, { projection: { event: 1 } });
  return run ? runOriginOf(run.event as { data?: unknown }).companyId : null;
}

/**
 * Which of these events are still owed: some function subscribed to them has not finished them, so the relay
 * still watches their `outbox_owed` rows. One index lookup per event (`{eventId}`); meant for a handful.
 */
export async function stillOwed(storage: RunStorage, eventIds: readonly string[]): Promise<Set<string>> {
  const owed = await Promise.all(
    eventIds.map(async (eventId) => {
      const row = await storage.owedRows.findOne({ eventId }, { projection: { _id: 1 }, hint: owedByEvent });
      return row ? eventId : null;
    }),
  );
  return new Set(owed.filter((id): id is string => id !== null));
}
