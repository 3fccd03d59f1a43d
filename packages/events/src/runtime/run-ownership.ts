import type { RedisConnection } from '../redis/connection.ts';
import { luaScript } from '../redis/lua-script.ts';

/** Where one function's runs live in Redis: its stream, its group, and the two hashes beside the stream. */
export interface OwnershipKeys {
  stream: string;
  group: string;
  /** Event id → the entry now carrying its run, for runs that did not start on their first delivery. */
  runs: string;
  /** Event id → attempts started, for the same runs. */
  attempts: string;
}

/** An entry to acknowledge; `tombstone` when its run finished through the ledger's path. */
export interface AckRequest {
  entryId: string;
  eventId: string;
  tombstone: boolean;
}

/** What `begin` decided for one attempt. */
export type AttemptStart =
  /** This consumer no longer holds the entry (taken over, or Redis lost it): drop it, do not ack. */
  | { kind: 'lost' }
  /** Another entry of the same event is pending: that one carries the run, this duplicate is acked. */
  | { kind: 'duplicate' }
  | { kind: 'started'; attempt: number };

export interface AttemptRequest {
  eventId: string;
  entryId: string;
  /** The entry the ledger recorded when the run was first claimed. */
  firstEntryId: string;
  /** Attempts the ledger recorded as started. */
  attemptsRecorded: number;
}

const pendingTo = `
local function pendingTo(id, consumer)
  if string.sub(id, 1, 5) == 'done:' then return false end
  local found
  if consumer then
    found = redis.call('XPENDING', KEYS[1], ARGV[1], id, id, 1, consumer)
  else
    found = redis.call('XPENDING', KEYS[1], ARGV[1], id, id, 1)
  end
  return #found > 0
end
`;

/**
 * Starts attempts of runs that already have a ledger record (retries, takeovers, entries published again), all
 * in one atomic step: the entry must still be pending to this consumer (a consumer that lost it is fenced off),
 * no other entry of the same event may be pending (two entries of one run never run side by side), and the
 * attempt count is taken from the larger of Redis' and the ledger's and incremented.
 */
const beginScript = luaScript<number[]>(`${pendingTo}
local out = {}
for i = 3, #ARGV, 4 do
  local eventId, entry, first, recorded = ARGV[i], ARGV[i + 1], ARGV[i + 2], tonumber(ARGV[i + 3])
  if not pendingTo(entry, ARGV[2]) then
    out[#out + 1] = -1
  else
    local duplicate = false
    local mapped = redis.call('HGET', KEYS[2], eventId)
    for _, other in ipairs({ mapped or '', first }) do
      if other ~= '' and other ~= entry and pendingTo(other, nil) then duplicate = true end
    end
    if duplicate then
      out[#out + 1] = 0
    else
      redis.call('HSET', KEYS[2], eventId, entry)
      local started = math.max(tonumber(redis.call('HGET', KEYS[3], eventId) or '0'), recorded) + 1
      redis.call('HSET', KEYS[3], eventId, started)
      out[#out + 1] = started
    end
  end
end
return out
`);

/**
 * Marks runs starting on their only delivery as carried by their entry, so the relay sees them live and a copy
 * published meanwhile (an operator's redrive) finds them and stands down. A run already carried by another entry
 * still pending, or finished through another entry (a `done:` tombstone), is not marked: this entry takes the
 * ledger's path, which finds the result.
 */
const markScript = luaScript<number[]>(`${pendingTo}
local out = {}
for i = 3, #ARGV, 2 do
  local eventId, entry = ARGV[i], ARGV[i + 1]
  local mapped = redis.call('HGET', KEYS[2], eventId)
  if mapped and mapped ~= entry and (string.sub(mapped, 1, 5) == 'done:' or pendingTo(mapped, nil)) then
    out[#out + 1] = 0
  else
    redis.call('HSET', KEYS[2], eventId, entry)
    out[#out + 1] = 1
  end
end
return out
`);

/** Renews the entries this consumer holds (resets their idle time) and names the ones it no longer holds. */
const heartbeatScript = luaScript<string[]>(`${pendingTo}
local lost = {}
for i = 3, #ARGV do
  local id = ARGV[i]
  if pendingTo(id, ARGV[2]) then
    redis.call('XCLAIM', KEYS[1], ARGV[1], ARGV[2], 0, id, 'JUSTID')
  else
    lost[#lost + 1] = id
  end
end
return lost
`);

/**
 * Acknowledges entries this consumer still holds and forgets their run's bookkeeping, unless it belongs to
 * another entry of the same event. An entry that was taken over is left to its new holder. A run finished through
 * the ledger's path (a copy, a retry, a takeover) leaves a `done:<entry>` tombstone instead: an original entry of
 * its event still undelivered must not take it for its only delivery (see `isSoleDelivery`). The leader removes
 * tombstones once the stream is trimmed well past their entry (`sweepTombstones`).
 */
const ackScript = luaScript<number>(`${pendingTo}
local ids = {}
for i = 3, #ARGV, 3 do
  local entry, eventId, tombstone = ARGV[i], ARGV[i + 1], ARGV[i + 2]
  if pendingTo(entry, ARGV[2]) then
    ids[#ids + 1] = entry
    local mapped = redis.call('HGET', KEYS[2], eventId)
    if (not mapped) or mapped == entry then
      if tombstone == '1' then
        redis.call('HSET', KEYS[2], eventId, 'done:' .. entry)
      else
        redis.call('HDEL', KEYS[2], eventId)
      end
      redis.call('HDEL', KEYS[3], eventId)
    end
  end
end
if #ids == 0 then return 0 end
return redis.call('XACK', KEYS[1], ARGV[1], unpack(ids))
`);

/** For each (event, first entry): whether some entry of that run is pending in the group. */
const liveScript = luaScript<number[]>(`${pendingTo}
local out = {}
for i = 3, #ARGV, 2 do
  local eventId, first = ARGV[i], ARGV[i + 1]
  local mapped = redis.call('HGET', KEYS[2], eventId)
  local live = 0
  for _, entry in ipairs({ mapped or '', first }) do
    if entry ~= '' and pendingTo(entry, nil) then live = 1 end
  end
  out[#out + 1] = live
end
return out
`);

const ownershipKeys = (k: OwnershipKeys) => [k.stream, k.runs, k.attempts];

/**
 * The run's exclusive owner is whoever holds its stream entry in the consumer group's pending list: Redis hands
 * a new entry to exactly one consumer (XREADGROUP) and an idle one to exactly one taker (XAUTOCLAIM). These
 * scripts keep that true across retries, takeovers and duplicates, atomically (see docs/architecture.md).
 */
export const runOwnership = {
  async begin(
    redis: RedisConnection,
    keys: OwnershipKeys,
    consumer: string,
    requests: readonly AttemptRequest[],
  ): Promise<AttemptStart[]> {
    if (requests.length === 0) return [];
    let reply: number[];
    try {
      reply = await beginScript.run(redis, ownershipKeys(keys), [
        keys.group,
        consumer,
        ...requests.flatMap((r) => [r.eventId, r.entryId, r.firstEntryId, r.attemptsRecorded]),
      ]);
    } catch (error) {
      if (isNoGroup(error)) return requests.map(() => ({ kind: 'lost' }));
      throw error;
    }
    return reply.map((n): AttemptStart => {
      if (n < 0) return { kind: 'lost' };
      if (n === 0) return { kind: 'duplicate' };
      return { kind: 'started', attempt: n };
    });
  },

  /** For each run, whether it was marked as carried by its entry (false: another pending entry carries it). */
  async mark(
    redis: RedisConnection,
    keys: Omit<OwnershipKeys, 'attempts'>,
    runs: readonly { eventId: string; entryId: string }[],
  ): Promise<boolean[]> {
    if (runs.length === 0) return [];
    const reply = await markScript.run(
      redis,
      [keys.stream, keys.runs],
      [keys.group, '', ...runs.flatMap((r) => [r.eventId, r.entryId])],
    );
    return reply.map((n) => n === 1);
  },

  /** Entry ids of `held` that this consumer no longer holds; the rest have their idle time reset. */
  async heartbeat(
    redis: RedisConnection,
    keys: OwnershipKeys,
    consumer: string,
    held: readonly string[],
  ): Promise<string[]> {
    if (held.length === 0) return [];
    try {
      return await heartbeatScript.run(redis, [keys.stream], [keys.group, consumer, ...held]);
    } catch (error) {
      if (isNoGroup(error)) return [...held];
      throw error;
    }
  },

  async ack(
    redis: RedisConnection,
    keys: OwnershipKeys,
    consumer: string,
    entries: readonly AckRequest[],
  ): Promise<void> {
    if (entries.length === 0) return;
    try {
      await ackScript.run(redis, ownershipKeys(keys), [
        keys.group,
        consumer,
        ...entries.flatMap((e) => [e.entryId, e.eventId, e.tombstone ? '1' : '0']),
      ]);
    } catch (error) {
      if (!isNoGroup(error)) throw error;
    }
  },

  /** Which of these runs have an entry pending in the group (being run, waiting to retry, or to be taken over). */
  async live(
    redis: RedisConnection,
    keys: Omit<OwnershipKeys, 'attempts'>,
    runs: readonly { eventId: string; firstEntryId: string | null }[],
  ): Promise<boolean[]> {
    if (runs.length === 0) return [];
    try {
      const reply = await liveScript.run(
        redis,
        [keys.stream, keys.runs],
        [keys.group, '', ...runs.flatMap((r) => [r.eventId, r.firstEntryId ?? ''])],
      );
      return reply.map((n) => n === 1);
    } catch (error) {
      if (isNoGroup(error)) return runs.map(() => false);
      throw error;
    }
  },
};

function isNoGroup(error: unknown): boolean {
  return error instanceof Error && /NOGROUP|no such key/i.test(error.message);
}
