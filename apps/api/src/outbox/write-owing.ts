import { forgetOwedEvents, outboxRef } from '@fixstream/db';
import type { EventEnvelope } from '@fixstream/events';
import type { ApiDeps } from '../deps.ts';
import { outboxGraceMs, publishOwed } from './publish-owed.ts';

/**
 * Runs `write`, which must put `events` into the outbox of request `requestId` in the same single-document write
 * as the change they describe (FerretDB and standalone MongoDB have no multi-document transactions), in the
 * order that keeps them findable: the relay's rows first, then the write, then the fast path. `write` answers
 * null when its filter matched nothing, and the rows are dropped. If it throws, the rows stay: the write may have
 * landed, and the relay drops rows whose document never took their events.
 */
export async function writeOwing<T>(
  deps: ApiDeps,
  requestId: string,
  events: readonly EventEnvelope[],
  write: () => Promise<T | null>,
): Promise<T | null> {
  const ref = outboxRef('request', requestId);
  await deps.owedEvents.record(
    events.map((event) => ({ ref, event })),
    new Date(Date.now() + outboxGraceMs),
  );
  const written = await write();
  if (written === null) {
    await forgetOwedEvents(
      deps.db,
      ref,
      events.map((event) => event.id),
    ).catch((error: unknown) => {
      deps.logger.warn({ err: error }, 'could not drop owed-event rows; the relay drops them later');
    });
    return null;
  }
  await publishOwed(deps, ref, events);
  return written;
}
