import { type Connection, Schema } from 'mongoose';

/**
 * The relay's index of owed events: one row per event that a document's outbox still owes. A row is written
 * before the write that puts its event into the document, so a saved change always has one, and it is deleted
 * once every subscribed function has finished the event. The relay reads these rows instead of the aggregates:
 * FerretDB answers every filter but `_id` equality with a scan, and this collection holds only the events in
 * flight, while the aggregates hold all history.
 */
export const owedEventSchema = new Schema(
  {
    /** `<event id>@<ref>`: a replay owes an event again while its request may still owe it. */
    _id: { type: String, required: true },
    eventId: { type: String, required: true },
    /** Name and time of the event: enough for the relay to tell from Redis alone that it is still queued. */
    eventName: { type: String, required: true },
    occurredAt: { type: Date, required: true },
    /** `<source>:<document id>`: the document whose outbox holds the event. */
    ref: { type: String, required: true },
    /** When the relay should look at the event next. */
    dueAt: { type: Date, required: true },
    /** The stream entry the relay last published the event as; null while only the producer published it. */
    publishedEntryId: { type: String, default: null },
    /** Since when the relay has seen a claimed run of it that Redis holds no entry of. */
    suspectSince: { type: Date, default: null },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false },
);
owedEventSchema.index({ dueAt: 1 });

export function owedEventModel(connection: Connection) {
  return connection.model('OwedEvent', owedEventSchema, 'outbox_owed');
}
