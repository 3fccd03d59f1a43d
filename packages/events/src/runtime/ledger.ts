import type { EventEnvelope } from '../event.ts';

/** Where a run of (event, function) stands. `succeeded` and `dead` are final: the event is done for that function. */
export type RunStatus = 'running' | 'failed' | 'succeeded' | 'dead';

export const finalRunStatuses: readonly RunStatus[] = ['succeeded', 'dead'];

/** What the relay needs to know of a run to decide whether its event is done, in progress, or lost. */
export interface RunState {
  key: string;
  status: RunStatus;
  attempts: number;
  leaseUntil: Date;
  nextAttemptAt: Date;
}

export interface ClaimRequest {
  /** `<event id>.<function id>`: unique per run, the ledger's key and the root of idempotency keys. */
  key: string;
  functionId: string;
  event: EventEnvelope;
  consumer: string;
  /** Until when nobody else may start this run; longer than the function's timeout. */
  leaseUntil: Date;
  now: Date;
}

/** The ledger's answer to "may I run this now?". */
export type ClaimResult =
  | { kind: 'claimed'; attempt: number; token: string }
  | { kind: 'finished' }
  | { kind: 'busy' }
  | { kind: 'later'; at: Date };

export interface RunOutcome {
  key: string;
  functionId: string;
  /** The attempt this outcome ends (1-based). */
  attempt: number;
  /** The claim's token: a failure is only recorded by the claim that ran, never over someone else's run. */
  token: string;
  status: 'succeeded' | 'failed' | 'dead';
  error: string | null;
  /** For `failed`: when the next attempt is due. */
  nextAttemptAt: Date | null;
  finishedAt: Date;
  durationMs: number;
}

/** A run that ends without running: its event failed validation, or it had no attempts left. */
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
 * The run ledger: one record per (event, function), kept in MongoDB, which makes effects happen once although
 * Redis delivers at least once. Every method takes a batch: the runtime calls it once per read batch.
 */
export interface RunLedger {
  claim(requests: readonly ClaimRequest[]): Promise<ClaimResult[]>;
  finish(outcomes: readonly RunOutcome[]): Promise<void>;
  recordDead(records: readonly DeadRecord[]): Promise<void>;
  states(keys: readonly string[]): Promise<Map<string, RunState>>;
}

export function runKey(eventId: string, functionId: string): string {
  return `${eventId}.${functionId}`;
}
