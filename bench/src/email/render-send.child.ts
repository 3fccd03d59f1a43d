import { createMailer, type RequestCreatedEmailProps, requestCreatedMail } from '@fixstream/emails';
import { childConfig, fromParent, isMessage, toParent } from '../proc/child-ipc.ts';

/** The limit of the email pipeline on this machine: render and send in a loop, no queue, no database. */
export interface RenderSendConfig {
  smtp: { host: string; port: number };
  from: string;
  poolSize: number;
  concurrency: number;
  to: string;
  props: RequestCreatedEmailProps;
}

const config = childConfig<RenderSendConfig>();
const mailer = createMailer({
  host: config.smtp.host,
  port: config.smtp.port,
  from: config.from,
  pool: { maxConnections: config.poolSize },
});

/** Renders and sends `messageIds.length` mails with `concurrency` in flight, like the worker's runs. */
async function renderAndSend(tag: string, messageIds: string[]): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < messageIds.length) {
      const i = next++;
      const mail = await requestCreatedMail({ ...config.props, subject: `${tag} #${i}` });
      await mailer.send({ to: config.to, ...mail, messageId: messageIds[i] as string });
    }
  };
  await Promise.all(Array.from({ length: config.concurrency }, lane));
}

fromParent(async (message) => {
  if (!isMessage('run')(message)) return;
  await renderAndSend(message.tag as string, message.messageIds as string[]);
  toParent({ type: 'done' });
});
process.on('SIGTERM', () => {
  void mailer.close().then(() => process.exit(0));
});
toParent({ type: 'ready' });
