import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { EventEnvelope, Lease } from '@fixstream/events';
import { type ResultDocument, resultsByFunction } from '../collections/function-run-results.ts';
import type { RunDocument } from '../collections/function-runs.ts';
import { recordedFunctions } from '../ledger/function-directory.ts';
import { bulkUpdate, countByIndex } from '../mongo-helpers.ts';
import { createOutbox } from '../outbox/outbox.ts';
import type { RunStorage } from '../run-storage.ts';
import { isEnvelope } from './envelope.ts';
import { findEvent, findResults, findRuns, runRecordsOfEvent, runsInProgress } from './ops-queries.ts';

/**
 * Which runs `replayRuns` looks at: one event's, every final run (of one function, optionally), or the runs of
 * these keys (what a caller allowed to see only some runs, such as one company's admin, chose among them).
 */
export type ReplaySelection = (
  | { eventId: string; all?: never; runKeys?: never }
  | { all: true; eventId?: never; runKeys?: never }
  | { runKeys: readonly string[]; eventId?: never; all?: never }
) & {
  functionId?: string;
  /** Replay runs that succeeded too, not only dead ones. */
  force: boolean;
  now?: Date;
};

export interface ReplayedRun {
  key: string;
  functionId: string;
  /** How the run had ended before the replay. */
  previous: 'succeeded' | 'dead' | 'cancelled';
  event: EventEnvelope;
}

/** Why a run was not replayed, for callers that word it their own way (`reason` is the CLI's words). */
export type SkipCause = 'in-progress' | 'succeeded' | 'event-gone' | 'event-invalid';

export interface SkippedRun {
  key: string;
  functionId: string;
  cause: SkipCause;
  reason: string;
}

export interface ReplayOutcome {
  /** Runs of the selection found in the ledger (for an event: its runs, after `functionId`). */
  matched: number;
  replayed: ReplayedRun[];
  skipped: SkippedRun[];
  /** The replayed runs' events, once each, now owed in `replay_outboxes`: publish them (fast path). */
  events: EventEnvelope[];
  /** With `all` and without `force`: how many succeeded runs were left alone (not listed one by one). */
  succeededLeftAlone: number;
}

interface Candidate {
  key: string;
  functionId: string;
  run: Pick<RunDocument, 'attempts' | 'status' | 'nextAttemptAt'> | null;
  result: Pick<ResultDocument, 'status' | 'error'> | null;
}

/**
 * Replays runs while respecting the ledger: dead runs (and succeeded ones with `force`) are reset so that the next
 * delivery of their event runs them again from attempt 1; runs still in progress are never touched, since a worker
 * may be running them right now. Their events are owed again (`Outbox.oweAgain`), so the relay publishes them even if the
 * caller's own publish fails; functions of the event that are already final just ack the new delivery.
 *
 * Each run is reset before its result is deleted: until the delete, the run still counts as final, so a crash in
 * between leaves a run that a second replay handles normally. Deleting the result first would leave a run that looks
 * in progress, with its old attempt count, and nothing owed to publish it. Events are owed after the deletes:
 * owed before, the relay could find every run still final and settle them first. Replays take turns (a lease):
 * see `ReplayBusyError`.
 */
export async function replayRuns(
  storage: RunStorage,
  lease: Lease,
  selection: ReplaySelection,
): Promise<ReplayOutcome> {
  const holder = `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
  if (!(await lease.acquire(holder, replayLeaseTtlMs))) throw new ReplayBusyError();
  try {
    return await replayUnderLease(storage, selection);
  } finally {
    await lease.release(holder).catch(() => undefined);
  }
}

/**
 * Thrown while another replay runs. Replays take turns: two at once could both reset the same run, the second
 * after a worker had already claimed it again, and then two workers would run it side by side.
 */
export class ReplayBusyError extends Error {
  override readonly name = 'ReplayBusyError';
  constructor() {
    super('another replay is running; try again when it has finished');
  }
}

/** The name of the replay's lease (`StreamKeys.lease`), shared by every `pnpm ops` process. */
export const replayLeaseName = 'ops-replay';
/** Long enough for a big replay; a crashed replay blocks others at most this long. */
const replayLeaseTtlMs = 10 * 60_000;

async function replayUnderLease(storage: RunStorage, selection: ReplaySelection): Promise<ReplayOutcome> {
  const now = selection.now ?? new Date();
  const found =
    selection.eventId !== undefined
      ? await eventCandidates(storage, selection.eventId, selection.functionId)
      : selection.runKeys !== undefined
        ? await keyCandidates(storage, selection.runKeys, selection.functionId)
        : await allCandidates(storage, selection.functionId, selection.force);
  const wanted = found.candidates.filter(
    (c) => c.result?.status === 'dead' || (c.result?.status === 'succeeded' && selection.force),
  );
  const runDocs = await findRuns(
    storage,
    wanted.map((c) => c.key),
  );
  const replayed: ReplayedRun[] = [];
  const skipped: SkippedRun[] = [];
  const elsewhere = new Map<string, EventEnvelope | null>();
  for (const candidate of found.candidates) {
    const wanted = candidate.result?.status === 'dead' || (candidate.result && selection.force);
    const stored = runDocs.get(candidate.key)?.event;
    const event = stored ?? (wanted ? await eventKeptElsewhere(storage, candidate.key, elsewhere) : null);
    const skip = skipReason(candidate, selection.force, event);
    if (skip) skipped.push({ key: candidate.key, functionId: candidate.functionId, ...skip });
    else if (isEnvelope(event) && candidate.result) {
      replayed.push({
        key: candidate.key,
        functionId: candidate.functionId,
        previous: candidate.result.status,
        event,
      });
    }
  }

  const { runs, results } = storage;
  const previousError = new Map(found.candidates.map((c) => [c.key, c.result?.error ?? null]));
  await bulkUpdate(
    runs,
    replayed.map((r) => ({
      updateOne: {
        filter: { _id: r.key },
        update: {
          $set: {
            status: 'failed' as const,
            attempts: 0,
            consumer: null,
            nextAttemptAt: now,
            lastError: `replayed; before: ${r.previous === 'dead' ? (previousError.get(r.key) ?? 'dead') : 'succeeded'}`,
            updatedAt: now,
          },
        },
      },
    })),
  );
  const events = [...new Map(replayed.map((r) => [r.event.id, r.event])).values()];
  let deleteError: unknown = null;
  try {
    await bulkUpdate(
      results,
      replayed.map((r) => ({ deleteOne: { filter: { _id: r.key } } })),
    );
  } catch (error) {
    deleteError = error;
  }
  // Also after a failed delete: runs whose result is gone must have their event owed, or nothing would run them.
  // Owing an event whose runs are all still final costs the relay one look.
  await createOutbox(storage).oweAgain(events, 'replay');
  if (deleteError) throw deleteError;
  return {
    matched: found.candidates.length + found.succeededLeftAlone,
    replayed,
    skipped,
    events,
    succeededLeftAlone: found.succeededLeftAlone,
  };
}

/**
 * A run that succeeded on its only delivery keeps no copy of its event: it is looked for where `findEvent` looks
 * (the outbox of the request that owed it, replays), once per event.
 */
async function eventKeptElsewhere(
  storage: RunStorage,
  key: string,
  cache: Map<string, EventEnvelope | null>,
): Promise<EventEnvelope | null> {
  const eventId = key.slice(0, key.indexOf('.'));
  if (!cache.has(eventId)) cache.set(eventId, (await findEvent(storage, eventId))?.event ?? null);
  return cache.get(eventId) ?? null;
}

function skipReason(
  candidate: Candidate,
  force: boolean,
  event: unknown,
): { cause: SkipCause; reason: string } | null {
  const { result } = candidate;
  if (!result) {
    const attempt = candidate.run
      ? ` (attempt ${candidate.run.attempts}, ${describeRun(candidate.run)})`
      : '';
    return {
      cause: 'in-progress',
      reason: `in progress${attempt}: not touched while a worker may be running it`,
    };
  }
  if (result.status === 'succeeded' && !force)
    return { cause: 'succeeded', reason: 'succeeded; add --force to run it again' };
  if (event === null || event === undefined)
    return {
      cause: 'event-gone',
      reason: 'no run record or outbox holds its event any more; it cannot be published again',
    };
  if (!isEnvelope(event))
    return {
      cause: 'event-invalid',
      reason: 'its stored event is not a complete envelope (it failed validation when read)',
    };
  return null;
}

function describeRun(run: NonNullable<Candidate['run']>): string {
  if (run.status === 'running') return 'running';
  return `failed, next attempt ${run.nextAttemptAt.toISOString()}`;
}

async function eventCandidates(
  storage: RunStorage,
  eventId: string,
  functionId: string | undefined,
): Promise<{ candidates: Candidate[]; succeededLeftAlone: number }> {
  return { candidates: await runRecordsOfEvent(storage, eventId, functionId), succeededLeftAlone: 0 };
}

/** The runs of these keys the ledger knows (of one function, optionally), by `_id`. */
async function keyCandidates(
  storage: RunStorage,
  keys: readonly string[],
  functionId: string | undefined,
): Promise<{ candidates: Candidate[]; succeededLeftAlone: number }> {
  const [runDocs, finals] = await Promise.all([
    findRuns(storage, keys, { functionId: 1, attempts: 1, status: 1, nextAttemptAt: 1 }),
    findResults(storage, keys),
  ]);
  const candidates = [...new Set(keys)]
    .flatMap((key): Candidate[] => {
      const run = runDocs.get(key) ?? null;
      const result = finals.get(key) ?? null;
      const fn = result?.functionId ?? run?.functionId;
      if (!fn || (functionId && fn !== functionId)) return [];
      return [{ key, functionId: fn, run, result }];
    })
    .sort((a, b) => a.key.localeCompare(b.key));
  return { candidates, succeededLeftAlone: 0 };
}

/**
 * Every dead run (and succeeded one with `force`), plus the runs in progress so they can be reported as skipped,
 * function by function (`ledger_functions`), each read by an index: a function's results by
 * `{functionId, status}`, its claimed runs by `{functionId}`. With `force` (one function), every result of it.
 */
async function allCandidates(
  storage: RunStorage,
  functionId: string | undefined,
  force: boolean,
): Promise<{ candidates: Candidate[]; succeededLeftAlone: number }> {
  const functionIds = functionId ? [functionId] : await recordedFunctions(storage);
  const perFunction = await Promise.all(
    functionIds.map(async (id) => {
      const [chosen, succeeded, inProgress] = await Promise.all([
        storage.results
          .find(force ? { functionId: id } : { functionId: id, status: 'dead' }, {
            projection: { functionId: 1, status: 1, error: 1 },
            hint: resultsByFunction,
          })
          .toArray(),
        force
          ? 0
          : countByIndex(
              storage.db,
              storage.results,
              { functionId: id, status: 'succeeded' },
              resultsByFunction,
            ),
        runsInProgress(storage, id, { attempts: 1, status: 1, nextAttemptAt: 1 }),
      ]);
      return { chosen, succeeded, inProgress };
    }),
  );
  const candidates = perFunction
    .flatMap(({ chosen, inProgress }): Candidate[] => [
      ...chosen.map((doc) => ({ key: doc._id, functionId: doc.functionId, run: null, result: doc })),
      ...inProgress.map((run) => ({ key: run._id, functionId: run.functionId, run, result: null })),
    ])
    .sort((a, b) => a.key.localeCompare(b.key));
  const succeededLeftAlone = perFunction.reduce((sum, { succeeded }) => sum + succeeded, 0);
  return { candidates, succeededLeftAlone };
}
