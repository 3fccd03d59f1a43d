import {
  createPublisher,
  type EventEnvelope,
  type EventPublisher,
  encodeEvent,
  streamKeys,
} from '@fixstream/events';
import type { Redis } from 'ioredis';

/**
 * The stream an event goes to for a build under test: the seed-flow build (before streams carried Redis Cluster
 * hash tags) named it `<prefix>events:<name>`, this one `streamKeys(prefix).stream(name)`.
 */
export function benchStream(build: 'seedflow' | 'current', prefix: string, eventName: string): string {
  return build === 'seedflow' ? `${prefix}events:${eventName}` : streamKeys(prefix).stream(eventName);
}

/** A publisher writing to the streams the given build reads. */
export function benchPublisher(build: 'seedflow' | 'current', redis: Redis, prefix: string): EventPublisher {
  if (build === 'current') return createPublisher({ redis, prefix });
  const publishMany = async (events: readonly EventEnvelope[]) => {
    const pipeline = redis.pipeline();
    for (const event of events)
      pipeline.xadd(benchStream(build, prefix, event.name), '*', ...encodeEvent(event));
    const replies = (await pipeline.exec()) ?? [];
    return replies.map(([error, id]) => {
      if (error) throw error;
      return id as string;
    });
  };
  return { publishMany, publish: async (event) => (await publishMany([event]))[0] as string };
}
