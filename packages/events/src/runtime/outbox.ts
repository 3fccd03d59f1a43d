import type { EventEnvelope } from '../event.ts';

/** A document that still owes events: they stay in it until every subscribed function has finished them. */
export interface OwedDocument {
  /** Opaque to the runtime; the store knows what it points to. */
  ref: string;
  /** Changes whenever the document's outbox does; the relay's writes only apply to the revision it read. */
  rev: number;
  /** Everything the document's outbox holds. */
  events: EventEnvelope[];
  /** The events whose time to be looked at has come; the relay leaves the others alone. */
  dueEventIds: string[];
}

export interface OutboxSettlement {
  ref: string;
  rev: number;
  /** The outbox without the events finished since it was read. */
  remaining: EventEnvelope[];
  /** Due events that every subscribed function has finished: they leave the outbox. */
  finishedEventIds: string[];
  /** Due events still owed, to be looked at again at `nextDueAt`. */
  owedEventIds: string[];
  /** When to look at `owedEventIds` again; null when none are left. */
  nextDueAt: Date | null;
}

/** The outboxes of the aggregates (MongoDB documents) as the relay sees them. */
export interface OutboxStore {
  /** Documents with events due by `now`, at most `limit` events in all, the longest due first. */
  due(now: Date, limit: number): Promise<OwedDocument[]>;
  settle(settlements: readonly OutboxSettlement[]): Promise<void>;
}

/** A lease that at most one holder has at a time; the relay and the trimmer run only in its holder. */
export interface Lease {
  /** Takes or renews the lease; false while another holder has it. */
  acquire(holder: string, ttlMs: number): Promise<boolean>;
  release(holder: string): Promise<void>;
}
