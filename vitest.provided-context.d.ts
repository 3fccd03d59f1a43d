import type { RedisClusterNode, ServiceEndpoints } from '@fixstream/dev-services';

/** What the suite's global setup hands every test file through `inject(...)`. */
declare module 'vitest' {
  export interface ProvidedContext {
    services: ServiceEndpoints;
    /** Startup nodes of a 3-master Redis Cluster, for `new Cluster(nodes)`; shared by the run, so prefix keys. */
    redisClusterNodes: RedisClusterNode[];
  }
}
