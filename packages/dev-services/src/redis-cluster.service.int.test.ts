import { existsSync } from 'node:fs';
import { Cluster } from 'ioredis';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { isListening } from './readiness.ts';
import { type RedisClusterService, startRedisCluster } from './redis-cluster.service.ts';
import { CLUSTER_BUS_OFFSET } from './redis-cluster-ports.ts';

const started: RedisClusterService[] = [];
const clients: Cluster[] = [];
afterEach(async () => {
  clients.splice(0).forEach((client) => {
    client.disconnect();
  });
  await Promise.all(started.splice(0).map((service) => service.stop()));
});

async function connect(cluster: RedisClusterService): Promise<Cluster> {
  const client = new Cluster(cluster.nodes, { lazyConnect: true, clusterRetryStrategy: () => null });
  clients.push(client);
  await client.connect();
  return client;
}

const SET_BOTH_AND_READ =
  "redis.call('SET', KEYS[1], ARGV[1]); redis.call('SET', KEYS[2], ARGV[2]); return redis.call('MGET', KEYS[1], KEYS[2])";

describe('startRedisCluster', () => {
  it('starts a 3-master cluster that spreads keys, runs hash-tagged scripts and streams, and stops it', async () => {
    const cluster = await startRedisCluster({ quiet: true });
    started.push(cluster);
    expect(cluster.nodes).toHaveLength(3);
    expect(cluster.nodes.map((node) => node.port)).not.toContain(6379);
    const client = await connect(cluster);

    const masters = client.nodes('master');
    expect(masters).toHaveLength(3);
    const dirs = await Promise.all(
      masters.map(async (node) => (await node.config('GET', 'dir')) as string[]),
    );

    await Promise.all(Array.from({ length: 30 }, (_, index) => client.set(`key:${index}`, String(index))));
    expect(await client.get('key:29')).toBe('29');
    const perMaster = await Promise.all(masters.map((node) => node.dbsize()));
    expect(perMaster.every((count) => count > 0)).toBe(true);
    expect(perMaster.reduce((sum, count) => sum + count, 0)).toBe(30);

    expect(await client.eval(SET_BOTH_AND_READ, 2, '{order:1}:a', '{order:1}:b', 'x', 'y')).toEqual([
      'x',
      'y',
    ]);
    await expect(client.eval(SET_BOTH_AND_READ, 2, 'a', 'b', 'x', 'y')).rejects.toThrow(/CROSSSLOT/);

    await client.xgroup('CREATE', '{stream}:events', 'workers', '$', 'MKSTREAM');
    const id = await client.xadd('{stream}:events', '*', 'name', 'created');
    const read = await client.xreadgroup(
      'GROUP',
      'workers',
      'w1',
      'COUNT',
      10,
      'STREAMS',
      '{stream}:events',
      '>',
    );
    expect(read).toEqual([['{stream}:events', [[id, ['name', 'created']]]]]);
    expect(await client.xack('{stream}:events', 'workers', id as string)).toBe(1);

    client.disconnect();
    await cluster.stop();
    await cluster.stop();
    for (const { host, port } of cluster.nodes) {
      expect(await isListening(host, port)).toBe(false);
      expect(await isListening(host, port + CLUSTER_BUS_OFFSET)).toBe(false);
    }
    for (const [, dir] of dirs) expect(dir && existsSync(dir)).toBe(false);
  });

  it('is provided to every test file by the global setup as redisClusterNodes', async () => {
    const client = await connect({ nodes: inject('redisClusterNodes'), stop: async () => {} });
    expect(client.nodes('master')).toHaveLength(3);
    expect(await client.cluster('INFO')).toContain('cluster_state:ok');
  });

  it('rejects a master count it cannot build, before starting anything', async () => {
    await expect(startRedisCluster({ masters: 0 })).rejects.toThrow(
      'masters must be an integer from 1 to 16384',
    );
  });
});
