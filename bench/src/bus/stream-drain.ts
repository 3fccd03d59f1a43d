import {
  createPublisher,
  type EventEnvelope,
  type EventPublisher,
  streamGroups,
  streamKeys,
} from '@fixstream/events';
import { waitFor } from '@fixstream/test-support';
import type { Redis } from 'ioredis';
import { nowMs } from '../stats/now-ms.ts';

/** Events per pipelined XADD round trip, as the relay and `ops` publish. */
const publishChunk = 1_000;

/**
 * Publishes the events while the group's consumers run, and measures until every one has been handled and
 * acknowledged: the group has delivered the last entry and has nothing pending. Returns events per second.
 */
export async function publishAndDrain(opts: {
  redis: Redis;
  /** Publishes to the streams the variant reads (the seed-flow build names them differently). */
  publisher: EventPublisher;
  stream: string;
  group: string;
  events: readonly EventEnvelope[];
  timeoutMs: number;
}): Promise<number> {
  const { stream } = opts;
  const started = nowMs();
  let lastId = '';
  for (let i = 0; i < opts.events.length; i += publishChunk) {
    const ids = await opts.publisher.publishMany(opts.events.slice(i, i + publishChunk));
    lastId = ids.at(-1) ?? lastId;
  }
  let group = null as Awaited<ReturnType<typeof streamGroups>>[number] | null | undefined;
  await waitFor(
    async () => {
      group = (await streamGroups(opts.redis, stream)).find((g) => g.name === opts.group);
      return group?.lastDeliveredId === lastId && group.pending === 0;
    },
    () => `group ${opts.group} to finish ${opts.events.length} events (${JSON.stringify(group)})`,
    { timeoutMs: opts.timeoutMs, intervalMs: 5 },
  );
  return opts.events.length / ((nowMs() - started) / 1000);
}

/** The raw XADD ceiling of this Redis: the same entries, pipelined, nobody reading. Entries per second. */
export async function xaddCeiling(
  redis: Redis,
  prefix: string,
  events: readonly EventEnvelope[],
): Promise<number> {
  const publisher = createPublisher({ redis, prefix });
  const started = nowMs();
  for (let i = 0; i < events.length; i += publishChunk)
    await publisher.publishMany(events.slice(i, i + publishChunk));
  const perSec = events.length / ((nowMs() - started) / 1000);
  const first = events[0];
  if (first) await redis.del(streamKeys(prefix).stream(first.name));
  return perSec;
}
