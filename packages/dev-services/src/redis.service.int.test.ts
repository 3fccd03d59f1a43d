import { createServer } from 'node:net';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { isListening, redisPing } from './readiness.ts';
import { type RedisService, startRedis } from './redis.service.ts';

const started: RedisService[] = [];
const clients: Redis[] = [];
afterEach(async () => {
  clients.splice(0).forEach((client) => {
    client.disconnect();
  });
  await Promise.all(started.splice(0).map((service) => service.stop()));
});

async function start(opts: Parameters<typeof startRedis>[0] = {}): Promise<RedisService> {
  const service = await startRedis({ quiet: true, ...opts });
  started.push(service);
  return service;
}

function client(url: string): Redis {
  const redis = new Redis(url, { maxRetriesPerRequest: 1, retryStrategy: () => null, lazyConnect: true });
  clients.push(redis);
  return redis;
}

describe('startRedis', () => {
  it('starts a private server that answers, and stops it (twice is fine) freeing the port', async () => {
    const redis = await start();
    expect(redis.url).toBe(`redis://127.0.0.1:${redis.port}`);
    expect(redis.port).not.toBe(6379);
    const connection = client(redis.url);
    await connection.connect();
    await connection.set('greeting', 'hello');
    expect(await connection.get('greeting')).toBe('hello');
    expect(await connection.config('GET', 'save')).toEqual(['save', '']);
    connection.disconnect();

    await redis.stop();
    await redis.stop();
    expect(await isListening('127.0.0.1', redis.port)).toBe(false);
  });

  it('restarts on the same port, empty (no persistence), as a Redis restart does', async () => {
    const first = await start();
    const before = client(first.url);
    await before.connect();
    await before.xadd('events', '*', 'name', 'x');
    before.disconnect();
    await first.stop();

    const second = await start({ port: first.port });
    expect(second.url).toBe(first.url);
    const after = client(second.url);
    await after.connect();
    expect(await after.exists('events')).toBe(0);
  });

  it('refuses a port that is already taken instead of talking to a stranger', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const address = blocker.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    try {
      await expect(startRedis({ quiet: true, port })).rejects.toThrow(`127.0.0.1:${port} is already in use`);
    } finally {
      blocker.close();
    }
  });

  it('answers PING as soon as startRedis resolves', async () => {
    const redis = await start();
    expect(await redisPing('127.0.0.1', redis.port)).toBe(true);
  });
});
