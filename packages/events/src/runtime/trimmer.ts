import type { RedisConnection } from '../redis/connection.ts';
import { compareStreamIds, streamGroups } from './stream-info.ts';

/**
 * Trims a stream up to the oldest entry some group still needs: its oldest pending entry, or, for a group with
 * nothing pending, its last delivered one. Entries no group has acknowledged are never removed; a stream with
 * no group is left alone. Returns how many entries were removed.
 */
export async function trimStream(redis: RedisConnection, stream: string): Promise<number> {
  const groups = await streamGroups(redis, stream);
  if (groups.length === 0) return 0;
  const needed = await Promise.all(
    groups.map(async (group) => {
      if (group.pending === 0) return group.lastDeliveredId;
      const [, oldestPending] = (await redis.xpending(stream, group.name)) as [number, string | null];
      return oldestPending ?? group.lastDeliveredId;
    }),
  );
  const bound = needed.reduce((min, id) => (compareStreamIds(id, min) < 0 ? id : min));
  if (bound === '0-0') return 0;
  return (await redis.xtrim(stream, 'MINID', bound)) as number;
}
