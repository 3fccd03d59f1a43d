import { createPublisher, type EventEnvelope } from '@fixstream/events';
import { messageOf, type OpsRuntime } from './runtime.ts';

export interface PublishOutcome {
  published: boolean;
  /** Why publishing failed; the events stay owed in MongoDB and the worker's relay publishes them. */
  error: string | null;
}

/**
 * The fast path after events were made owed: publish them right away so the worker runs them now. A failure is
 * reported, not thrown: the owed copies in MongoDB are the durable part, and the relay publishes them once Redis
 * answers again (after its stale-run delay, a couple of minutes with the defaults).
 */
export async function publishNow(
  runtime: OpsRuntime,
  events: readonly EventEnvelope[],
): Promise<PublishOutcome> {
  if (events.length === 0) return { published: false, error: null };
  try {
    const redis = await runtime.redis();
    await createPublisher({ redis, prefix: runtime.env().FIXSTREAM_KEY_PREFIX }).publishMany(events, {
      republished: true,
    });
    return { published: true, error: null };
  } catch (error) {
    return { published: false, error: messageOf(error) };
  }
}

/** One line saying what happened to the owed events. */
export function describePublish(outcome: PublishOutcome, count: number): string {
  const events = count === 1 ? '1 event' : `${count} events`;
  if (outcome.published)
    return `Published ${events} to Redis; the worker picks ${count === 1 ? 'it' : 'them'} up now.`;
  return `Not published (${outcome.error}); the ${events} stay${count === 1 ? 's' : ''} owed in MongoDB and the worker's relay publishes ${count === 1 ? 'it' : 'them'} once Redis answers.`;
}
