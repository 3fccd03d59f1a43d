import { makeOwedEventsDue } from '@fixstream/db';
import type { EventEnvelope } from '@fixstream/events';
import type { ApiDeps } from '../deps.ts';

/** How long the relay leaves a freshly written outbox to the API's own fast path before it steps in. */
export const outboxGraceMs = 10_000;

/**
 * The fast path: publish events right after the document that owes them (`ref`) was written. A failure is not
 * the caller's problem: the events stay owed, and are made due at once so the relay takes them over as soon as
 * Redis answers again, instead of after the grace period.
 */
export async function publishOwed(
  deps: ApiDeps,
  ref: string,
  events: readonly EventEnvelope[],
): Promise<void> {
  try {
    await deps.publisher.publishMany(events);
  } catch (error) {
    const eventIds = events.map((e) => e.id);
    deps.logger.warn({ err: error, eventIds }, 'publishing failed; the events stay owed in the outbox');
    await makeOwedEventsDue(deps.db, ref, eventIds).catch((dueError: unknown) => {
      deps.logger.warn(
        { err: dueError },
        'could not mark the events due; the relay finds them after the grace period',
      );
    });
  }
}
