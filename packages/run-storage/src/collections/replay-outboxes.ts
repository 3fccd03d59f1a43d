import type { OutboxEvent } from '../outbox/outbox-event.ts';
import type { CollectionSpec } from './collection-spec.ts';

/**
 * A `replay_outboxes` document: an outbox for an event that belongs to no aggregate, a replay or re-drive from
 * `pnpm ops`, one event per document. The relay treats it like a request's outbox, so a replay survives Redis
 * losing its data just as an API event does, and deletes it once its event is settled.
 */
export interface ReplayDocument {
  _id: string;
  outbox: OutboxEvent[];
  reason: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** Serves the retention sweep of replays nothing owes any more. */
export const replaysByAge = { createdAt: 1 } as const;

export const replayOutboxes: CollectionSpec<ReplayDocument> = {
  name: 'replay_outboxes',
  indexes: [{ key: replaysByAge }],
};
