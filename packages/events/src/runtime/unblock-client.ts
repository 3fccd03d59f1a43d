import type { Redis } from 'ioredis';

/**
 * Ends a blocking XREADGROUP on another connection as if it had timed out. Unlike closing the socket, this
 * cannot lose entries: Redis either delivered them before the unblock (and we process them) or not at all.
 */
export async function unblockClient(redis: Redis, connectionName: string): Promise<void> {
  const list = (await redis.client('LIST')) as string;
  for (const line of list.split('\n')) {
    const id = /(?:^|\s)id=(\d+)/.exec(line)?.[1];
    const name = /(?:^|\s)name=(\S*)/.exec(line)?.[1];
    if (id && name === connectionName) await redis.client('UNBLOCK', id);
  }
}
