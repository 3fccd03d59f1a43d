import type { EventPublisher } from '@fixstream/events';
import type { ApiMetrics } from './api-metrics.registry.ts';

/**
 * The publisher with each appended event counted by name once its XADD succeeded. Wrapping the publisher the
 * outbox is given counts every publication of the API, whichever service wrote the event.
 */
export function countingPublisher(
  publisher: EventPublisher,
  metrics: Pick<ApiMetrics, 'eventsPublished'>,
): EventPublisher {
  const publishMany: EventPublisher['publishMany'] = async (events, options) => {
    const ids = await publisher.publishMany(events, options);
    for (const event of events) metrics.eventsPublished.inc({ event: event.name });
    return ids;
  };
  return {
    publishMany,
    publish: async (event, options) => (await publishMany([event], options))[0] as string,
  };
}
