import type { EventEnvelope } from '../../event.ts';
import type { StreamKeys } from '../../keys.ts';
import type { RedisConnection } from '../../redis/connection.ts';
import { luaScript } from '../../redis/lua-script.ts';
import { valueAtPath } from '../function.ts';

/**
 * Runs once events of a key stop coming for `periodMs`, with the last one; earlier runs of the key are cancelled
 * as they are replaced. `maxWaitMs` bounds the wait from the first event of a burst (a key that never goes
 * quiet still runs).
 */
export interface Debounce {
  key?: string;
  periodMs: number;
  maxWaitMs?: number;
}

/**
 * Makes this run the key's waiting run, on Redis' clock: answers the run it replaces (or '') and in how many ms
 * the waiting run is due (the period from now, or less once the burst has waited `maxWaitMs`).
 */
const replaceScript = luaScript<[string, number]>(`
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local runKey, period, maxWait = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
local current = redis.call('HGET', KEYS[1], 'current')
local first = tonumber(redis.call('HGET', KEYS[1], 'first') or now)
if not current then first = now end
redis.call('HSET', KEYS[1], 'current', runKey, 'first', first)
redis.call('PEXPIRE', KEYS[1], period + maxWait + 60000)
local due = now + period
if maxWait > 0 and first + maxWait < due then due = first + maxWait end
return { current or '', math.max(0, due - now) }
`);

/** Ends the key's burst when its waiting run starts, unless a later event has replaced it meanwhile. */
const releaseScript = luaScript<number>(`
if redis.call('HGET', KEYS[1], 'current') == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`);

/** A function's debounce state in Redis: the waiting run of each key. */
export class Debouncer {
  constructor(
    private readonly options: {
      redis: RedisConnection;
      keys: StreamKeys;
      functionId: string;
      debounce: Debounce;
    },
  ) {}

  /** Makes `runKey` the waiting run of its key; returns the run it replaces (if any) and when it is due. */
  async replace(event: EventEnvelope, runKey: string): Promise<{ replaced: string | null; dueInMs: number }> {
    const { periodMs, maxWaitMs } = this.options.debounce;
    const [replaced, dueInMs] = await replaceScript.run(
      this.options.redis,
      [this.keyOf(event)],
      [runKey, periodMs, maxWaitMs ?? 0],
    );
    return { replaced: replaced && replaced !== runKey ? replaced : null, dueInMs: Number(dueInMs) };
  }

  /** The waiting run starts: a later event opens a new burst. */
  async release(event: EventEnvelope, runKey: string): Promise<void> {
    await releaseScript.run(this.options.redis, [this.keyOf(event)], [runKey]);
  }

  private keyOf(event: EventEnvelope): string {
    const path = this.options.debounce.key;
    const value = path ? (valueAtPath(event, path) ?? '-') : '*';
    return this.options.keys.flow('debounce', this.options.functionId, value);
  }
}
