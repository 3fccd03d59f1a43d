import type { Database } from '@fixstream/db';
import type { Redis } from 'ioredis';

/** Commands the servers have processed so far, for counting a round's round trips from outside the worker. */
export interface ServerCounters {
  redis: number;
  /** Null when the database server does not report `opcounters` in `serverStatus`. */
  mongo: number | null;
}

/** `total_commands_processed` from `INFO stats`: every command counts, each one of a pipeline too. */
export function redisCommandsOf(info: string): number {
  const match = /^total_commands_processed:(\d+)/m.exec(info);
  if (!match) throw new Error('INFO stats has no total_commands_processed');
  return Number(match[1]);
}

/** The sum of `serverStatus().opcounters` (inserts, queries, updates, deletes, getMores, other commands). */
export function mongoOpsOf(status: unknown): number | null {
  const counters = (status as { opcounters?: Record<string, unknown> } | null)?.opcounters;
  if (!counters) return null;
  const values = Object.values(counters).map(Number);
  return values.every(Number.isFinite) && values.length > 0 ? values.reduce((a, b) => a + b, 0) : null;
}

/**
 * Reads both servers' counters. Counted on the servers, so the worker runs unchanged (the compiled app as it
 * deploys); the caller subtracts its own commands, and the servers must serve nobody else during the round.
 */
export async function serverCounters(redis: Redis, db: Database): Promise<ServerCounters> {
  const info = await redis.info('stats');
  let mongo: number | null = null;
  try {
    mongo = mongoOpsOf(await db.connection.db?.admin().command({ serverStatus: 1 }));
  } catch {
    mongo = null;
  }
  return { redis: redisCommandsOf(info), mongo };
}
