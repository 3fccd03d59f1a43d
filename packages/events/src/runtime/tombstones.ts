import type { RedisConnection } from '../redis/connection.ts';
import { luaScript } from '../redis/lua-script.ts';
import { deliveredMarginMs } from './relay-decisions.ts';

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
 * How far past its own entry a tombstone must be trimmed before it goes. An original entry that could still be
 * taken for its event's only delivery was added within `deliveredMarginMs` of the event, which happened before the
 * copy that left the tombstone was published; the rest covers clocks that disagree.
 */
export const tombstoneKeepMs = 6 * deliveredMarginMs;

/**
 * Removes the `done:<entry>` tombstones of a function's runs once no original entry of their event can still be
 * delivered: every entry added up to `tombstoneKeepMs` after the tombstone's own has been trimmed (the stream's
 * oldest entry is younger; or, with the stream empty, Redis' clock is past it). Trimming passes an entry only when
 * every group acknowledged it. Returns how many were removed.
 */
export async function sweepTombstones(redis: RedisConnection, stream: string, runs: string): Promise<number> {
  const [first] = (await redis.xrange(stream, '-', '+', 'COUNT', 1)) as [string, string[]][];
  const [seconds, micros] = await redis.time();
  const trimmedUpToMs = first ? idTime(first[0]) : Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
  let cursor = '0';
  let removed = 0;
  do {
    const [next, flat] = (await redis.hscan(runs, cursor, 'COUNT', 500)) as [string, string[]];
    cursor = next;
    const stale: string[] = [];
    for (let i = 0; i + 1 < flat.length; i += 2) {
      const value = flat[i + 1] as string;
      if (!value.startsWith('done:')) continue;
      const entryMs = idTime(value.slice('done:'.length));
      if (Number.isFinite(entryMs) && trimmedUpToMs > entryMs + tombstoneKeepMs)
        stale.push(flat[i] as string, value);
    }
    if (stale.length > 0) removed += await deleteIfUnchanged.run(redis, [runs], stale);
  } while (cursor !== '0');
  return removed;
}

function idTime(id: string): number {
  return Number(id.split('-')[0]);
}
