import { EnvError } from '@fixstream/config';
import { connectDatabase, type Database } from '@fixstream/db';
import { connectRedis, type RedisConnection } from '@fixstream/events';
import { loadOpsEnv, type OpsEnv } from '../env.ts';
import { OpsError } from './errors.ts';
import type { CliIo } from './io.ts';

/**
 * What a command works with. Everything is opened on first use, so `--help` and usage errors need no environment
 * and no servers, and `dead list` never touches Redis.
 */
export interface OpsRuntime {
  readonly io: CliIo;
  env(): OpsEnv;
  database(): Promise<Database>;
  /** A connected Redis or Redis Cluster; an `OpsError` when it cannot be reached (commands that can do without catch it). */
  redis(): Promise<RedisConnection>;
  /** Closes what was opened; safe to call twice. */
  close(): Promise<void>;
}

/** How long the CLI waits for a server before saying it cannot reach it. */
const connectTimeoutMs = 5_000;

export function createRuntime(io: CliIo, loadEnv: () => OpsEnv = loadOpsEnv): OpsRuntime {
  let env: OpsEnv | null = null;
  let database: Promise<Database> | null = null;
  let redis: Promise<RedisConnection> | null = null;
  let closing: Promise<void> | null = null;

  const readEnv = (): OpsEnv => {
    if (env) return env;
    try {
      env = loadEnv();
      return env;
    } catch (error) {
      if (error instanceof EnvError) throw new OpsError(`invalid environment: ${error.problems.join('; ')}`);
      throw error;
    }
  };

  return {
    io,
    env: readEnv,
    database() {
      database ??= (async () => {
        const uri = readEnv().MONGODB_URI;
        try {
          return await connectDatabase(uri, { serverSelectionTimeoutMs: connectTimeoutMs, maxPoolSize: 4 });
        } catch (error) {
          throw new OpsError(`cannot reach MongoDB at ${redactUrl(uri)}: ${messageOf(error)}`);
        }
      })();
      return database;
    },
    redis() {
      redis ??= (async () => {
        const { REDIS_URL: url, REDIS_CLUSTER_NODES: clusterNodes } = readEnv();
        if (!url && !clusterNodes) {
          throw new OpsError('neither REDIS_URL nor REDIS_CLUSTER_NODES is set; this command needs Redis');
        }
        const client = connectRedis(
          { url, clusterNodes },
          {
            lazyConnect: true,
            connectTimeout: connectTimeoutMs,
            commandTimeout: 30_000,
            maxRetriesPerRequest: 1,
            enableOfflineQueue: false,
            reconnect: false,
          },
        );
        // ioredis reports the cause (ECONNREFUSED, auth) as an 'error' event and rejects connect() vaguely.
        let cause: unknown = null;
        client.on('error', (error) => {
          cause ??= error;
        });
        try {
          await client.connect();
          return client;
        } catch (error) {
          client.disconnect();
          const where = clusterNodes
            ? `the cluster at ${clusterNodes.map((node) => `${node.host}:${node.port}`).join(',')}`
            : redactUrl(url ?? '');
          throw new OpsError(`cannot reach Redis at ${where}: ${messageOf(cause ?? error)}`);
        }
      })();
      return redis;
    },
    close() {
      closing ??= (async () => {
        const [db, client] = await Promise.all([settled(database), settled(redis)]);
        if (client) {
          if (client.status === 'ready') await client.quit().catch(() => client.disconnect());
          else client.disconnect();
        }
        await db?.close().catch(() => undefined);
      })();
      return closing;
    },
  };
}

async function settled<T>(promise: Promise<T> | null): Promise<T | null> {
  if (!promise) return null;
  return promise.catch(() => null);
}

/** Hides the password of a connection URL in messages. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:@/]*):([^@/]*)@/, '//$1:***@');
}

export function messageOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] || (error instanceof Error ? error.name : 'unknown error');
}
