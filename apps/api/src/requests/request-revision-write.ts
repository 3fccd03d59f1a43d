import { requestOutboxRef } from '@fixstream/db';
import type { EventEnvelope } from '@fixstream/events';
import { type OutboxEvent, owedBy } from '@fixstream/run-storage';
import type { ApiDeps } from '../deps.ts';

/** One write of an existing request at a revision its writer has claimed (see `shared/revision-claim.ts`). */
export interface RequestRevisionWrite {
  requestId: string;
  /** The revision the change was decided on; undefined for a request stored before requests had revisions. */
  readRevision: number | undefined;
  /** The revision claimed for this write. */
  revision: number;
  set: Record<string, unknown>;
  /** The events of the outbox as read that are still owed (see `Outbox.stillOwed`); the rest are dropped. */
  stillOwed: readonly OutboxEvent[];
  /** The event the change causes, if any. */
  event: EventEnvelope | null;
  /** Asked right before the document write; false when the claim is too old to write on. */
  claimHeld(): boolean;
}

/**
 * Writes a change of one request together with the event it causes, then publishes the event. The outbox is set
 * whole (the still-owed events plus the new one) rather than pushed to, and the write only applies to the
 * revision the change was decided on: FerretDB applies an update as a read followed by a write, so only the one
 * writer that claimed the next revision may send it, and the outbox it sends must be the one it checked. Answers
 * whether the document was written.
 */
export async function writeRequestRevision(deps: ApiDeps, write: RequestRevisionWrite): Promise<boolean> {
  const events = write.event ? [write.event] : [];
  const written = await deps.outbox.write(owedBy(requestOutboxRef(write.requestId), events), async () => {
    if (!write.claimHeld()) return null;
    const result = await deps.db.models.Request.updateOne(
      { _id: write.requestId, revision: write.readRevision ?? { $exists: false } },
      { $set: { ...write.set, revision: write.revision, outbox: [...write.stillOwed, ...events] } },
    );
    return result.matchedCount > 0 ? true : null;
  });
  return written ?? false;
}
