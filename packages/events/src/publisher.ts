import { encodeEvent } from './codec.ts';
import type { EventEnvelope } from './event.ts';
import { streamKeys } from './keys.ts';
import { isCluster, type RedisConnection } from './redis/connection.ts';

/** Appends events to their streams. Returns the stream entry ids, in order. */
export interface EventPublisher {
  publish(event: EventEnvelope): Promise<string>;
  publishMany(events: readonly EventEnvelope[]): Promise<string[]>;
}

/**
 * A publisher over an ioredis connection. Give it a connection with `enableOfflineQueue: false` (and a
 * `commandTimeout`) on request paths: when Redis is away the call should fail fast and leave the event
 * owed in the outbox, not hold the caller while ioredis reconnects. On a single Redis a batch is one pipeline; on
 * a cluster, where a pipeline must stay on one node, each stream's XADD goes on its own.
 */
export function createPublisher(options: { redis: RedisConnection; prefix: string }): EventPublisher {
  const keys = streamKeys(options.prefix);
  const { redis } = options;
  const publishMany = async (events: readonly EventEnvelope[]): Promise<string[]> => {
    if (events.length === 0) return [];
    if (isCluster(redis)) {
      return Promise.all(
        events.map(
          async (event) => (await redis.xadd(keys.stream(event.name), '*', ...encodeEvent(event))) as string,
        ),
      );
    }
    const pipeline = redis.pipeline();
    for (const event of events) pipeline.xadd(keys.stream(event.name), '*', ...encodeEvent(event));
    const results = (await pipeline.exec()) ?? [];
    return results.map(([error, id]) => {
      if (error) throw error;
      return id as string;
    });
  };
  return {
    publishMany,
    publish: async (event) => (await publishMany([event]))[0] as string,
  };
}
