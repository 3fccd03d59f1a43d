import type { StreamKeys } from '../../keys.ts';
import type { RedisConnection } from '../../redis/connection.ts';
import { luaScript } from '../../redis/lua-script.ts';

/** A sleeping run's wake-up: when, and the entry that wakes it (its event, marked for its function). */
export interface WakeUp {
  eventName: string;
  runKey: string;
  until: Date;
  /** The stream entry's fields (`encodeEvent` with `wake`). */
  fields: readonly string[];
}

/** Sets (or moves) wake-ups: the time in the sorted set, the entry beside it. */
const scheduleScript = luaScript<number>(`
for i = 1, #ARGV, 3 do
  redis.call('ZADD', KEYS[1], ARGV[i + 1], ARGV[i])
  redis.call('HSET', KEYS[2], ARGV[i], ARGV[i + 2])
end
return #ARGV / 3
`);

/**
 * Moves the wake-ups due by ARGV[1] (at most ARGV[2]) into the stream as entries, atomically: a wake-up is
 * taken by one caller only, however many workers pump, and is never lost between the set and the stream.
 */
const popScript = luaScript<number>(`
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
for _, member in ipairs(due) do
  local fields = redis.call('HGET', KEYS[2], member)
  if fields then redis.call('XADD', KEYS[3], '*', unpack(cjson.decode(fields))) end
  redis.call('ZREM', KEYS[1], member)
  redis.call('HDEL', KEYS[2], member)
end
return #due
`);

/** Schedules wake-ups in Redis, one script per event (its keys share the stream's slot). */
export async function scheduleWakeUps(
  redis: RedisConnection,
  keys: StreamKeys,
  wakeUps: readonly WakeUp[],
): Promise<void> {
  const byEvent = new Map<string, WakeUp[]>();
  for (const wakeUp of wakeUps)
    byEvent.set(wakeUp.eventName, [...(byEvent.get(wakeUp.eventName) ?? []), wakeUp]);
  await Promise.all(
    [...byEvent].map(([eventName, items]) =>
      scheduleScript.run(
        redis,
        [keys.timers(eventName), keys.timerEntries(eventName)],
        items.flatMap((w) => [w.runKey, w.until.getTime(), JSON.stringify(w.fields)]),
      ),
    ),
  );
}

/** Publishes the wake-ups of one event due by `now`, at most `limit`; returns how many. */
export function publishDueWakeUps(
  redis: RedisConnection,
  keys: StreamKeys,
  eventName: string,
  now: Date,
  limit: number,
): Promise<number> {
  return popScript.run(
    redis,
    [keys.timers(eventName), keys.timerEntries(eventName), keys.stream(eventName)],
    [now.getTime(), limit],
  );
}

/** How many runs of an event sleep in Redis, for `pnpm ops status`. */
export function waitingWakeUps(redis: RedisConnection, keys: StreamKeys, eventName: string): Promise<number> {
  return redis.zcard(keys.timers(eventName));
}
