import type { EventEnvelope } from '@fixstream/events';
import type { ApiDeps } from '../deps.ts';
import { writeOwing } from './write-owing.ts';

/**
 * Applies a change to one request together with the event it causes, in a single update, then publishes the
 * event. `filter` should pin the state the change expects; the result says whether it matched.
 */
export async function writeWithEvent(
  deps: ApiDeps,
  filter: { _id: unknown } & Record<string, unknown>,
  set: Record<string, unknown>,
  event: EventEnvelope,
): Promise<boolean> {
  const applied = await writeOwing(deps, String(filter._id), [event], async () => {
    const result = await deps.db.models.Request.updateOne(filter, {
      $set: set,
      $push: { outbox: event },
      $inc: { outboxRev: 1 },
    });
    return result.matchedCount > 0 ? true : null;
  });
  return applied ?? false;
}
