import { type Connection, Schema } from 'mongoose';
import { outboxEventSchema } from './outbox.schema.ts';

/**
 * An outbox for events that belong to no aggregate: replays and re-drives from `pnpm ops`, one event per document.
 * The relay treats these documents like a request's outbox, so a replay survives Redis losing its data just as an
 * API event does, and deletes each once its event is settled.
 */
export const pendingEventSchema = new Schema(
  {
    _id: { type: String, required: true },
    outbox: { type: [outboxEventSchema], default: [] },
    reason: { type: String, default: null },
  },
  { timestamps: true },
);

export function pendingEventModel(connection: Connection) {
  return connection.model('PendingEvent', pendingEventSchema, 'pending_events');
}
