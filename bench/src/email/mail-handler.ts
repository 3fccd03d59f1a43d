import { connectDatabase } from '@fixstream/db';
import { createMailer } from '@fixstream/emails';
import { createStepTools, type EventEnvelope, requestCreated, silentLogger } from '@fixstream/events';
// The worker's own function, imported from the app on purpose: BullMQ must run exactly the same handler.
import { domainOfAddress } from '../../../apps/worker/src/functions/function-deps.ts';
import { sendRequestNotification } from '../../../apps/worker/src/functions/send-request-notification.function.ts';

/** What a process needs to run the worker's mail function outside the worker. */
export interface MailHandlerConfig {
  mongoUri: string;
  smtp: { host: string; port: number };
  from: string;
  poolSize: number;
}

/** The worker's `send-request-notification` handler with its own database connection and SMTP pool. */
export async function loadMailHandler(config: MailHandlerConfig) {
  const db = await connectDatabase(config.mongoUri);
  const mailer = createMailer({
    host: config.smtp.host,
    port: config.smtp.port,
    from: config.from,
    pool: { maxConnections: config.poolSize },
  });
  const fn = sendRequestNotification({
    db,
    mailer,
    appUrl: null,
    messageIdDomain: domainOfAddress(config.from),
  });
  return {
    /** Validates the event as the runtime does, then runs the handler once. */
    async handle(raw: EventEnvelope, _jobId: string): Promise<void> {
      const event = requestCreated.envelope.parse(raw);
      await fn.handler({
        event,
        attempt: 1,
        logger: silentLogger,
        runKey: `${event.id}.${fn.id}`,
        signal: new AbortController().signal,
        outsideTimeout: (pending) => pending,
        step: createStepTools({ runKey: `${event.id}.${fn.id}`, store: null }),
        // The BullMQ side of the mail bench has no ledger to keep the Message-ID in.
        recordMessageId: () => {},
      });
    },
    async close(): Promise<void> {
      await mailer.close();
      await db.close();
    },
  };
}
