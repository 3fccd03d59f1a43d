import { join } from 'node:path';
import { type MongoService, startMongo } from './mongo.service.ts';
import { startRedis } from './redis.service.ts';
import { startSmtpSink } from './smtp-sink.service.ts';

/**
 * Where the running services are: plain strings and numbers, so vitest can `provide()` them to test workers and
 * `pnpm dev` can put them into the apps' environment.
 */
export type ServiceEndpoints = {
  redisUrl: string;
  /** Base URI without a database name; use `mongoUriFor(mongoUri, name)`. */
  mongoUri: string;
  mongoKind: MongoService['kind'];
  smtp: { host: string; port: number };
  mailSinkUrl: string;
};

/** Options of {@link startLocalServices}. */
export type StartLocalServicesOptions = {
  /** Use this MongoDB instead of starting one. */
  mongoUri?: string;
  /** Use this Redis instead of starting one. */
  redisUrl?: string;
  quiet?: boolean;
  /** Keep data under this directory (`redis/`, `mongo/`); temp directories removed on stop otherwise. */
  dir?: string;
  /** Preferred ports (used when given; `pnpm dev` passes fixed defaults when they are free). */
  ports?: { redis?: number; mongo?: number; smtp?: number; mailSinkHttp?: number };
  /** A FerretDB 1.24 binary, see `ensureFerretDb`. */
  ferretdbBin?: string;
  /** See `StartMongoOptions.syncEachCommit`. */
  syncEachCommit?: boolean;
};

/** Running services and how to stop them all. */
export type LocalServices = { endpoints: ServiceEndpoints; stop(): Promise<void> };

type Stoppable = { stop(): Promise<void> };

/**
 * Starts Redis, a MongoDB-wire database and the SMTP sink in parallel: one call for vitest's global setup and
 * for `pnpm dev`. If one fails, the others are stopped again before the error is thrown.
 */
export async function startLocalServices(opts: StartLocalServicesOptions = {}): Promise<LocalServices> {
  const quiet = opts.quiet;
  const dirFor = (name: string) => (opts.dir === undefined ? undefined : join(opts.dir, name));
  const results = await Promise.allSettled([
    opts.redisUrl
      ? Promise.resolve({ url: opts.redisUrl, stop: async () => {} })
      : startRedis({ quiet, dir: dirFor('redis'), port: opts.ports?.redis }),
    startMongo({
      uri: opts.mongoUri,
      quiet,
      dir: dirFor('mongo'),
      port: opts.ports?.mongo,
      ferretdbBin: opts.ferretdbBin,
      syncEachCommit: opts.syncEachCommit,
    }),
    startSmtpSink({ quiet, smtpPort: opts.ports?.smtp, httpPort: opts.ports?.mailSinkHttp }),
  ]);
  const started = results.flatMap((result) =>
    result.status === 'fulfilled' ? [result.value as Stoppable] : [],
  );
  const stopAll = () => Promise.all(started.map((service) => service.stop())).then(() => undefined);
  const [redis, mongo, sink] = results;
  if (redis?.status !== 'fulfilled' || mongo?.status !== 'fulfilled' || sink?.status !== 'fulfilled') {
    await stopAll();
    const reasons = results.flatMap((result) => (result.status === 'rejected' ? [result.reason] : []));
    const message = reasons.map((reason) => (reason instanceof Error ? reason.message : String(reason)));
    throw new Error(`could not start local services:\n${message.join('\n')}`, { cause: reasons[0] });
  }

  let stopping: Promise<void> | null = null;
  return {
    endpoints: {
      redisUrl: redis.value.url,
      mongoUri: mongo.value.uri,
      mongoKind: mongo.value.kind,
      smtp: { host: sink.value.host, port: sink.value.smtpPort },
      mailSinkUrl: sink.value.httpUrl,
    },
    stop() {
      stopping ??= stopAll();
      return stopping;
    },
  };
}
