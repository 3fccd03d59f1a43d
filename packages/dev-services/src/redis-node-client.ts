import { Redis } from 'ioredis';

/**
 * A plain (non-cluster) connection to one Redis node that never reconnects or queues: when the node is gone,
 * commands fail at once instead of hanging a startup or shutdown.
 */
export async function connectRedisNode(host: string, port: number): Promise<Redis> {
  const client = new Redis({
    host,
    port,
    lazyConnect: true,
    retryStrategy: () => null,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
  });
  // Failures surface as rejected commands; without a listener ioredis would also print each one.
  client.on('error', () => {});
  try {
    await client.connect();
  } catch (error) {
    client.disconnect();
    throw error;
  }
  return client;
}
