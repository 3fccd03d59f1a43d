/**
 * A worker with one scheduled function in a process of its own, so a test can run several and kill them for
 * real. It prints `{"kind":"started"}` once it runs, then one JSON line per run of the function.
 */
import { connectDatabase } from '@fixstream/db';
import { createFunctionWorker, defineCronFunction, type FunctionWorkerOptions } from '@fixstream/events';
import { createCronStore, createOutbox, createRunLedger } from '@fixstream/run-storage';
import { Redis } from 'ioredis';

/** How the test configures the process, through `FIXSTREAM_CRON_WORKER`. */
export interface CronWorkerConfig {
  redisUrl: string;
  mongoUri: string;
  prefix: string;
  consumer: string;
  cron: string;
  timings: Partial<FunctionWorkerOptions>;
}

/** What the process prints for each run. */
export interface CronRun {
  kind: 'ran';
  scheduledAt: string;
  consumer: string;
}

const config = JSON.parse(process.env.FIXSTREAM_CRON_WORKER ?? 'null') as CronWorkerConfig;
const print = (line: CronRun | { kind: 'started' }) => process.stdout.write(`${JSON.stringify(line)}\n`);

const db = await connectDatabase(config.mongoUri);
const redis = new Redis(config.redisUrl);
const worker = createFunctionWorker({
  redis,
  prefix: config.prefix,
  ledger: createRunLedger(db.storage),
  consumer: config.consumer,
  outbox: { store: createOutbox(db.storage) },
  cron: { store: createCronStore(db.storage) },
  ...config.timings,
  functions: [
    defineCronFunction({
      id: 'every-tick',
      cron: config.cron,
      async handler({ event }) {
        print({ kind: 'ran', scheduledAt: event.data.scheduledAt, consumer: config.consumer });
      },
    }),
  ],
});
await worker.start();
print({ kind: 'started' });
