import { connectDatabase, type Database } from '@fixstream/db';
import { createFunctionWorker, type FunctionWorkerOptions } from '@fixstream/events';
import { createOutbox, createRunLedger } from '@fixstream/run-storage';
import { Redis } from 'ioredis';

/** What every worker process a test starts is told: where to connect, its prefix and name, and its timings. */
export interface ChildWorkerConfig {
  redisUrl: string;
  mongoUri: string;
  prefix: string;
  consumer: string;
  timings: Partial<FunctionWorkerOptions>;
}

/** The process's configuration, a JSON document in the environment variable `name`. */
export function childConfig<C extends ChildWorkerConfig>(name: string): C {
  return JSON.parse(process.env[name] ?? 'null') as C;
}

/** One JSON line on stdout: what the test reads (`startJsonLineProcess`). */
export function printLine(line: object): void {
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

/**
 * Starts a worker on connections of its own, with the MongoDB ledger and outbox, the options `more` builds on the
 * database (stores, functions), then prints `{"kind":"started"}`.
 */
export async function startChildWorker(
  config: ChildWorkerConfig,
  more: (db: Database) => Partial<FunctionWorkerOptions> & Pick<FunctionWorkerOptions, 'functions'>,
): Promise<void> {
  const db = await connectDatabase(config.mongoUri);
  const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: null });
  redis.on('error', () => {});
  const worker = createFunctionWorker({
    redis,
    prefix: config.prefix,
    ledger: createRunLedger(db.storage),
    consumer: config.consumer,
    outbox: { store: createOutbox(db.storage) },
    ...config.timings,
    ...more(db),
  });
  await worker.start();
  printLine({ kind: 'started' });
}
