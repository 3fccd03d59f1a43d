import type { RedisConnection } from '@fixstream/events';

/** Creates a group the way the runtime does, so a test can act as a consumer before any worker starts. */
export async function ensureConsumerGroupForTest(
  redis: RedisConnection,
  stream: string,
  group: string,
): Promise<void> {
  await redis.xgroup('CREATE', stream, group, '0', 'MKSTREAM');
}
