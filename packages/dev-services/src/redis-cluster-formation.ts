import type { Redis } from 'ioredis';
import { slotRanges } from './redis-cluster-state.ts';

/** A node to join, with a connection to it. */
export type FormingNode = { host: string; port: number; client: Redis };

/**
 * Makes empty cluster-enabled nodes one cluster of masters: each gets a contiguous slot range and its own config
 * epoch (no epoch-collision round), then every node meets every other one. `redis-cli --cluster create` meets
 * only the first node and lets gossip spread the rest, which took ~5 s for 3 nodes; with a full mesh the cluster
 * is ok as soon as Redis lets a new master serve (about 2 s after it started). Waiting for that is the caller's.
 */
export async function formCluster(nodes: readonly FormingNode[]): Promise<void> {
  const ranges = slotRanges(nodes.length);
  await Promise.all(
    nodes.map(async (node, index) => {
      const [first, last] = ranges[index] ?? [0, -1];
      // ADDSLOTS rather than ADDSLOTSRANGE, which Redis 6 (Debian 11, Ubuntu 22.04) lacks.
      const slots = Array.from({ length: last - first + 1 }, (_, offset) => first + offset);
      await node.client.cluster('ADDSLOTS', slots);
      await node.client.cluster('SET-CONFIG-EPOCH', index + 1);
    }),
  );
  await Promise.all(
    nodes.flatMap((node) =>
      nodes.filter((peer) => peer !== node).map((peer) => node.client.cluster('MEET', peer.host, peer.port)),
    ),
  );
}
