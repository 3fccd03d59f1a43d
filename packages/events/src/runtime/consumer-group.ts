import type { RedisConnection } from '../redis/connection.ts';

/**
 * Creates the consumer group if it is missing, with MKSTREAM so a worker can start before the first event.
 * New groups start at the beginning of the stream: events published before the first worker ran are owed too.
 */
export async function ensureConsumerGroup(
  redis: RedisConnection,
  stream: string,
  group: string,
): Promise<void> {
  try {
    await redis.xgroup('CREATE', stream, group, '0', 'MKSTREAM');
  } catch (error) {
    if (!(error instanceof Error) || !error.message.startsWith('BUSYGROUP')) throw error;
  }
}

/** Redis answers NOGROUP when the stream or group vanished (a restart without persistence, a FLUSHALL). */
export function isNoGroupError(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith('NOGROUP');
}
