import getPort from 'get-port';

/** A cluster node also listens on its client port + 10000 for the cluster bus (Redis 6 has no `cluster-port`). */
export const CLUSTER_BUS_OFFSET = 10_000;

const HIGHEST_PORT = 65_535;
const ATTEMPTS = 50;

/**
 * A free client port whose cluster-bus port is free as well. get-port only checks the one port it hands out, and a
 * node whose bus port is taken exits at startup; both ports stay locked against later get-port calls in this
 * process, so the nodes of one cluster never pick each other's bus ports.
 */
export async function getClusterNodePort(host: string): Promise<number> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const port = await getPort({ host });
    const bus = port + CLUSTER_BUS_OFFSET;
    if (bus <= HIGHEST_PORT && (await getPort({ host, port: bus })) === bus) return port;
  }
  throw new Error(
    `found no free port P on ${host} with P + ${CLUSTER_BUS_OFFSET} free in ${ATTEMPTS} attempts`,
  );
}
