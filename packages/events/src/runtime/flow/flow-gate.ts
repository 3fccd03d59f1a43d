import type { EventEnvelope } from '../../event.ts';
import type { StreamKeys } from '../../keys.ts';
import type { RedisConnection } from '../../redis/connection.ts';
import { luaScript } from '../../redis/lua-script.ts';
import { type FunctionDefinition, valueAtPath } from '../function.ts';
import type { SlotReleases } from './slot-releases.ts';

/**
 * At most `limit` runs of the function in flight at once per value of `key` (a path in the event, such as
 * `data.companyId`; without it, for the function as a whole), across every worker process.
 */
export interface ConcurrencyLimit {
  key?: string;
  limit: number;
}

/**
 * At most `limit` runs started in any `periodMs` per value of `key` (or for the function as a whole): a sliding
 * window, so no burst at a window's edge doubles it. A run over the limit waits, and starts when the window
 * allows.
 */
export interface RateLimit {
  key?: string;
  limit: number;
  periodMs: number;
}

/**
 * Takes a slot of a per-key semaphore: a sorted set of the runs holding one, scored by when their hold expires
 * on Redis' clock (a worker that died gives its slots back then). -1: taken (or held already); 0: every slot is held.
 */
const takeSlotScript = luaScript<number>(`
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local ttl, limit, holder = tonumber(ARGV[1]), tonumber(ARGV[2]), ARGV[3]
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZSCORE', KEYS[1], holder) or redis.call('ZCARD', KEYS[1]) < limit then
  redis.call('ZADD', KEYS[1], now + ttl, holder)
  redis.call('PEXPIRE', KEYS[1], ttl)
  return -1
end
return 0
`);

/**
 * A sliding log, on Redis' clock (one clock for every worker): the key holds the start times of the runs of the
 * last period. -1: this run may start now (and is logged); otherwise how many ms until the oldest start leaves
 * the period and one may.
 */
const rateScript = luaScript<number>(`
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local period, limit, runKey = tonumber(ARGV[1]), tonumber(ARGV[2]), ARGV[3]
local member = now .. ':' .. runKey
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - period)
if redis.call('ZCARD', KEYS[1]) < limit then
  redis.call('ZADD', KEYS[1], now, member)
  redis.call('PEXPIRE', KEYS[1], period)
  return -1
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return math.max(1, tonumber(oldest[2]) + period - now)
`);

/** Gives a slot back and announces it to the runs waiting for one (`SlotReleases`) when it was held. */
const leaveScript = luaScript<number>(`
local removed = redis.call('ZREM', KEYS[1], ARGV[1])
if removed == 1 and ARGV[2] ~= '' then redis.call('PUBLISH', ARGV[2], KEYS[1]) end
return removed
`);

/**
 * What the gate says about a run: go on (and `leave` once it is done), or try again at `retryAt`, or as soon as a
 * slot of `waitOn` is released, whichever comes first.
 */
export type GateAnswer = { open: true } | { open: false; retryAt: Date; waitOn?: string };

/** How long to wait before asking again for a slot held by another run when nothing announces released slots. */
const slotPollMs = () => 100 + Math.floor(Math.random() * 200);

/** Jitter on `recheckMs`, so runs that wait for one key do not all ask again at once. */
const jittered = (ms: number) => ms + Math.floor(Math.random() * ms);

/**
 * A function's flow control: its concurrency and rate limits, kept in Redis so they hold across processes. A run
 * passes the gate before it is claimed, so waiting for a slot costs no attempt; it leaves the gate as soon as its
 * handler is done (finished, failed or asleep), while its outcome is recorded.
 */
export class FlowGate {
  constructor(
    private readonly options: {
      redis: RedisConnection;
      keys: StreamKeys;
      fn: FunctionDefinition;
      /** How long a slot is held at most: longer than any run (its timeout and grace) and its recording. */
      slotTtlMs: number;
      /** Where released slots are announced and waited for; null polls for them. */
      releases: SlotReleases | null;
      /**
       * With `releases`, how long a waiting run waits (plus up to as much jitter) before it asks again unprompted:
       * only a lost announcement or a slot that expired needs it.
       */
      recheckMs: number;
    },
  ) {}

  get active(): boolean {
    return Boolean(this.options.fn.concurrency || this.options.fn.rateLimit);
  }

  async enter(event: EventEnvelope, runKey: string, now = Date.now()): Promise<GateAnswer> {
    const { fn, redis, slotTtlMs } = this.options;
    const slot = this.slotKey(event);
    if (fn.concurrency && slot) {
      const taken = await takeSlotScript.run(redis, [slot], [slotTtlMs, fn.concurrency.limit, runKey]);
      if (taken !== -1) {
        if (!this.options.releases) return { open: false, retryAt: new Date(now + slotPollMs()) };
        return { open: false, retryAt: new Date(now + jittered(this.options.recheckMs)), waitOn: slot };
      }
    }
    if (fn.rateLimit) {
      const { limit, periodMs } = fn.rateLimit;
      const waitMs = await rateScript.run(
        redis,
        [this.keyFor('rate', fn.rateLimit.key, event)],
        [periodMs, limit, runKey],
      );
      if (waitMs !== -1) {
        if (slot) await this.giveBack(slot, runKey);
        return { open: false, retryAt: new Date(now + waitMs) };
      }
    }
    return { open: true };
  }

  async leave(event: EventEnvelope, runKey: string): Promise<void> {
    const slot = this.slotKey(event);
    if (slot) await this.giveBack(slot, runKey);
  }

  private async giveBack(slot: string, runKey: string): Promise<void> {
    await leaveScript.run(this.options.redis, [slot], [runKey, this.options.releases?.channel ?? '']);
  }

  private slotKey(event: EventEnvelope): string | null {
    const limit = this.options.fn.concurrency;
    return limit ? this.keyFor('concurrency', limit.key, event) : null;
  }

  /** The key's value in the event; a missing value gets a bucket of its own, `-`. */
  private keyFor(kind: 'concurrency' | 'rate', path: string | undefined, event: EventEnvelope): string {
    const value = path ? (valueAtPath(event, path) ?? '-') : '*';
    return this.options.keys.flow(kind, this.options.fn.id, value);
  }
}
