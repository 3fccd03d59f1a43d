import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { findExecutable } from './child-process.ts';
import { type RedisClusterNodeProcess, startRedisClusterNode } from './redis-cluster-node.ts';
import { connectRedisNode } from './redis-node-client.ts';

const takenPort = vi.hoisted(() => ({ next: 0 }));
vi.mock('./redis-cluster-ports.ts', async (importOriginal) => {
  const actual = await importOriginal<typeof import('./redis-cluster-ports.ts')>();
  return {
    ...actual,
    getClusterNodePort: async (host: string) => {
      const port = takenPort.next;
      takenPort.next = 0;
      return port || actual.getClusterNodePort(host);
    },
  };
});

const nodes: RedisClusterNodeProcess[] = [];
const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(nodes.splice(0).map((node) => node.stop()));
  for (const server of servers.splice(0)) server.close();
});

async function listenAnywhere(): Promise<number> {
  const server = createServer();
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return typeof address === 'object' && address ? address.port : 0;
}

describe('startRedisClusterNode', () => {
  it('moves to other ports when another process takes its port before it binds', async () => {
    const bin = await findExecutable('redis-server');
    if (!bin) throw new Error('redis-server is not on PATH');
    const blocked = await listenAnywhere();
    takenPort.next = blocked;

    const node = await startRedisClusterNode({ bin, quiet: true, timeoutMs: 15_000 });
    nodes.push(node);
    expect(node.port).not.toBe(blocked);
    const client = await connectRedisNode(node.host, node.port);
    try {
      expect(await client.cluster('INFO')).toContain('cluster_known_nodes:1');
    } finally {
      client.disconnect();
    }
  });
});
