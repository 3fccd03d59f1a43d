import type { Redis } from 'ioredis';
import { findExecutable } from './child-process.ts';
import { waitUntilReady } from './readiness.ts';
import { formCluster } from './redis-cluster-formation.ts';
import { type RedisClusterNodeProcess, startRedisClusterNode } from './redis-cluster-node.ts';
import { assertClusterReady, CLUSTER_SLOTS } from './redis-cluster-state.ts';
import { connectRedisNode } from './redis-node-client.ts';

/** Where a cluster node listens; what ioredis's `new Cluster(nodes)` takes as startup nodes. */
export type RedisClusterNode = { host: string; port: number };

/** A Redis Cluster this process started; every node is a master. */
export type RedisClusterService = { nodes: RedisClusterNode[]; stop(): Promise<void> };

/** Options of {@link startRedisCluster}. */
export type StartRedisClusterOptions = {
  /** Number of master nodes (no replicas). Default 3, the smallest cluster Redis recommends. */
  masters?: number;
  /** Do not echo the servers' log lines. */
  quiet?: boolean;
  /** Timeout of each startup stage: the nodes answering, then the cluster serving. Default 15 s. */
  timeoutMs?: number;
};

/**
 * Starts a private Redis Cluster of master nodes on 127.0.0.1 (free ports, temp dirs, processes that die with this
 * one) and resolves once every node serves all slots. Code that must work against Redis Cluster (hash-tagged
 * keys, CROSSSLOT, MOVED redirects) can be tested against the real thing; a single Redis accepts what a cluster
 * rejects. The machine's Redis on 6379 is never touched.
 */
export async function startRedisCluster(opts: StartRedisClusterOptions = {}): Promise<RedisClusterService> {
  const masters = opts.masters ?? 3;
  if (!Number.isInteger(masters) || masters < 1 || masters > CLUSTER_SLOTS) {
    throw new Error(`masters must be an integer from 1 to ${CLUSTER_SLOTS}, got ${masters}`);
  }
  const bin = await findExecutable('redis-server');
  if (!bin) throw new Error('redis-server was not found on PATH; install it: apt-get install redis-server');
  const timeoutMs = opts.timeoutMs ?? 15_000;

  const results = await Promise.allSettled(
    Array.from({ length: masters }, () => startRedisClusterNode({ bin, quiet: opts.quiet, timeoutMs })),
  );
  const nodes = results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  let stopping: Promise<void> | null = null;
  const stop = (): Promise<void> => {
    stopping ??= Promise.all(nodes.map((node) => node.stop())).then(() => undefined);
    return stopping;
  };
  const failed = results.find((result) => result.status === 'rejected');
  if (failed) {
    await stop();
    throw failed.reason;
  }

  try {
    await joinAndWait(nodes, timeoutMs);
  } catch (error) {
    await stop();
    throw error;
  }
  return { nodes: nodes.map(({ host, port }) => ({ host, port })), stop };
}

async function joinAndWait(nodes: RedisClusterNodeProcess[], timeoutMs: number): Promise<void> {
  const clients: Redis[] = [];
  try {
    for (const node of nodes) clients.push(await connectRedisNode(node.host, node.port));
    const forming = nodes.map((node, index) => ({ ...node, client: clients[index] as Redis }));
    await formCluster(forming);
    await Promise.all(
      forming.map((node) =>
        waitUntilReady({
          child: node.child,
          what: `redis cluster node on ${node.host}:${node.port}`,
          timeoutMs,
          check: async () => {
            assertClusterReady(await node.client.cluster('INFO'), nodes.length);
            return true;
          },
        }),
      ),
    );
  } finally {
    for (const client of clients) client.disconnect();
  }
}
