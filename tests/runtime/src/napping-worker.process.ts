/**
 * A worker whose function sleeps between two steps, in a process of its own, so a test can kill it mid-sleep or
 * wipe its Redis. It prints `{"kind":"started"}` once it runs, then one JSON line each time a step's body runs.
 */
import { defineFunction } from '@fixstream/events';
import { createStepStore } from '@fixstream/run-storage';
import { type ChildWorkerConfig, childConfig, printLine, startChildWorker } from './child-worker.ts';
import { pinged } from './events.fixture.ts';

/** How the test configures the process, through `FIXSTREAM_NAPPING_WORKER`. */
export interface NappingWorkerConfig extends ChildWorkerConfig {
  sleepMs: number;
}

/** A step body that ran: which step, for which event, and when. */
export interface StepRan {
  kind: 'step';
  step: 'before' | 'after';
  n: number;
  at: number;
  consumer: string;
}

const config = childConfig<NappingWorkerConfig>('FIXSTREAM_NAPPING_WORKER');
const ran = (step: StepRan['step'], n: number) => {
  const line: StepRan = { kind: 'step', step, n, at: Date.now(), consumer: config.consumer };
  printLine(line);
};
await startChildWorker(config, (db) => ({
  steps: createStepStore(db.storage),
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
}));
