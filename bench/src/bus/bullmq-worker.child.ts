import { Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { loadMailHandler, type MailHandlerConfig } from '../email/mail-handler.ts';
import { childConfig, toParent } from '../proc/child-ipc.ts';

/** A BullMQ worker: a no-op processor for the bus figures, or the worker's own mail handler for the email ones. */
export interface BullmqWorkerConfig {
  redisUrl: string;
  queue: string;
  prefix: string;
  concurrency: number;
  mail: MailHandlerConfig | null;
}

const config = childConfig<BullmqWorkerConfig>();
const connection = new Redis(config.redisUrl, { maxRetriesPerRequest: null });
const mail = config.mail ? await loadMailHandler(config.mail) : null;
const worker = new Worker(
  config.queue,
  mail ? async (job) => mail.handle(job.data, `${job.id}`) : async () => {},
  { connection, prefix: config.prefix, concurrency: config.concurrency },
);
await worker.waitUntilReady();
toParent({ type: 'ready' });

process.on('SIGTERM', () => {
  void (async () => {
    await worker.close();
    await mail?.close();
    connection.disconnect();
    process.exit(0);
  })();
});
