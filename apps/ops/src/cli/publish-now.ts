import { createPublisher, type EventEnvelope, type PublishOutcome, publishOwedNow } from '@fixstream/events';
import type { OpsRuntime } from './runtime.ts';

export type { PublishOutcome };

/**
 * Publishes events just made owed, on the CLI's Redis (`publishOwedNow`); Redis being unreachable is reported in
 * the outcome like any other failure to publish.
 */
export function publishNow(runtime: OpsRuntime, events: readonly EventEnvelope[]): Promise<PublishOutcome> {
  return publishOwedNow(
    async () => createPublisher({ redis: await runtime.redis(), prefix: runtime.env().FIXSTREAM_KEY_PREFIX }),
    events,
  );
}

/** One line saying what happened to the owed events. */
export function describePublish(outcome: PublishOutcome, count: number): string {
  const events = count === 1 ? '1 event' : `${count} events`;
  if (outcome.published)
    return `Published ${events} to Redis; the worker picks ${count === 1 ? 'it' : 'them'} up now.`;
  return `Not published (${outcome.error}); the ${events} stay${count === 1 ? 's' : ''} owed in MongoDB and the worker's relay publishes ${count === 1 ? 'it' : 'them'} once Redis answers.`;
}
