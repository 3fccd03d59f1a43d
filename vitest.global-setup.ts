import {
  type RedisClusterNode,
  type ServiceEndpoints,
  startLocalServices,
  startRedisCluster,
} from '@fixstream/dev-services';
import type { TestProject } from 'vitest/node';

type Provide = {
  (key: 'services', value: ServiceEndpoints): void;
  (key: 'redisClusterNodes', value: RedisClusterNode[]): void;
};

/**
 * Starts Redis, the MongoDB-wire database, the SMTP sink and a 3-master Redis Cluster once for the whole run, on
 * free ports. The cluster is always started: it takes about 2.5 s, alongside the other services.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const [services, cluster] = await Promise.allSettled([
    // Like the apps, the suite uses a MongoDB you point it at (MONGODB_URI) instead of starting one.
    // The suite's data lives as long as the run: FerretDB need not sync every commit to disk.
    startLocalServices({
      quiet: true,
      mongoUri: process.env.MONGODB_URI || undefined,
      syncEachCommit: false,
    }),
    startRedisCluster({ quiet: true }),
  ]);
  const stopAll = async () => {
    await Promise.all(
      [services, cluster].map((started) =>
        started.status === 'fulfilled' ? started.value.stop() : undefined,
      ),
    );
  };
  if (services.status === 'rejected' || cluster.status === 'rejected') {
    await stopAll();
    throw [services, cluster].flatMap((started) =>
      started.status === 'rejected' ? [started.reason] : [],
    )[0];
  }
  // vitest/node's TestProject does not see the ProvidedContext augmentation that `inject` sees.
  const provide = project.provide as Provide;
  provide('services', services.value.endpoints);
  provide('redisClusterNodes', cluster.value.nodes);
  return stopAll;
}
