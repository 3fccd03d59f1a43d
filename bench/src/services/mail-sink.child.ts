import { startSmtpSink } from '@fixstream/dev-services';
import { childConfig, fromParent, isMessage, toParent } from '../proc/child-ipc.ts';

/** One mail as the bench needs it: which one, and when the sink accepted it. */
export interface AcceptedMail {
  messageId: string | null;
  subject: string | null;
  acceptedAtMs: number;
}

/** How long the sink holds its reply to each RCPT TO and to each message body. */
export interface SinkDelays {
  recipientMs: number;
  dataMs: number;
}

childConfig<Record<string, never>>();
// The dev sink itself (mailparser included), in a process of its own so its parsing does not delay the
// bench's clocks. Mails are handed over and forgotten every few ms: listing and clearing happen in one
// synchronous step, so none is lost between them.
const sink = await startSmtpSink({ quiet: true, maxMessages: 1_000_000 });
setInterval(() => {
  const mails = sink.messages();
  if (mails.length === 0) return;
  sink.clear();
  const accepted: AcceptedMail[] = mails.map((mail) => ({
    messageId: mail.messageId,
    subject: mail.subject,
    acceptedAtMs: Date.parse(mail.receivedAt),
  }));
  toParent({ type: 'mails', mails: accepted });
}, 5);
fromParent((message) => {
  if (!isMessage('slowReplies')(message)) return;
  const delays = message.delays as SinkDelays | null;
  sink.delayRecipientReplies(delays?.recipientMs ?? null);
  sink.delayDataReplies(delays?.dataMs ?? null);
  toParent({ type: 'repliesSlowed' });
});
toParent({ type: 'ready', host: sink.host, port: sink.smtpPort });
