import { createHash } from 'node:crypto';
import type { RedisConnection } from './connection.ts';

/** A Lua script run atomically by Redis: the unit of every claim, takeover and lease the runtime makes. */
export interface LuaScript<R> {
  run(redis: RedisConnection, keys: readonly string[], args: readonly (string | number)[]): Promise<R>;
}

/**
 * Sends EVALSHA and falls back to EVAL once when the server does not know the script yet (a fresh or restarted
 * Redis), so the common case sends the hash, not the source. On a cluster the first key routes the call.
 */
export function luaScript<R>(source: string): LuaScript<R> {
  const sha = createHash('sha1').update(source).digest('hex');
  return {
    async run(redis, keys, args) {
      try {
        return (await redis.evalsha(sha, keys.length, ...keys, ...args)) as R;
      } catch (error) {
        if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
        return (await redis.eval(source, keys.length, ...keys, ...args)) as R;
      }
    },
  };
}
