import type { RedisConnection } from '../redis/connection.ts';

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
