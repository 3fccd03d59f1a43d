import { once } from 'node:events';
import { type AddressInfo, createServer } from 'node:net';
import { Redis } from 'ioredis';

/** A local port nothing listens on: it was just free, and is closed again. */
async function closedPort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * A Redis client whose server is down from the start: every command fails at once (no offline queue, no retry),
 * as the API's own client fails while Redis is away. For tests of what the API does without Redis.
 */
export async function unreachableRedis(): Promise<Redis> {
  const redis = new Redis({
    host: '127.0.0.1',
    port: await closedPort(),
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
  });
  redis.on('error', () => undefined);
  return redis;
}
