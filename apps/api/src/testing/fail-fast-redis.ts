import { connectRedis } from '@fixstream/events';
import type { Redis } from 'ioredis';

/**
 * A client with the API's own connection settings (main.ts): commands fail at once while Redis is away instead
 * of queueing, which is what the Redis-outage tests exercise. Connection errors are expected there, so not logged.
 */
export function failFastRedis(url: string): Redis {
  const client = connectRedis(
    { url },
    { enableOfflineQueue: false, commandTimeout: 2_000, maxRetriesPerRequest: 1 },
  ) as Redis;
  client.on('error', () => {});
  return client;
}
