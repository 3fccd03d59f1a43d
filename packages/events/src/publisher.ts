import { encodeEvent } from './codec.ts';
import type { EventEnvelope } from './event.ts';
import { streamKeys } from './keys.ts';
import { isCluster, type RedisConnection } from './redis/connection.ts';
import { inPublishSpan } from './tracing/publish-span.ts';

/** How a batch is published. */
export interface PublishOptions {
  /**
   * These events were published before (the relay, or an operator, publishes them again): their entries are
   * marked, so a worker checks the ledger before running them instead of trusting the entry to be the only one.
   */
  republished?: boolean;
}

/**
 * Appends events to their streams. Returns the stream entry ids, in order. An event is published once as itself
 * (the API right after writing it); every later publication of the same event, a retry included, passes
 * `republished: true`: workers run an unmarked entry added right after its event without asking the ledger first.
 */
export interface EventPublisher {
  publish(event: EventEnvelope, options?: PublishOptions): Promise<string>;
  publishMany(events: readonly EventEnvelope[], options?: PublishOptions): Promise<string[]>;
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
  const xadd = async (events: readonly EventEnvelope[], options: PublishOptions): Promise<string[]> => {
    if (isCluster(redis)) {
      return Promise.all(
        events.map(
          async (event) =>
            (await redis.xadd(keys.stream(event.name), '*', ...encodeEvent(event, options))) as string,
        ),
      );
    }
    const pipeline = redis.pipeline();
    for (const event of events) pipeline.xadd(keys.stream(event.name), '*', ...encodeEvent(event, options));
    const results = (await pipeline.exec()) ?? [];
    return results.map(([error, id]) => {
      if (error) throw error;
      return id as string;
    });
  };
  const publishMany = async (
    events: readonly EventEnvelope[],
    options: PublishOptions = {},
  ): Promise<string[]> => {
    if (events.length === 0) return [];
    return inPublishSpan(events, { republished: options.republished ?? false }, () => xadd(events, options));
  };
  return {
    publishMany,
    publish: async (event, options) => (await publishMany([event], options))[0] as string,
  };
}

/** What became of publishing events that are already owed in MongoDB. */
export interface PublishOutcome {
  published: boolean;
  /** Why publishing failed; the events stay owed in MongoDB and the worker's relay publishes them. */
  error: string | null;
}

/**
 * The fast path after events were made owed (a replay, a re-drive): publish them right away, marked republished,
 * so the worker runs them now. A failure, connecting included, is reported, not thrown: the owed copies in
 * MongoDB are the durable part, and the relay publishes them once Redis answers again.
 */
export async function publishOwedNow(
  publisher: () => EventPublisher | Promise<EventPublisher>,
  events: readonly EventEnvelope[],
): Promise<PublishOutcome> {
  if (events.length === 0) return { published: false, error: null };
  try {
    await (await publisher()).publishMany(events, { republished: true });
    return { published: true, error: null };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { published: false, error: message.split('\n')[0] || 'unknown error' };
  }
}
