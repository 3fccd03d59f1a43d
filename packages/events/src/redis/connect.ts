import { Cluster, Redis } from 'ioredis';
import type { RedisConnection } from './connection.ts';

/** Where the Redis is: the startup nodes of a cluster, when given, or else one server's URL. */
export interface RedisTarget {
  url?: string | undefined;
  clusterNodes?: readonly { host: string; port: number }[] | undefined;
}

/** How the connection behaves while Redis is away; the same for a single Redis and for every node of a cluster. */
export interface RedisConnectOptions {
  /** False on request paths: fail at once while disconnected instead of queueing the command. */
  enableOfflineQueue?: boolean;
  commandTimeout?: number;
  connectTimeout?: number;
  /** Null to retry a command until Redis is back (workers); ioredis' default is 20. */
  maxRetriesPerRequest?: number | null;
  /** Connect on `connect()` rather than at once, so a command-line tool can report a failure to connect. */
  lazyConnect?: boolean;
  /** False to give up once the connection is lost instead of reconnecting (command-line tools). */
  reconnect?: boolean;
}

/**
 * Opens the apps' Redis connection: a `Cluster` when cluster nodes are configured, a `Redis` otherwise. The one
 * place that decides, so the API, the worker and the ops CLI cannot disagree about where the streams are.
 *
 * With a `commandTimeout` (the API, the ops CLI), a command whose reply was lost with the connection fails by its
 * timeout instead of being sent again after the reconnect (ioredis' `autoResendUnfulfilledCommands`): the API's
 * XADD sent twice would put one event in two entries that both look like its first publication, and the runtime
 * trusts such an entry to be the only one (docs/architecture.md). Without a timeout (workers) commands are sent
 * again: ioredis drops unsent-again commands without ever settling their promises, which would hang a loop, and a
 * worker's own XADDs publish copies, marked as such.
 */
export function connectRedis(target: RedisTarget, options: RedisConnectOptions = {}): RedisConnection {
  const { enableOfflineQueue, lazyConnect, reconnect, ...rest } = options;
  const perServer = { ...rest, autoResendUnfulfilledCommands: options.commandTimeout === undefined };
  const shared = {
    ...(enableOfflineQueue === undefined ? {} : { enableOfflineQueue }),
    ...(lazyConnect === undefined ? {} : { lazyConnect }),
  };
  const giveUp = () => null;
  if (target.clusterNodes && target.clusterNodes.length > 0) {
    return new Cluster([...target.clusterNodes], {
      ...shared,
      ...(reconnect === false ? { clusterRetryStrategy: giveUp } : {}),
      redisOptions: perServer,
    });
  }
  if (!target.url) throw new Error('no Redis configured: give a URL or the nodes of a cluster');
  return new Redis(target.url, {
    ...shared,
    ...perServer,
    ...(reconnect === false ? { retryStrategy: giveUp } : {}),
  });
}
