import { type RedisConnection, serversOf } from '../redis/connection.ts';

/**
 * Ends a blocking XREADGROUP on another connection as if it had timed out. Unlike closing the socket, this
 * cannot lose entries: Redis either delivered them before the unblock (and we process them) or not at all. On a
 * cluster the blocked connection may sit on any master, so each is asked.
 */
export async function unblockClient(redis: RedisConnection, connectionName: string): Promise<void> {
  for (const server of serversOf(redis)) {
    const list = (await server.client('LIST')) as string;
    for (const line of list.split('\n')) {
      const id = /(?:^|\s)id=(\d+)/.exec(line)?.[1];
      const name = /(?:^|\s)name=(\S*)/.exec(line)?.[1];
      if (id && name === connectionName) await server.client('UNBLOCK', id);
    }
  }
}
