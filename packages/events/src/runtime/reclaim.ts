import type { RedisConnection } from '../redis/connection.ts';

export interface ReclaimedEntries {
  entries: [id: string, fields: string[]][];
  /** Pending ids whose entries no longer exist in the stream (trimmed, or lost with Redis' data). */
  deleted: string[];
}

/**
 * Takes over entries that have been pending longer than `minIdleMs` (their consumer died, or lost track of
 * them) with XAUTOCLAIM, walking the group's pending list from the start, at most `limit` entries per call.
 */
export async function reclaimIdleEntries(
  redis: RedisConnection,
  stream: string,
  group: string,
  consumer: string,
  minIdleMs: number,
  limit: number,
): Promise<ReclaimedEntries> {
  const result: ReclaimedEntries = { entries: [], deleted: [] };
  let cursor = '0-0';
  do {
    const reply = (await redis.xautoclaim(stream, group, consumer, minIdleMs, cursor, 'COUNT', 100)) as [
      string,
      ([string, string[]] | null)[],
      string[]?,
    ];
    cursor = reply[0];
    for (const entry of reply[1]) if (entry) result.entries.push(entry);
    result.deleted.push(...(reply[2] ?? []));
  } while (cursor !== '0-0' && result.entries.length < limit);
  return result;
}
