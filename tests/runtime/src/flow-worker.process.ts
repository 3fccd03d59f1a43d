/**
 * A worker whose function has per-key flow control, in a process of its own, so a test can run several. Each
 * run measures, through Redis, how many runs of its key are in flight around it, and prints one JSON line.
 */
import { connectDatabase } from '@fixstream/db';
import { createFunctionWorker, defineFunction, type FunctionWorkerOptions } from '@fixstream/events';
import { createOutbox, createRunLedger } from '@fixstream/run-storage';
import { Redis } from 'ioredis';
import { keyedWork } from './events.fixture.ts';

/** How the test configures the process, through `FIXSTREAM_FLOW_WORKER`. */
export interface FlowWorkerConfig {
  redisUrl: string;
  mongoUri: string;
  prefix: string;
  consumer: string;
  limit: number;
  workMs: number;
  timings: Partial<FunctionWorkerOptions>;
}

/** One run: its key, and the most runs of that key in flight at once that it saw (itself included). */
export interface FlowRun {
  kind: 'ran';
  key: string;
  n: number;
  inFlight: number;
}

const config = JSON.parse(process.env.FIXSTREAM_FLOW_WORKER ?? 'null') as FlowWorkerConfig;
const print = (line: FlowRun | { kind: 'started' }) => process.stdout.write(`${JSON.stringify(line)}\n`);

const db = await connectDatabase(config.mongoUri);
const redis = new Redis(config.redisUrl);
const meter = new Redis(config.redisUrl);
const worker = createFunctionWorker({
  redis,
  prefix: config.prefix,
  ledger: createRunLedger(db.storage),
  consumer: config.consumer,
  outbox: { store: createOutbox(db.storage) },
  concurrency: 8,
  ...config.timings,
  functions: [
    defineFunction({
      id: 'per-company',
      event: keyedWork,
      concurrency: { key: 'data.company', limit: config.limit },
      async handler({ event }) {
        const counter = `${config.prefix}test-in-flight:${event.data.company}`;
        const inFlight = await meter.incr(counter);
        await new Promise((resolve) => setTimeout(resolve, config.workMs));
        const after = Number(await meter.get(counter));
        await meter.decr(counter);
        print({ kind: 'ran', key: event.data.company, n: event.data.n, inFlight: Math.max(inFlight, after) });
      },
    }),
  ],
});
await worker.start();
print({ kind: 'started' });
