import { type MongoKind, mongoUriFor, startMongo, startRedis } from '@fixstream/dev-services';
import { type MailSink, startMailSink } from './mail-sink.ts';

/** The services every part of the bench shares: one Redis, one MongoDB-wire database server, one SMTP sink. */
export interface BenchServices {
  redisUrl: string;
  /** Base URI; `databaseUri(name)` gives each part a database of its own. */
  mongoUri: string;
  mongoKind: MongoKind;
  sink: MailSink;
  databaseUri(name: string): string;
  stop(): Promise<void>;
}

/**
 * Starts the same services as the test suite (private Redis, FerretDB or the MongoDB in `mongoUri`) plus the
 * dev SMTP sink in a process of its own. Whatever started is stopped again if a later one fails.
 */
export async function startBenchServices(opts: {
  repoRoot: string;
  mongoUri?: string;
}): Promise<BenchServices> {
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    await Promise.allSettled(stops.map((stop) => stop()));
  };
  try {
    const [redis, mongo, sink] = await Promise.all([
      startRedis({ quiet: true }).then((service) => {
        stops.push(service.stop);
        return service;
      }),
      startMongo({ quiet: true, uri: opts.mongoUri }).then((service) => {
        stops.push(service.stop);
        return service;
      }),
      startMailSink(opts.repoRoot).then((service) => {
        stops.push(service.stop);
        return service;
      }),
    ]);
    let stopping: Promise<void> | null = null;
    return {
      redisUrl: redis.url,
      mongoUri: mongo.uri,
      mongoKind: mongo.kind,
      sink,
      databaseUri: (name) => mongoUriFor(mongo.uri, name),
      stop() {
        stopping ??= stopAll();
        return stopping;
      },
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
