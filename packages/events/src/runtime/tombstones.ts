import type { RedisConnection } from '../redis/connection.ts';
import { luaScript } from '../redis/lua-script.ts';
import { compareStreamIds } from './stream-info.ts';

/** Deletes each field whose value is still the tombstone seen, so a run mapped since then keeps its entry. */
const deleteIfUnchanged = luaScript<number>(`
local removed = 0
for i = 1, #ARGV, 2 do
  if redis.call('HGET', KEYS[1], ARGV[i]) == ARGV[i + 1] then
    redis.call('HDEL', KEYS[1], ARGV[i])
    removed = removed + 1
  end
end
return removed
`);

/**
 * Removes the `done:<entry>` tombstones of a function's runs whose entry has been trimmed from the stream: an
 * entry is trimmed only once every group acknowledged it and everything before it, so no original entry of that
 * event can still be undelivered. Returns how many were removed.
 */
export async function sweepTombstones(redis: RedisConnection, stream: string, runs: string): Promise<number> {
  const [first] = (await redis.xrange(stream, '-', '+', 'COUNT', 1)) as [string, string[]][];
  const oldestKept = first?.[0] ?? null;
  let cursor = '0';
  let removed = 0;
  do {
    const [next, flat] = (await redis.hscan(runs, cursor, 'COUNT', 500)) as [string, string[]];
    cursor = next;
    const stale: string[] = [];
    for (let i = 0; i + 1 < flat.length; i += 2) {
      const value = flat[i + 1] as string;
      if (!value.startsWith('done:')) continue;
      const entry = value.slice('done:'.length);
      if (oldestKept === null || compareStreamIds(entry, oldestKept) < 0)
        stale.push(flat[i] as string, value);
    }
    if (stale.length > 0) removed += await deleteIfUnchanged.run(redis, [runs], stale);
  } while (cursor !== '0');
  return removed;
}
