import { realpath } from 'node:fs/promises';
import { type ManagedChild, spawnManaged } from './child-process.ts';
import { prepareDataDir } from './data-dir.ts';
import { redisPing, waitUntilReady } from './readiness.ts';
import { getClusterNodePort } from './redis-cluster-ports.ts';
import { connectRedisNode } from './redis-node-client.ts';

/** One empty, cluster-enabled `redis-server` this process started, not yet part of a cluster. */
export type RedisClusterNodeProcess = {
  host: string;
  port: number;
  child: ManagedChild;
  stop(): Promise<void>;
};

/** Options of {@link startRedisClusterNode}. */
export type StartRedisClusterNodeOptions = {
  /** Absolute path of `redis-server`. */
  bin: string;
  quiet?: boolean;
  timeoutMs: number;
};

const HOST = '127.0.0.1';
/** Another process may take a port between the free-port check and the bind; such a start is retried. */
const PORT_RACE_ATTEMPTS = 3;

/**
 * Starts a cluster-enabled node on free ports (client and bus) with its own temp dir, which holds its
 * `nodes-<port>.conf` and append-only file and is removed on stop. Resolves once the node answers and is ours.
 */
export async function startRedisClusterNode(
  opts: StartRedisClusterNodeOptions,
): Promise<RedisClusterNodeProcess> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnFreePort(opts);
    } catch (error) {
      if (!(error instanceof PortTakenError)) throw error;
      if (attempt >= PORT_RACE_ATTEMPTS) throw error.cause;
    }
  }
}

/** Startup failed because the port was taken: worth another try on other ports. */
class PortTakenError extends Error {}

async function startOnFreePort(opts: StartRedisClusterNodeOptions): Promise<RedisClusterNodeProcess> {
  const port = await getClusterNodePort(HOST);
  const dir = await prepareDataDir(undefined, `redis-cluster-${port}`);
  const child = spawnManaged({
    name: `redis-cluster:${port}`,
    command: opts.bin,
    args: [
      '--port',
      String(port),
      '--cluster-enabled',
      'yes',
      '--cluster-config-file',
      `nodes-${port}.conf`,
      '--appendonly',
      'yes',
      '--dir',
      dir.path,
      '--bind',
      HOST,
      '--save',
      '',
      '--daemonize',
      'no',
      '--protected-mode',
      'yes',
      '--loglevel',
      'warning',
    ],
    quiet: opts.quiet,
  });

  let stopping: Promise<void> | null = null;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      await child.stop();
      await dir.cleanup();
    })();
    return stopping;
  };

  const ownDir = await realpath(dir.path);
  try {
    await waitUntilReady({
      child,
      what: `redis cluster node on ${HOST}:${port}`,
      timeoutMs: opts.timeoutMs,
      check: async () => (await redisPing(HOST, port)) && (await servesDir(port, ownDir)),
    });
  } catch (error) {
    const portTaken = !child.running() && child.recentOutput().includes('Address already in use');
    await stop();
    throw portTaken ? new PortTakenError((error as Error).message, { cause: error }) : error;
  }
  return { host: HOST, port, child, stop };
}

/**
 * Whether the server on the port works in `dir`. A server that took the port first also answers PING; our own
 * node then fails to bind and exits, which `waitUntilReady` reports.
 */
async function servesDir(port: number, dir: string): Promise<boolean> {
  const client = await connectRedisNode(HOST, port);
  try {
    const [, actual] = (await client.config('GET', 'dir')) as [string, string];
    if (actual !== dir) throw new Error(`${HOST}:${port} is served by a redis-server working in ${actual}`);
    return true;
  } finally {
    client.disconnect();
  }
}
