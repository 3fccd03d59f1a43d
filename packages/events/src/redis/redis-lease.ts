import type { Lease } from '../runtime/outbox.ts';
import type { RedisConnection } from './connection.ts';
import { luaScript } from './lua-script.ts';

const acquireScript = luaScript<number>(`
local holder = redis.call('GET', KEYS[1])
if holder == false then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return redis.call('INCR', KEYS[2])
end
if holder == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return tonumber(redis.call('GET', KEYS[2]) or '0')
end
return 0
`);

const releaseScript = luaScript<number>(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`);

/**
 * A lease in Redis: taken and renewed by one script, so two holders can never both have it (a conditional update
 * in MongoDB cannot promise that on FerretDB). Each new holding gets a larger fencing token. `key` carries a hash
 * tag; its token counter sits in the same slot.
 */
export function createRedisLease(
  redis: RedisConnection,
  key: string,
): Lease & {
  /** The fencing token of the current holding, or 0 when `holder` does not hold the lease. */
  acquireToken(holder: string, ttlMs: number): Promise<number>;
} {
  const keys = [key, `${key}:fence`];
  const acquireToken = (holder: string, ttlMs: number) =>
    acquireScript.run(redis, keys, [holder, Math.max(1, Math.round(ttlMs))]);
  return {
    acquireToken,
    async acquire(holder, ttlMs) {
      return (await acquireToken(holder, ttlMs)) > 0;
    },
    async release(holder) {
      await releaseScript.run(redis, [key], [holder]);
    },
  };
}
