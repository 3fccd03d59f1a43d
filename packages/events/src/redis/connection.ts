import { Cluster, type Redis } from 'ioredis';

/**
 * A single Redis or a Redis Cluster: the runtime issues only single-key commands and scripts whose keys share a
 * hash tag (see `streamKeys`), so it runs unchanged on either.
 */
export type RedisConnection = Redis | Cluster;

export function isCluster(redis: RedisConnection): redis is Cluster {
  return redis instanceof Cluster;
}

/** The servers behind a connection: itself, or every master of a cluster. */
export function serversOf(redis: RedisConnection): Redis[] {
  return isCluster(redis) ? redis.nodes('master') : [redis];
}

/** A second connection of the same kind, named so that it can be found in CLIENT LIST (and unblocked). */
export function duplicateNamed(redis: RedisConnection, connectionName: string): RedisConnection {
  if (isCluster(redis)) {
    return redis.duplicate(undefined, {
      redisOptions: { ...redis.options.redisOptions, connectionName },
      maxRedirections: redis.options.maxRedirections,
    });
  }
  return redis.duplicate({ connectionName, maxRetriesPerRequest: null });
}
