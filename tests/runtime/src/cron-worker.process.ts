/**
 * A worker with one scheduled function in a process of its own, so a test can run several and kill them for
 * real. It prints `{"kind":"started"}` once it runs, then one JSON line per run of the function.
 */
import { defineCronFunction } from '@fixstream/events';
import { createCronStore } from '@fixstream/run-storage';
import { type ChildWorkerConfig, childConfig, printLine, startChildWorker } from './child-worker.ts';

/** How the test configures the process, through `FIXSTREAM_CRON_WORKER`. */
export interface CronWorkerConfig extends ChildWorkerConfig {
  cron: string;
}

/** What the process prints for each run. */
export interface CronRun {
  kind: 'ran';
  scheduledAt: string;
  consumer: string;
}

const config = childConfig<CronWorkerConfig>('FIXSTREAM_CRON_WORKER');
await startChildWorker(config, (db) => ({
  cron: { store: createCronStore(db.storage) },
  functions: [
    defineCronFunction({
      id: 'every-tick',
      cron: config.cron,
      async handler({ event }) {
        const run: CronRun = { kind: 'ran', scheduledAt: event.data.scheduledAt, consumer: config.consumer };
        printLine(run);
      },
    }),
  ],
}));
