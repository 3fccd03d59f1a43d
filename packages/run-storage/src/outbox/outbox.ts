import {
  Batcher,
  type EventEnvelope,
  type EventPublisher,
  type OutboxStore,
  type RuntimeLogger,
  silentLogger,
} from '@fixstream/events';
import { type RunStorage, replayAggregateName } from '../run-storage.ts';
import { insertOwedRows, type OwedEntry, outboxRef, owedRowId } from './owed-rows.ts';
import { relayOutbox } from './relay-outbox.ts';

/** How long the relay leaves a freshly written outbox to its producer's own publish before it steps in. */
export const outboxGraceMs = 10_000;
/** Rows whose event is not in its document are kept this long: the write that puts it there may still be coming. */
const defaultOrphanAfterMs = 5 * 60_000;

/** An event and the document (`ref`, see `outboxRef`) whose outbox holds it. */
export interface OwedEvent {
  ref: string;
  event: EventEnvelope;
}

/** The events of one document's outbox, as `Outbox.write` takes them. */
export function owedBy(ref: string, events: readonly EventEnvelope[]): OwedEvent[] {
  return events.map((event) => ({ ref, event }));
}

/** How `Outbox.write` hands its events on. */
export interface OutboxWriteOptions {
  /**
   * Publish right after the write (default). False leaves them to the relay at `dueAt`: a producer that cannot
   * reach Redis, or a fixture that models one.
   */
  publish?: boolean;
  /** When the relay looks at the events; by default after `outboxGraceMs`, the producer's head start. */
  dueAt?: Date;
}

export interface OutboxOptions {
  /** Publishes events right after the write that owes them; without it they are left to the relay at once. */
  publisher?: Pick<EventPublisher, 'publishMany'>;
  logger?: RuntimeLogger;
  /** How long a row may point at an event its document does not hold before the relay drops it. */
  orphanAfterMs?: number;
}

/**
 * The transactional outbox, every verb of it in one place (docs/architecture.md, "Outbox"). An aggregate's
 * document carries the events its last changes caused (`outbox`), written in the same single-document write as
 * the change (FerretDB and standalone MongoDB have no multi-document transactions); `outbox_owed` holds one row
 * per event still owed, the relay's index. Producers `write` and ask what is `stillOwed`; operators `oweAgain`;
 * the relay (the runtime's `OutboxStore` port) finds what is `due`, `postpone`s, reads `envelopes` and `settle`s.
 * Nobody but the producer writes an aggregate: on FerretDB a write is a read and a whole-document replace, so a
 * relay writing a request could revert a change the API had confirmed.
 */
export interface Outbox extends OutboxStore {
  /**
   * Runs `write`, which must put each event into the outbox of its document in the same write as the change it
   * describes, in the order that keeps them findable: the owed rows first, then the write, then the publish.
   * `write` answers null when its filter matched nothing, and the rows are dropped. If it throws, the rows stay:
   * the write may have landed, and the relay drops rows whose document never took their events. A failed publish
   * is not the caller's problem: the events stay owed and are made due at once.
   */
  write<T>(
    owed: readonly OwedEvent[],
    write: () => Promise<T | null>,
    options?: OutboxWriteOptions,
  ): Promise<T | null>;
  /**
   * The events of a document's outbox that are not settled yet (whose owed row still exists): a producer's next
   * write of the document keeps only these. Each row is looked up by its `_id`: FerretDB answers `_id` equality
   * from the index and scans the collection for any other filter.
   */
  stillOwed<E extends { id: string }>(ref: string, outbox: readonly E[]): Promise<E[]>;
  /**
   * Owes events again outside any aggregate, due at once, so the relay publishes them and keeps them until every
   * subscribed function has finished them (`pnpm ops replay` and `redrive`).
   */
  oweAgain(events: readonly EventEnvelope[], reason: string): Promise<void>;
}

/**
 * Builds the outbox of one process. Rows of concurrent writes are inserted together (group commit): on FerretDB's
 * SQLite storage every insert is a transaction of its own, and one more per request cut the API's throughput by
 * a quarter.
 */
export function createOutbox(storage: RunStorage, options: OutboxOptions = {}): Outbox {
  const logger = options.logger ?? silentLogger;
  const rows = Batcher.forEffect<OwedEntry>((entries) => insertOwedRows(storage, entries));
  const owe = (entries: readonly OwedEntry[]) => Promise.all(entries.map((entry) => rows.add(entry)));
  const rowIds = (owed: readonly OwedEvent[]) => owed.map(({ ref, event }) => owedRowId(ref, event.id));
  const forget = (owed: readonly OwedEvent[]) => storage.owedRows.deleteMany({ _id: { $in: rowIds(owed) } });
  const makeDue = (owed: readonly OwedEvent[]) =>
    storage.owedRows.updateMany({ _id: { $in: rowIds(owed) } }, { $set: { dueAt: new Date() } });

  async function publish(owed: readonly OwedEvent[]): Promise<void> {
    try {
      if (!options.publisher) throw new Error('this outbox has no publisher');
      await options.publisher.publishMany(owed.map(({ event }) => event));
    } catch (error) {
      const eventIds = owed.map(({ event }) => event.id);
      logger.warn({ err: error, eventIds }, 'publishing failed; the events stay owed in the outbox');
      await makeDue(owed).catch((dueError: unknown) => {
        logger.warn(
          { err: dueError },
          'could not mark the events due; the relay finds them after the grace period',
        );
      });
    }
  }

  return {
    ...relayOutbox(storage, options.orphanAfterMs ?? defaultOrphanAfterMs),

    async write(owed, write, writeOptions = {}) {
      const dueAt = writeOptions.dueAt ?? new Date(Date.now() + outboxGraceMs);
      await owe(owed.map((entry) => ({ ...entry, dueAt })));
      const written = await write();
      if (owed.length === 0) return written;
      if (written === null) {
        await forget(owed).catch((error: unknown) => {
          logger.warn({ err: error }, 'could not drop owed-event rows; the relay drops them later');
        });
        return null;
      }
      if (writeOptions.publish ?? true) await publish(owed);
      return written;
    },

    async stillOwed(ref, outbox) {
      const found = await Promise.all(
        outbox.map((event) =>
          storage.owedRows.findOne({ _id: owedRowId(ref, event.id) }, { projection: { _id: 1 } }),
        ),
      );
      return outbox.filter((_, i) => found[i] !== null);
    },

    async oweAgain(events, reason) {
      if (events.length === 0) return;
      const now = new Date();
      const docs = events.map((event) => ({
        _id: `${event.id}:${now.getTime()}:${Math.random().toString(36).slice(2, 8)}`,
        outbox: [event],
        reason,
        createdAt: now,
        updatedAt: now,
      }));
      await owe(
        docs.map((doc, i) => ({
          ref: outboxRef(replayAggregateName, doc._id),
          event: events[i] as EventEnvelope,
          dueAt: now,
        })),
      );
      await storage.replays.insertMany(docs);
    },
  };
}
