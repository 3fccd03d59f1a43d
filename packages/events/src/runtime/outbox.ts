import type { EventEnvelope } from '../event.ts';

/** An owed event whose time to be looked at has come, as the relay's index knows it (without its document). */
export interface DueEvent {
  /** The document whose outbox holds the event; opaque to the runtime. */
  ref: string;
  eventId: string;
  eventName: string;
  occurredAt: Date;
  /** The stream entry the relay last published it as; null when only the producer published it. */
  publishedEntryId: string | null;
  /** Since when the relay has seen a claimed run of it that Redis holds no entry of (see `decideOwedEvent`). */
  suspectSince: Date | null;
}

/** When to look at an owed event again, and what the relay learnt about it meanwhile. */
export interface Postponement {
  event: DueEvent;
  until: Date;
  suspectSince: Date | null;
  publishedEntryId: string | null;
}

/**
 * The outboxes of the aggregates (MongoDB documents) as the relay sees them: an index of owed events that it can
 * read without touching the documents. The relay never writes a document that a producer writes: it reads one
 * only to publish an event again, and settles an event by deleting its index row; the producer drops settled
 * events from its outbox on its own next write.
 */
export interface OutboxStore {
  /** Owed events due by `now`, at most `limit`, the longest due first. */
  due(now: Date, limit: number): Promise<DueEvent[]>;
  /** Looks at these events again at the given times. */
  postpone(items: readonly Postponement[]): Promise<void>;
  /** Records that every subscribed function has finished these events: they are owed no more. */
  settle(events: readonly DueEvent[]): Promise<void>;
  /**
   * The envelopes of these events, read from the documents that owe them, for publishing again. An event its
   * document does not hold (the write that was to put it there failed, or has not landed yet) is left out, and
   * dropped from the index once it is old enough.
   */
  envelopes(events: readonly DueEvent[], now: Date): Promise<EventEnvelope[]>;
}

/** A lease that at most one holder has at a time; the relay and the trimmer run only in its holder. */
export interface Lease {
  /** Takes or renews the lease; false while another holder has it. */
  acquire(holder: string, ttlMs: number): Promise<boolean>;
  release(holder: string): Promise<void>;
}
