import { join } from 'node:path';
import getPort from 'get-port';
import type { DevEnv } from './env.ts';
import { type MongoKind, startMongo } from './mongo.service.ts';
import { mongoUriFor } from './mongo-uri.ts';
import { startRedis } from './redis.service.ts';
import { startSmtpSink } from './smtp-sink.service.ts';

/** Fixed default ports of `pnpm dev` (used when free), so bookmarks and GUI connections keep working. */
export const DEV_PORTS = { redis: 6390, mongo: 27027, smtp: 1025, mailSinkHttp: 8025 } as const;

/** The database `pnpm dev` puts into a locally started MongoDB's URI. */
export const DEV_DB_NAME = 'fixstream';

/** What `pnpm dev` is running against, for the apps' environment and the banner. */
export type DevStack = {
  /** MONGODB_URI, REDIS_URL, MAIL_HOST, MAIL_PORT for the seed and the apps. */
  appEnv: Record<string, string>;
  mongo: { uri: string; kind: MongoKind };
  redisUrl: string;
  smtp: { host: string; port: number };
  /** Null when `MAIL_HOST` points at a real mail server. */
  mailSinkUrl: string | null;
  /** The demo webhook receiver on the sink's HTTP host, for the dev seed's demo endpoint; null without a sink. */
  demoWebhook: { url: string; secret: string } | null;
  stop(): Promise<void>;
};

type Stoppable = { stop(): Promise<void> };

const HOST = '127.0.0.1';

function preferredPort(port: number): Promise<number> {
  return getPort({ host: HOST, port });
}

/**
 * Starts what the environment does not provide: Redis unless `REDIS_URL`, MongoDB/FerretDB unless `MONGODB_URI`
 * (data kept under `dataDir`), the SMTP sink unless `MAIL_HOST`. In parallel; all or nothing.
 */
export async function startDevStack(env: DevEnv, dataDir: string): Promise<DevStack> {
  const redisStart = env.redisUrl
    ? Promise.resolve({ url: env.redisUrl, stop: async () => {} })
    : preferredPort(DEV_PORTS.redis).then((port) => startRedis({ port, dir: join(dataDir, 'redis') }));
  const mongoStart = env.mongoUri
    ? startMongo({ uri: env.mongoUri }).catch((error: unknown) => {
        throw new Error(
          `${error instanceof Error ? error.message : String(error)}\n` +
            'MONGODB_URI is set (in the environment or .env), so pnpm dev uses that database instead of starting ' +
            'one; unset it (comment it out in .env) to let pnpm dev start a local one.',
          { cause: error },
        );
      })
    : preferredPort(DEV_PORTS.mongo).then((port) =>
        startMongo({ port, dir: join(dataDir, 'mongo'), ferretdbBin: env.ferretdbBin }),
      );
  const sinkStart = env.mail
    ? Promise.resolve(null)
    : Promise.all([preferredPort(DEV_PORTS.smtp), preferredPort(DEV_PORTS.mailSinkHttp)]).then(
        ([smtpPort, httpPort]) => startSmtpSink({ smtpPort, httpPort }),
      );

  const results = await Promise.allSettled([redisStart, mongoStart, sinkStart]);
  const started = results.flatMap((result) =>
    result.status === 'fulfilled' && result.value ? [result.value as Stoppable] : [],
  );
  const stop = () => Promise.all(started.map((service) => service.stop())).then(() => undefined);
  const [redis, mongo, sink] = results;
  if (redis?.status !== 'fulfilled' || mongo?.status !== 'fulfilled' || sink?.status !== 'fulfilled') {
    await stop();
    const reasons = results.flatMap((result) => (result.status === 'rejected' ? [result.reason] : []));
    throw new Error(
      reasons.map((reason) => (reason instanceof Error ? reason.message : String(reason))).join('\n'),
    );
  }

  // A URI the user gave is used as is: its database is their choice.
  const mongoUri = env.mongoUri ?? mongoUriFor(mongo.value.uri, DEV_DB_NAME);
  const smtp = sink.value
    ? { host: sink.value.host, port: sink.value.smtpPort }
    : { host: env.mail?.host ?? HOST, port: env.mail?.port ?? DEV_PORTS.smtp };
  return {
    appEnv: {
      MONGODB_URI: mongoUri,
      REDIS_URL: redis.value.url,
      MAIL_HOST: smtp.host,
      MAIL_PORT: String(smtp.port),
      // the demo webhook receiver listens on the sink's loopback host: allowlisted for this dev session only
      ...(sink.value ? { WEBHOOK_ALLOWED_DESTINATIONS: sink.value.host } : {}),
    },
    mongo: { uri: mongoUri, kind: mongo.value.kind },
    redisUrl: redis.value.url,
    smtp,
    mailSinkUrl: sink.value ? sink.value.httpUrl.replace(HOST, 'localhost') : null,
    demoWebhook: sink.value ? { url: sink.value.webhooks.url, secret: sink.value.webhooks.secret } : null,
    stop,
  };
}
