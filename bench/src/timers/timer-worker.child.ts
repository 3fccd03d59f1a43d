import { connectDatabase } from '@fixstream/db';
import { createFunctionWorker, defineCronFunction, defineFunction } from '@fixstream/events';
import { createCronStore, createOutbox, createRunLedger, createStepStore } from '@fixstream/run-storage';
import { Redis } from 'ioredis';
import { childConfig, toParent } from '../proc/child-ipc.ts';
import { timerSet } from './timer-event.ts';

/** How a timers or cron worker process is set up. */
export interface TimerWorkerConfig {
  redisUrl: string;
  mongoUri: string;
  prefix: string;
  consumer: string;
  /** `sleep`: the sleeper on `bench/timer-set`; `cron`: a function on `cron`, a six-field (seconds) expression. */
  mode: 'sleep' | 'cron';
  cron?: string;
  /** Redis list each resumed sleeper or cron run appends one line to (what the bench reads). */
  resultsKey: string;
  /** Runs in flight per function in this process; the runtime's default when left out. */
  concurrency?: number;
}

const config = childConfig<TimerWorkerConfig>();
const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: null });
const recorder = new Redis(config.redisUrl, { maxRetriesPerRequest: null });
const db = await connectDatabase(config.mongoUri);
// Lag is taken right after the sleep returns, before the Redis write that records it.
const sleeper = defineFunction({
  id: 'bench-sleeper',
  event: timerSet,
  async handler({ event, step }) {
    await step.sleepUntil('wake', new Date(event.data.at));
    const lagMs = Date.now() - event.data.at;
    await recorder.rpush(config.resultsKey, `${event.data.n} ${lagMs}`);
  },
});
const everySecond = defineCronFunction({
  id: 'bench-every-second',
  cron: config.cron ?? '* * * * * *',
  async handler({ event }) {
    const startedAt = Date.now();
    const line = `${Date.parse(event.data.scheduledAt)} ${startedAt} ${config.consumer}`;
    await recorder.rpush(config.resultsKey, line);
  },
});
const worker = createFunctionWorker({
  redis,
  prefix: config.prefix,
  consumer: config.consumer,
  ...(config.concurrency !== undefined && { concurrency: config.concurrency }),
  ledger: createRunLedger(db.storage),
  outbox: { store: createOutbox(db.storage) },
  steps: createStepStore(db.storage),
  ...(config.mode === 'cron'
    ? { cron: { store: createCronStore(db.storage) }, functions: [everySecond] }
    : { functions: [sleeper] }),
});
await worker.start();
toParent({ type: 'ready' });

process.on('SIGTERM', () => {
  void (async () => {
    await worker.close();
    await db.close();
    redis.disconnect();
    recorder.disconnect();
    process.exit(0);
  })();
});
