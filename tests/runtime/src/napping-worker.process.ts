/**
 * A worker whose function sleeps between two steps, in a process of its own, so a test can kill it mid-sleep or
 * wipe its Redis. It prints `{"kind":"started"}` once it runs, then one JSON line each time a step's body runs.
 */
import { connectDatabase } from '@fixstream/db';
import { createFunctionWorker, defineFunction, type FunctionWorkerOptions } from '@fixstream/events';
import { createOutbox, createRunLedger, createStepStore } from '@fixstream/run-storage';
import { Redis } from 'ioredis';
import { pinged } from './events.fixture.ts';

/** How the test configures the process, through `FIXSTREAM_NAPPING_WORKER`. */
export interface NappingWorkerConfig {
  redisUrl: string;
  mongoUri: string;
  prefix: string;
  consumer: string;
  sleepMs: number;
  timings: Partial<FunctionWorkerOptions>;
}

/** A step body that ran: which step, for which event, and when. */
export interface StepRan {
  kind: 'step';
  step: 'before' | 'after';
  n: number;
  at: number;
  consumer: string;
}

const config = JSON.parse(process.env.FIXSTREAM_NAPPING_WORKER ?? 'null') as NappingWorkerConfig;
const print = (line: StepRan | { kind: 'started' }) => process.stdout.write(`${JSON.stringify(line)}\n`);

const db = await connectDatabase(config.mongoUri);
const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: null });
redis.on('error', () => {});
const ran = (step: StepRan['step'], n: number) =>
  print({ kind: 'step', step, n, at: Date.now(), consumer: config.consumer });
const worker = createFunctionWorker({
  redis,
  prefix: config.prefix,
  ledger: createRunLedger(db.storage),
  steps: createStepStore(db.storage),
  consumer: config.consumer,
  outbox: { store: createOutbox(db.storage) },
  ...config.timings,
  functions: [
    defineFunction({
      id: 'napper',
      event: pinged,
      async handler({ event, step }) {
        await step.run('before', async () => ran('before', event.data.n));
        await step.sleep('nap', config.sleepMs);
        await step.run('after', async () => ran('after', event.data.n));
      },
    }),
  ],
});
await worker.start();
print({ kind: 'started' });
