/**
 * A worker whose function has per-key flow control, in a process of its own, so a test can run several. Each
 * run measures, through Redis, how many runs of its key are in flight around it, and prints one JSON line.
 */
import { defineFunction } from '@fixstream/events';
import { Redis } from 'ioredis';
import { type ChildWorkerConfig, childConfig, printLine, startChildWorker } from './child-worker.ts';
import { keyedWork } from './events.fixture.ts';

/** How the test configures the process, through `FIXSTREAM_FLOW_WORKER`. */
export interface FlowWorkerConfig extends ChildWorkerConfig {
  limit: number;
  workMs: number;
}

/** One run: its key, and the most runs of that key in flight at once that it saw (itself included). */
export interface FlowRun {
  kind: 'ran';
  key: string;
  n: number;
  inFlight: number;
}

const config = childConfig<FlowWorkerConfig>('FIXSTREAM_FLOW_WORKER');
const meter = new Redis(config.redisUrl);
await startChildWorker(config, () => ({
  concurrency: 8,
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
        const run: FlowRun = {
          kind: 'ran',
          key: event.data.company,
          n: event.data.n,
          inFlight: Math.max(inFlight, after),
        };
        printLine(run);
      },
    }),
  ],
}));
