/** Number of hash slots in every Redis Cluster. */
export const CLUSTER_SLOTS = 16_384;

/** Splits the hash slots into `masters` contiguous, near-equal ranges that cover every slot once. */
export function slotRanges(masters: number): Array<[first: number, last: number]> {
  return Array.from({ length: masters }, (_, index) => [
    Math.floor((index * CLUSTER_SLOTS) / masters),
    Math.floor(((index + 1) * CLUSTER_SLOTS) / masters) - 1,
  ]);
}

/**
 * Throws, saying what is missing, unless a node's `CLUSTER INFO` reply shows a serving cluster (`cluster_state:ok`)
 * with every slot assigned and exactly the expected nodes known (during the handshake a node briefly lists a peer
 * twice), so clients connecting next get the full slot map from any node.
 */
export function assertClusterReady(clusterInfo: string, expectedNodes: number): void {
  const fields = new Map(
    clusterInfo
      .split(/\r?\n/)
      .map((line) => line.split(':') as [string, string | undefined])
      .filter((pair): pair is [string, string] => pair[1] !== undefined),
  );
  const state = fields.get('cluster_state');
  const assigned = Number(fields.get('cluster_slots_assigned'));
  const known = Number(fields.get('cluster_known_nodes'));
  if (state === 'ok' && assigned === CLUSTER_SLOTS && known === expectedNodes) return;
  throw new Error(
    `cluster_state:${state}, ${assigned} of ${CLUSTER_SLOTS} slots assigned, ${known} of ${expectedNodes} nodes known`,
  );
}
