import { type RedisConnection, serversOf } from '../redis/connection.ts';

/** A consumer group as XINFO GROUPS reports it. `lag` is null when Redis cannot tell (after XDEL, say). */
export interface GroupInfo {
  name: string;
  consumers: number;
  pending: number;
  lastDeliveredId: string;
  lag: number | null;
}

function toRecord(flat: unknown[]): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) record[String(flat[i])] = flat[i + 1];
  return record;
}

/** The groups of a stream; empty when the stream does not exist. */
export async function streamGroups(redis: RedisConnection, stream: string): Promise<GroupInfo[]> {
  let reply: unknown[][];
  try {
    reply = (await redis.xinfo('GROUPS', stream)) as unknown[][];
  } catch (error) {
    if (error instanceof Error && /no such key/i.test(error.message)) return [];
    throw error;
  }
  return reply.map((flat) => {
    const g = toRecord(flat);
    return {
      name: String(g.name),
      consumers: Number(g.consumers ?? 0),
      pending: Number(g.pending ?? 0),
      lastDeliveredId: String(g['last-delivered-id'] ?? '0-0'),
      lag: g.lag === null || g.lag === undefined ? null : Number(g.lag),
    };
  });
}

/** Orders stream ids ("<ms>-<seq>") numerically. */
export function compareStreamIds(a: string, b: string): number {
  const [aMs = 0n, aSeq = 0n] = a.split('-').map(BigInt);
  const [bMs = 0n, bSeq = 0n] = b.split('-').map(BigInt);
  if (aMs !== bMs) return aMs < bMs ? -1 : 1;
  if (aSeq !== bSeq) return aSeq < bSeq ? -1 : 1;
  return 0;
}

/** A consumer (a worker process) of a group, as XINFO CONSUMERS reports it. */
export interface ConsumerInfo {
  name: string;
  /** Entries delivered to it and not acknowledged. */
  pending: number;
  /** Milliseconds since it last read or claimed. */
  idleMs: number;
}

/** The consumers of a group; empty when the stream or the group does not exist. */
export async function groupConsumers(
  redis: RedisConnection,
  stream: string,
  group: string,
): Promise<ConsumerInfo[]> {
  let reply: unknown[][];
  try {
    reply = (await redis.xinfo('CONSUMERS', stream, group)) as unknown[][];
  } catch (error) {
    if (error instanceof Error && /no such key|nogroup/i.test(error.message)) return [];
    throw error;
  }
  return reply.map((flat) => {
    const c = toRecord(flat);
    return { name: String(c.name), pending: Number(c.pending ?? 0), idleMs: Number(c.idle ?? 0) };
  });
}

/**
 * Stream keys under a prefix, with SCAN (never KEYS, which blocks a busy Redis), sorted. SCAN walks one server's
 * keys, so on a cluster every master is walked.
 */
export async function scanStreams(redis: RedisConnection, keyPrefix: string): Promise<string[]> {
  const found = new Set<string>();
  for (const server of serversOf(redis)) {
    let cursor = '0';
    do {
      const [next, batch] = await server.scan(
        cursor,
        'MATCH',
        `${escapeGlob(keyPrefix)}*`,
        'COUNT',
        1000,
        'TYPE',
        'stream',
      );
      for (const key of batch) found.add(key);
      cursor = next;
    } while (cursor !== '0');
  }
  return [...found].sort();
}

/** The id of the oldest entry the group has delivered and not acknowledged (`XPENDING stream group - + 1`). */
export async function oldestPendingId(
  redis: RedisConnection,
  stream: string,
  group: string,
): Promise<string | null> {
  const reply = (await redis.xpending(stream, group, '-', '+', 1)) as [string, string, number, number][];
  return reply[0]?.[0] ?? null;
}

/** Stream ids are `<milliseconds>-<sequence>`: the first part is when Redis appended the entry. */
export function streamIdTimestamp(id: string): number {
  return Number(id.split('-')[0]);
}

function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&');
}
