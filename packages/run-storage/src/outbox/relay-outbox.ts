import type { DueEvent, EventEnvelope, OutboxStore } from '@fixstream/events';
import type { Collection } from 'mongodb';
import { type OwedRow, owedByDueAt } from '../collections/outbox-owed.ts';
import { INDEXED_DATES_FROM } from '../indexed-dates.ts';
import { bulkUpdate } from '../mongo-helpers.ts';
import type { OutboxAggregate, RunStorage } from '../run-storage.ts';
import { owedRowId } from './owed-rows.ts';

/**
 * The relay's side of the outbox (the runtime's `OutboxStore` port): the owed rows it reads, postpones and
 * deletes, and the documents it reads an event from to publish it again. It never writes an aggregate.
 */
export function relayOutbox(storage: RunStorage, orphanAfterMs: number): OutboxStore {
  const { owedRows } = storage;
  const locate = (ref: string): { aggregate: OutboxAggregate; _id: unknown } | null => {
    const at = ref.indexOf(':');
    const aggregate = storage.aggregates.get(ref.slice(0, at));
    return aggregate ? { aggregate, _id: aggregate.documentId(ref.slice(at + 1)) } : null;
  };
  const loadOutbox = async (ref: string): Promise<EventEnvelope[] | null> => {
    const located = locate(ref);
    if (!located) return null;
    const { aggregate } = located;
    const doc = await aggregate.collection.findOne(
      { _id: located._id as never },
      { projection: aggregate.eventsOf ? { event: 1 } : { outbox: 1 } },
    );
    if (!doc) return null;
    return (aggregate.eventsOf ? aggregate.eventsOf(doc) : (doc.outbox ?? [])) as EventEnvelope[];
  };
  const rowIds = (events: readonly DueEvent[]) => events.map((event) => owedRowId(event.ref, event.eventId));

  return {
    async due(now, limit) {
      // Read from the index `dueAt` in its order: the find stops at the limit however large the backlog.
      const rows = await owedRows
        .find(
          { dueAt: { $gte: INDEXED_DATES_FROM, $lte: now } },
          { projection: { dueAt: 0, createdAt: 0 }, hint: owedByDueAt },
        )
        .sort({ dueAt: 1 })
        .limit(limit)
        .toArray();
      return rows.map((row) => ({
        ref: row.ref,
        eventId: row.eventId,
        eventName: row.eventName,
        occurredAt: row.occurredAt,
        publishedEntryId: row.publishedEntryId ?? null,
        suspectSince: row.suspectSince ?? null,
      }));
    },

    async postpone(items) {
      await bulkUpdate(
        owedRows,
        items.map(({ event, until, suspectSince, publishedEntryId }) => ({
          updateOne: {
            filter: { _id: owedRowId(event.ref, event.eventId) },
            update: { $set: { dueAt: until, suspectSince, publishedEntryId } },
          },
        })),
      );
    },

    async settle(events) {
      if (events.length === 0) return;
      await owedRows.deleteMany({ _id: { $in: rowIds(events) } });
      const removable = [...new Set(events.map((event) => event.ref))].flatMap((ref) => {
        const located = locate(ref);
        return located?.aggregate.removeWhenSettled ? [located] : [];
      });
      await Promise.all(
        removable.map(({ aggregate, _id }) => aggregate.collection.deleteOne({ _id: _id as never })),
      );
    },

    async envelopes(events, now) {
      const byRef = groupByRef(events);
      const refs = [...byRef.keys()];
      const outboxes = await Promise.all(refs.map(loadOutbox));
      const found: EventEnvelope[] = [];
      const orphans: DueEvent[] = [];
      refs.forEach((ref, i) => {
        const held = outboxes[i] ?? [];
        for (const event of byRef.get(ref) ?? []) {
          const envelope = held.find((candidate) => candidate.id === event.eventId);
          if (envelope) found.push(envelope);
          else orphans.push(event);
        }
      });
      await settleOrphans(owedRows, rowIds(orphans), now, orphanAfterMs);
      return found;
    },
  };
}

function groupByRef(events: readonly DueEvent[]): Map<string, DueEvent[]> {
  const byRef = new Map<string, DueEvent[]>();
  for (const event of events) byRef.set(event.ref, [...(byRef.get(event.ref) ?? []), event]);
  return byRef;
}

/**
 * Rows whose event is not in its document: the document's write failed or has not landed yet (young rows are
 * looked at again once they are old enough to be sure), or the producer dropped it as settled while a late relay
 * pass still had its row.
 */
async function settleOrphans(
  owedRows: Collection<OwedRow>,
  ids: readonly string[],
  now: Date,
  orphanAfterMs: number,
): Promise<void> {
  if (ids.length === 0) return;
  const rows = await Promise.all(
    ids.map((id) => owedRows.findOne({ _id: id }, { projection: { createdAt: 1 } })),
  );
  const found = rows.filter((row) => row !== null);
  const expired = found.filter((row) => now.getTime() - row.createdAt.getTime() >= orphanAfterMs);
  if (expired.length > 0) await owedRows.deleteMany({ _id: { $in: expired.map((row) => row._id) } });
  await bulkUpdate(
    owedRows,
    found
      .filter((row) => !expired.includes(row))
      .map((row) => ({
        updateOne: {
          filter: { _id: row._id },
          update: { $set: { dueAt: new Date(row.createdAt.getTime() + orphanAfterMs) } },
        },
      })),
  );
}
