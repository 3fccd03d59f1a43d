import type { EventEnvelope } from '../event.ts';

/** A document that still owes events: they stay in it until every subscribed function has finished them. */
export interface OwedDocument {
  /** Opaque to the runtime; the store knows what it points to. */
  ref: string;
  /** Changes whenever the document's outbox does; the relay's writes only apply to the revision it read. */
  rev: number;
  events: EventEnvelope[];
}

export interface OutboxSettlement {
  ref: string;
  rev: number;
  remaining: EventEnvelope[];
  /** When to look again; null once nothing is owed. */
  nextDueAt: Date | null;
}

/** The outboxes of the aggregates (MongoDB documents) as the relay sees them. */
export interface OutboxStore {
  due(now: Date, limit: number): Promise<OwedDocument[]>;
  settle(settlements: readonly OutboxSettlement[]): Promise<void>;
}

/** A lease that at most one holder has at a time; the relay and the trimmer run only in its holder. */
export interface Lease {
  /** Takes or renews the lease; false while another holder has it. */
  acquire(holder: string, ttlMs: number): Promise<boolean>;
  release(holder: string): Promise<void>;
}
