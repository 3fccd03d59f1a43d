import type { EventEnvelope } from '../event.ts';

/** An owed event whose time to be looked at has come, as the relay's index knows it (without its document). */
export interface DueEvent {
  /** The document whose outbox holds the event; opaque to the runtime. */
  ref: string;
  eventId: string;
  eventName: string;
  occurredAt: Date;
}

/**
 * The outboxes of the aggregates (MongoDB documents) as the relay sees them: an index of owed events that it can
 * read without touching the documents, which it reads only to take an event out or to publish it again.
 */
export interface OutboxStore {
  /** Owed events due by `now`, at most `limit`, the longest due first. */
  due(now: Date, limit: number): Promise<DueEvent[]>;
  /** Looks at these events again at the given times. */
  postpone(events: readonly { event: DueEvent; until: Date }[]): Promise<void>;
  /**
   * Takes events that every subscribed function has finished out of their documents' outboxes and forgets them.
   * An event whose outbox changed meanwhile stays due, so the next pass tries again.
   */
  finish(events: readonly DueEvent[]): Promise<void>;
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
