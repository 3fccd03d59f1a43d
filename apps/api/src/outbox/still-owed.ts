import { type OutboxEvent, outboxRef, owedRowId } from '@fixstream/db';
import type { ApiDeps } from '../deps.ts';

/**
 * The events of a request's outbox that the relay has not settled yet, i.e. whose owed-event row still exists.
 * The relay never writes a request (on FerretDB its write and the API's would race, each rewriting the whole
 * document from what it read); it settles an event by deleting the row, and the API's next write of the request
 * keeps only what this answers. Each row is looked up by its `_id`, all at once: FerretDB answers `_id` equality
 * from the index and scans the collection for any other filter.
 */
export async function eventsStillOwed(
  deps: ApiDeps,
  requestId: string,
  outbox: readonly OutboxEvent[],
): Promise<OutboxEvent[]> {
  const ref = outboxRef('request', requestId);
  const rows = deps.db.models.OwedEvent.collection;
  const found = await Promise.all(
    outbox.map((event) =>
      rows.findOne({ _id: owedRowId(ref, event.id) as never }, { projection: { _id: 1 } }),
    ),
  );
  return outbox.filter((_, i) => found[i] !== null);
}
