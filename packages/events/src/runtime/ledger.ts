import type { EventEnvelope } from '../event.ts';
import type { RunOrigin } from './run-origin.ts';

/**
 * Where a run of (event, function) stands. `succeeded`, `dead` and `cancelled` are final: the event is done for
 * that function. `sleeping`: an attempt ended at a durable sleep (`step.sleep`), and the run resumes at its
 * `nextAttemptAt`, unless an event of its function's `cancelOn` cancels it first.
 */
export type RunStatus = 'running' | 'failed' | 'sleeping' | 'succeeded' | 'dead' | 'cancelled';

export const finalRunStatuses: readonly RunStatus[] = ['succeeded', 'dead', 'cancelled'];

/** What the relay needs to know of a run: whether it is final, and which entry first carried it. */
export interface RunState {
  key: string;
  status: RunStatus;
  attempts: number;
  /** The stream entry of its first claim; null for runs recorded dead without one. */
  firstEntryId: string | null;
  /** For a run not final: when it is due again (its retry, or the end of its sleep); null when unknown. */
  nextAttemptAt: Date | null;
}

export interface ClaimRequest {
  /** `<event id>.<function id>`: unique per run, the ledger's key and the root of idempotency keys. */
  key: string;
  functionId: string;
  event: EventEnvelope;
  /** The stream entry that delivered the event. */
  entryId: string;
  consumer: string;
  now: Date;
  /**
   * The run is known to be recorded already: the entry wakes it from a durable sleep, which was recorded before its
   * wake-up was set. The ledger may then read its record without first trying (and failing) to insert one.
   */
  expectRecorded?: boolean;
}

/**
 * The ledger's answer to a claim. `fresh`: this is the first claim of the run ever (an insert on its unique key
 * won), so nothing can have run it and no result can exist. `finished`: a final result exists. `recorded`: the run
 * was claimed before (a retry, a takeover, or the event was published again); Redis decides who may go on.
 */
export type ClaimResult =
  | { kind: 'fresh' }
  | { kind: 'finished' }
  | { kind: 'recorded'; attempts: number; firstEntryId: string; nextAttemptAt: Date; sleeping: boolean };

export interface RunOutcome {
  key: string;
  functionId: string;
  /** The attempt this outcome ends (1-based). */
  attempt: number;
  status: 'succeeded' | 'failed' | 'dead' | 'sleeping';
  error: string | null;
  /** For `failed`: when the next attempt is due; for `sleeping`: when the sleep ends. */
  nextAttemptAt: Date | null;
  /**
   * The run's event. For `sleeping`, the ledger keeps it owed (as the run's own) until the run is final, so the
   * relay publishes it again should Redis lose the sleep's timer; for a final outcome, it keeps a copy with the
   * result (secrets redacted, `redactSecrets`), so operators can read the payload after its outboxes let it go.
   */
  event?: EventEnvelope;
  /** For `sleeping` runs of a function with `cancelOn`: the value an event must match to cancel the run. */
  cancelKey?: string;
  finishedAt: Date;
  durationMs: number;
  /** What the run's event was about (`runOriginOf`), recorded with a final result. */
  origin?: RunOrigin;
  /**
   * The Message-IDs of the mails this attempt sent or found sent (`recordMessageId`), at most `messageIdsKept`;
   * absent when it recorded none. Kept with a final result, and with a failed attempt on the run's document.
   */
  messageIds?: string[];
  /** How many more Message-IDs the attempt recorded than `messageIds` holds; absent when none. */
  messageIdsOmitted?: number;
}

/** A run that ends without running: its event failed validation. */
export interface DeadRecord {
  key: string;
  functionId: string;
  event: EventEnvelope | Record<string, unknown>;
  eventId: string;
  error: string;
  attempts: number;
  at: Date;
}

/**
 * The run ledger: one record per (event, function), kept in MongoDB, the durable truth of which runs are final.
 * It decides nothing by a conditional update: a claim is an insert on the run's unique key, a result an insert on
 * the result's. Every method takes a batch: the runtime calls it once per read batch.
 */
export interface RunLedger {
  claim(requests: readonly ClaimRequest[]): Promise<ClaimResult[]>;
  finish(outcomes: readonly RunOutcome[]): Promise<void>;
  recordDead(records: readonly DeadRecord[]): Promise<void>;
  states(keys: readonly string[]): Promise<Map<string, RunState>>;
  /** The keys of these runs that are final (succeeded, dead or cancelled): `states` without the open runs' records. */
  finished(keys: readonly string[]): Promise<Set<string>>;
  /**
   * Cancels the sleeping runs of a function whose `cancelKey` is `cancelKey`: records them final (`cancelled`), so
   * their wake-up finds them done and nothing runs. Returns how many it cancelled.
   */
  cancelSleeping(functionId: string, cancelKey: string, reason: string): Promise<number>;
  /** Cancels these runs if they are asleep (a debounced run a later event replaced); returns how many. */
  cancelRuns(keys: readonly string[], reason: string): Promise<number>;
}

export function runKey(eventId: string, functionId: string): string {
  return `${eventId}.${functionId}`;
}
