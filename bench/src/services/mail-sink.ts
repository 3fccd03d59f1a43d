import { fileURLToPath } from 'node:url';
import { waitFor } from '@fixstream/test-support';
import { isMessage } from '../proc/child-ipc.ts';
import { type NodeChild, startNodeChild } from '../proc/node-child.ts';
import type { AcceptedMail, SinkDelays } from './mail-sink.child.ts';

/** The SMTP sink running in its own process, and what the bench learns from it. */
export interface MailSink {
  host: string;
  port: number;
  /** Calls `listener` for every mail the sink accepts from now on. */
  subscribe(listener: (mail: AcceptedMail) => void): () => void;
  /** Resolves once every one of `messageIds` has arrived (counted from the call on); the last arrival time. */
  waitForMessageIds(messageIds: readonly string[], timeoutMs: number): Promise<number>;
  /**
   * Holds the sink's replies to RCPT TO and to each body (null: reply at once), so a sender always has mails in
   * flight, some not yet with the sink and some whose body it has; resolves once the sink has applied it.
   */
  slowReplies(delays: SinkDelays | null): Promise<void>;
  stop(): Promise<void>;
}

/** Starts the dev SMTP sink (packages/dev-services) in a child process. */
export async function startMailSink(repoRoot: string): Promise<MailSink> {
  const child: NodeChild = startNodeChild({
    name: 'mail-sink',
    entry: fileURLToPath(new URL('./mail-sink.child.ts', import.meta.url)),
    args: ['{}'],
    cwd: repoRoot,
  });
  const listeners = new Set<(mail: AcceptedMail) => void>();
  child.onMessage((message) => {
    if (!isMessage('mails')(message)) return;
    for (const mail of message.mails as AcceptedMail[]) for (const listener of listeners) listener(mail);
  });
  const ready = await child.waitForMessage(isMessage('ready'), 30_000).catch(async (error: unknown) => {
    await child.stop();
    throw error;
  });
  return {
    host: ready.host as string,
    port: ready.port as number,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async waitForMessageIds(messageIds, timeoutMs) {
      const missing = new Set(messageIds);
      let last = 0;
      const listener = (mail: AcceptedMail) => {
        if (mail.messageId && missing.delete(mail.messageId)) last = Math.max(last, mail.acceptedAtMs);
      };
      listeners.add(listener);
      try {
        await waitFor(
          () => missing.size === 0,
          () => `${messageIds.length} mails at the sink (${messageIds.length - missing.size} arrived)`,
          { timeoutMs, intervalMs: 5 },
        );
      } finally {
        listeners.delete(listener);
      }
      return last;
    },
    async slowReplies(delays) {
      const applied = child.waitForMessage(isMessage('repliesSlowed'), 10_000);
      child.send({ type: 'slowReplies', delays });
      await applied;
    },
    stop: () => child.stop(),
  };
}
