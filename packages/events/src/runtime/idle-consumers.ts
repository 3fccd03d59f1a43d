import type { RedisConnection } from '../redis/connection.ts';
import { luaScript } from '../redis/lua-script.ts';
import { isNoGroupError } from './consumer-group.ts';
import { streamGroups } from './stream-info.ts';

/**
 * Deletes, in one atomic step per group, the consumers with no pending entries whose last read, claim or
 * heartbeat is at least ARGV[2] ms ago. Checking and deleting inside one script means a consumer cannot be
 * handed an entry in between: DELCONSUMER drops a consumer's pending entries with it, and a dropped entry is
 * owned by no one until the relay publishes its event again.
 */
const removeIdleScript = luaScript<string[]>(`
local removed = {}
for _, flat in ipairs(redis.call('XINFO', 'CONSUMERS', KEYS[1], ARGV[1])) do
  local consumer = {}
  for i = 1, #flat, 2 do consumer[flat[i]] = flat[i + 1] end
  if tonumber(consumer['pending']) == 0 and tonumber(consumer['idle']) >= tonumber(ARGV[2]) then
    redis.call('XGROUP', 'DELCONSUMER', KEYS[1], ARGV[1], consumer['name'])
    removed[#removed + 1] = consumer['name']
  end
end
return removed
`);

/**
 * Removes the consumers of every group of a stream that hold nothing and have been idle at least `idleMs`.
 * Consumer names are unique per process, so each restart of a worker leaves its old name behind in every group,
 * forever. Removing a consumer that holds nothing loses nothing: if its process is alive after all (Redis before
 * 7.2 counts idle time from the last read that returned entries, so a live worker on a quiet stream looks idle),
 * its next read creates it again. A consumer with pending entries is never removed, however idle: its entries
 * wait to be taken over. Returns the names removed, per group.
 */
export async function removeIdleConsumers(
  redis: RedisConnection,
  stream: string,
  idleMs: number,
): Promise<{ group: string; consumers: string[] }[]> {
  const removed: { group: string; consumers: string[] }[] = [];
  for (const group of await streamGroups(redis, stream)) {
    if (group.consumers === 0) continue;
    try {
      const consumers = await removeIdleScript.run(redis, [stream], [group.name, Math.max(0, idleMs)]);
      if (consumers.length > 0) removed.push({ group: group.name, consumers });
    } catch (error) {
      if (!isNoGroupError(error)) throw error;
    }
  }
  return removed;
}
