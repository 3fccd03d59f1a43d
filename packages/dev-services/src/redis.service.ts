import getPort from 'get-port';
import { findExecutable, spawnManaged } from './child-process.ts';
import { prepareDataDir } from './data-dir.ts';
import { isListening, redisPing, waitUntilReady } from './readiness.ts';

/** A Redis server this process started; `url` is what ioredis and `REDIS_URL` take. */
export type RedisService = { url: string; port: number; stop(): Promise<void> };

/** Options of {@link startRedis}. */
export type StartRedisOptions = {
  /** Exact port to use (e.g. to restart on the same port and simulate a Redis restart); a free one otherwise. */
  port?: number;
  /** Working directory of the server; a temp directory (removed on stop) otherwise. */
  dir?: string;
  /**
   * Keep the data in an append-only file in `dir` (fsync on every write), so a server started again on the same
   * `dir` has it back: a Redis restart with its data. Default: nothing is persisted.
   */
  persist?: boolean;
  /** Do not echo the server's log lines. */
  quiet?: boolean;
  /** Overall startup timeout. Default 15 s. */
  timeoutMs?: number;
};

const HOST = '127.0.0.1';

/**
 * Starts a private `redis-server` (non-persistent unless told) on 127.0.0.1 and resolves once it answers PING. Tests and dev
 * never share the machine's Redis on 6379: a private server can be flushed, stopped and restarted at will.
 */
export async function startRedis(opts: StartRedisOptions = {}): Promise<RedisService> {
  const bin = await findExecutable('redis-server');
  if (!bin) {
    throw new Error('redis-server was not found on PATH; install it: apt-get install redis-server');
  }
  const port = opts.port ?? (await getPort({ host: HOST }));
  // Otherwise a server already on that port would answer our PING and pass for ours.
  if (await isListening(HOST, port))
    throw new Error(`cannot start redis-server: ${HOST}:${port} is already in use`);
  const dir = await prepareDataDir(opts.dir, 'redis');
  const child = spawnManaged({
    name: 'redis',
    command: bin,
    args: [
      '--port',
      String(port),
      '--bind',
      HOST,
      '--save',
      '',
      '--appendonly',
      opts.persist ? 'yes' : 'no',
      '--appendfsync',
      'always',
      '--dir',
      dir.path,
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

  try {
    await waitUntilReady({
      child,
      what: `redis-server on ${HOST}:${port}`,
      timeoutMs: opts.timeoutMs ?? 15_000,
      check: () => redisPing(HOST, port),
    });
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: `redis://${HOST}:${port}`, port, stop };
}
