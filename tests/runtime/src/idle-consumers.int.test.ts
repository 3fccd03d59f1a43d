import { randomUUID } from 'node:crypto';
import { type RedisConnection, removeIdleConsumers } from '@fixstream/events';
import { waitFor } from '@fixstream/test-support';
import { Cluster, Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';

const group = 'send-mail';
const idleMs = 200;

let redis: RedisConnection;
let stream: string;

interface ConsumerInfo {
  name: string;
  pending: number;
  idle: number;
}

async function consumers(): Promise<ConsumerInfo[]> {
  const reply = (await redis.xinfo('CONSUMERS', stream, group)) as unknown[][];
  return reply.map((flat) => {
    const fields = new Map<unknown, unknown>();
    for (let i = 0; i + 1 < flat.length; i += 2) fields.set(flat[i], flat[i + 1]);
    return {
      name: String(fields.get('name')),
      pending: Number(fields.get('pending')),
      idle: Number(fields.get('idle')),
    };
  });
}

describe.each(['single Redis', 'Redis Cluster'])('removing idle consumers on a %s', (flavour) => {
  beforeEach(async () => {
    redis =
      flavour === 'Redis Cluster'
        ? new Cluster(inject('redisClusterNodes'))
        : new Redis(inject('services').redisUrl);
    stream = `idle:${randomUUID()}:events:{test/idle}`;
    await redis.xgroup('CREATE', stream, group, '0', 'MKSTREAM');
  });
  afterEach(() => redis.disconnect());

  it('removes a consumer idle past the window with nothing pending; keeps one holding entries and a young one', async () => {
    await redis.xadd(stream, '*', 'n', '1');
    await redis.xgroup('CREATECONSUMER', stream, group, 'gone-idle');
    await redis.xreadgroup('GROUP', group, 'gone-holding', 'COUNT', 1, 'STREAMS', stream, '>');
    await waitFor(
      async () => (await consumers()).every((consumer) => consumer.idle >= idleMs),
      'both consumers idle past the window',
    );
    await redis.xgroup('CREATECONSUMER', stream, group, 'young');

    expect(await removeIdleConsumers(redis, stream, idleMs)).toEqual([{ group, consumers: ['gone-idle'] }]);
    const left = await consumers();
    expect(left.map((consumer) => consumer.name).sort()).toEqual(['gone-holding', 'young']);
    expect(left.find((consumer) => consumer.name === 'gone-holding')?.pending).toBe(1);
    const [pending] = (await redis.xpending(stream, group)) as [number];
    expect(pending).toBe(1);
  });

  it('answers nothing for a stream that does not exist or has no consumers', async () => {
    expect(await removeIdleConsumers(redis, `${stream}:missing`, 0)).toEqual([]);
    expect(await removeIdleConsumers(redis, stream, 0)).toEqual([]);
  });
});
