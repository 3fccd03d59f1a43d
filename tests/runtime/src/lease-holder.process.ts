/**
 * One worker in a process of its own, so a test can kill it (SIGKILL) or pause it (SIGSTOP) for real. It prints
 * one JSON line per observation (see `observedWorker`), and `{"kind":"started"}` once it runs.
 */
import { connectDatabase } from '@fixstream/db';
import { createFunctionWorker } from '@fixstream/events';
import { createOutbox, createRunLedger } from '@fixstream/run-storage';
import { Cluster, Redis } from 'ioredis';
import {
  type LeaseWorkerConfig,
  leaseWorkerConfigVariable,
  type Observation,
  observedWorker,
} from './lease-holder.fixture.ts';

const config = JSON.parse(process.env[leaseWorkerConfigVariable] ?? 'null') as LeaseWorkerConfig;
const print = (line: Observation | { kind: 'started' }) => process.stdout.write(`${JSON.stringify(line)}\n`);

const db = await connectDatabase(config.mongoUri);
const redis = 'url' in config.redis ? new Redis(config.redis.url) : new Cluster(config.redis.clusterNodes);
const worker = createFunctionWorker({
  redis,
  prefix: config.prefix,
  ledger: createRunLedger(db.storage),
  consumer: config.consumer,
  ...config.timings,
  ...observedWorker(createOutbox(db.storage), print),
});
await worker.start();
print({ kind: 'started' });

process.once('SIGTERM', () => {
  void worker
    .close()
    .then(() => db.close())
    .finally(() => {
      redis.disconnect();
      process.exit(0);
    });
});
